import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { site } from '../fixtures';
import {
  BlueGreenEcsPipeline, BlueGreenEcsPipelineProps, CodeDeployBlueGreenDeploymentOptions, IBlueGreenService, PipelineSource,
  ScalableWordpressOnFargate, ScalableWordpressOnFargateProps, WordpressDeployment,
} from 'cdk-fargate-wordpress';

/** A CodeConnections connection to GitHub (authorized once in the console). */
export const CONNECTION_ARN = 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** The example GitHub repository with the Dockerfile. */
export function gitHub(): PipelineSource {
  return PipelineSource.github({ owner: 'example-org', repository: 'wordpress-site', connectionArn: CONNECTION_ARN });
}

/** GIVEN a site set up for native ECS blue/green. */
export function nativeSite(stack: Stack, props: ScalableWordpressOnFargateProps = {}, id = 'Wordpress'): ScalableWordpressOnFargate {
  return site(stack, { deployment: WordpressDeployment.ecsBlueGreen(), ...props }, id);
}

/** GIVEN a site set up for CodeDeploy blue/green (with these CodeDeploy options). */
export function codeDeploySite(stack: Stack, props: ScalableWordpressOnFargateProps = {}, id = 'Wordpress',
  options: CodeDeployBlueGreenDeploymentOptions = {}): ScalableWordpressOnFargate {
  return site(stack, { deployment: WordpressDeployment.codeDeployBlueGreen(options), ...props }, id);
}

/** A blue/green service of your own (the site contract implemented by hand), made of a site's parts, with `changes` applied. */
export function ownService(s: ScalableWordpressOnFargate, changes: Partial<IBlueGreenService> = {}): IBlueGreenService {
  return {
    service: s.service,
    container: s.container,
    containerPort: s.containerPort,
    deployment: s.deployment,
    targetGroup: s.targetGroup,
    alternateTargetGroup: s.alternateTargetGroup,
    testListener: s.testListener,
    testListenerRule: s.testListenerRule,
    loadBalancer: s.loadBalancer,
    listener: s.listener,
    listenerPort: s.listenerPort,
    listenerProtocol: s.listenerProtocol,
    listenerRule: s.listenerRule,
    useFront: () => undefined,
    ...changes,
  };
}

/** WHEN a pipeline releases onto the site (GitHub source unless given). */
export function pipeline(stack: Stack, s: ScalableWordpressOnFargate, props: Partial<BlueGreenEcsPipelineProps> = {}, id = 'Pipeline'): BlueGreenEcsPipeline {
  return new BlueGreenEcsPipeline(stack, id, {
    service: s,
    source: gitHub(),
    ...props,
  });
}

/** The stages of the one pipeline of a template: names and actions. */
export function stages(template: Template): Array<{ Name: string; Actions: any[] }> {
  const pipelines = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
  expect(pipelines).toHaveLength(1);
  return pipelines[0].Properties.Stages;
}

/** One action of the pipeline, by stage and action name. */
export function action(template: Template, stageName: string, actionName: string): { [key: string]: any } {
  const stage = stages(template).find((s) => s.Name === stageName);
  expect(stage).toBeDefined();
  const found = stage!.Actions.find((a) => a.Name === actionName);
  expect(found).toBeDefined();
  return found;
}

/** Every IAM policy statement of a template, with the logical id of its policy. */
export function statements(template: Template): Array<{ policy: string; statement: { [key: string]: any } }> {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, r]) =>
    (r.Properties.PolicyDocument.Statement as any[]).map((statement) => ({ policy, statement })));
}

/** The statements of the policies whose logical id starts with `prefix`. */
export function statementsOf(template: Template, prefix: string): Array<{ [key: string]: any }> {
  const found = statements(template).filter((s) => s.policy.startsWith(prefix));
  expect(found.length).toBeGreaterThan(0);
  return found.map((s) => s.statement);
}

/** The actions of a statement as a list. */
export function actionsOf(statement: { [key: string]: any }): string[] {
  return ([] as string[]).concat(statement.Action ?? []);
}

/** A CodeBuild project's environment variables by name (values as in the template). */
export function buildEnvironment(template: Template, prefix: string): { [name: string]: any } {
  return Object.fromEntries((project(template, prefix).Environment.EnvironmentVariables as any[]).map((v) => [v.Name, v.Value]));
}

/** A CodeBuild project's properties by logical id prefix. */
export function project(template: Template, prefix: string): { [key: string]: any } {
  const found = Object.entries(template.findResources('AWS::CodeBuild::Project')).find(([id]) => id.startsWith(prefix));
  expect(found).toBeDefined();
  return found![1].Properties;
}
