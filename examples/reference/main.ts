/**
 * Synthesize the reference app into cdk.out (offline) and print a short summary per stack:
 * resources, and what cdk-nag's AwsSolutions rules found. Then estimate production's month for the
 * two-monthly-peaks traffic profile: the bill by service for five capacity strategies (the edge on the CloudFront
 * flat-rate plan it would choose, beside pay-as-you-go), printed, and a
 * plot of demand vs capacity in cdk.out/cost-estimate.svg. `npm run example` runs this.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildReferenceApp, SITE_ENV, TRAFFIC_PROFILE } from './app';
import { synthesizeAndSummarize } from '../summary';
import { cost } from 'cdk-fargate-wordpress';

const { app, production } = buildReferenceApp(new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' }));
const assembly = synthesizeAndSummarize(app);

// The estimate reads the synthesized template: it prices what would be deployed, every default applied.
const site = assembly.getStackByName(production.siteStack.stackName);
const estimate = cost.CostEstimate.fromTemplate(site.template, {
  profile: TRAFFIC_PROFILE, // the profile the site's schedule follows
  month: cost.SimulationMonth.ofDays(31),
  region: SITE_ENV.region,
});
console.log(`\nCost estimate of ${production.siteStack.stackName}:\n${estimate.toText()}`);
// The edge is priced on the cheapest CloudFront flat-rate plan the month fits (within 0.8 of its allowances) when one
// is cheaper than pay-as-you-go. The app does not subscribe: give `edge: { pricingPlan: CloudFrontPricingPlan.PREMIUM }`
// to WordpressHosting to do so (docs/cost.md, docs/edge.md), then approve the plan (the stack output says how).
const plan = estimate.edgePricing.find((o) => o.chosen);
const configured = estimate.strategy(cost.CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
console.log(`Edge: ${plan?.name ?? 'no CloudFront'} ($${plan?.usd.toFixed(2)} a month); the whole month with strategy 4 is `
  + `${configured.totalRatioToStaticWithPayAsYouGoEdge.toFixed(3)}x static provisioning with a pay-as-you-go edge.`);
const plot = path.join(assembly.directory, 'cost-estimate.svg');
fs.writeFileSync(plot, estimate.toSvg());
console.log(`Plot of demand vs capacity written to ${plot}`);
