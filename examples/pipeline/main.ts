/**
 * Synthesize the pipeline example into cdk.out.pipeline (offline) and print a short summary per stack:
 * resources, and what cdk-nag's AwsSolutions rules found. `npm run example:pipeline` runs this.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildPipelineApp } from './app';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.pipeline' });
buildPipelineApp(app);
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
