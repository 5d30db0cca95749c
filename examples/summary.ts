/**
 * What every example's `main.ts` does after building its app: synthesize it (offline), with cdk-nag's
 * AwsSolutions rules as a policy validation plugin as a customer would add them (synthesis fails on any
 * unacknowledged finding), and print one line per stack: region, resources, cdk-nag's result.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Synthesize the app and print the summary; returns the cloud assembly. */
export function synthesizeAndSummarize(app: App): CloudAssembly {
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
  return assembly;
}
