/**
 * Synthesize the reference app into cdk.out (offline) and print a short summary per stack:
 * resources, and what cdk-nag's AwsSolutions rules found. Then estimate the site's month for the
 * quest's reference traffic profile: the bill by service for five capacity strategies, printed, and a
 * plot of demand vs capacity in cdk.out/cost-estimate.svg. `npm run example` runs this.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildReferenceApp, SITE_ENV } from './app';
import { CostEstimate, SimulationMonth, TrafficProfiles } from 'cdk-fargate-wordpress';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
buildReferenceApp(app);
// As a customer would: cdk-nag as a policy validation plugin; synthesis fails on any finding.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const assembly = app.synth();

for (const stack of app.node.findAll().filter(Stack.isStack)) {
  const template = assembly.getStackByName(stack.stackName).template;
  const resources = Object.keys(template.Resources ?? {}).length;
  const findings = new AwsSolutionsChecks().validateScope(stack).violations.length;
  console.log(`${stack.stackName} (${stack.region}): ${resources} resources, cdk-nag AwsSolutions: `
    + `${findings === 0 ? 'no unacknowledged findings' : `${findings} rule(s) with findings`}`);
}
console.log(`Templates written to ${assembly.directory}`);

// The estimate reads the synthesized template: it prices what would be deployed, every default applied.
const site = assembly.getStackByName('WordpressSite');
const estimate = CostEstimate.fromTemplate(site.template, {
  profile: TrafficProfiles.questReference(),
  month: SimulationMonth.ofDays(31),
  region: SITE_ENV.region,
});
console.log(`\n${estimate.toText()}`);
const plot = path.join(assembly.directory, 'cost-estimate.svg');
fs.writeFileSync(plot, estimate.toSvg());
console.log(`Plot of demand vs capacity written to ${plot}`);
