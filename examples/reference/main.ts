/**
 * Synthesize the reference app into cdk.out (offline) and print a short summary per stack:
 * resources, and what cdk-nag's AwsSolutions rules found. Then estimate production's month for the
 * two-monthly-peaks traffic profile: the bill by service for five capacity strategies, printed, and a
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
const plot = path.join(assembly.directory, 'cost-estimate.svg');
fs.writeFileSync(plot, estimate.toSvg());
console.log(`Plot of demand vs capacity written to ${plot}`);
