import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ScalableWordpressOnFargate, ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

/** Region and zones of the quest's site: every test stack is env-specific and needs no lookup. */
export const REGION = 'ap-northeast-1';
export const ZONES = ['ap-northeast-1a', 'ap-northeast-1c'];
export const ACCOUNT = '123456789012';

/** A fresh app and a stack with an explicit environment. */
export function newStack(id = 'Site', region = REGION): Stack {
  const app = new App();
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

/** A hosted zone that needs no lookup. */
export function hostedZone(stack: Stack, zoneName = 'example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName });
}

/** GIVEN a stack WHEN a site is added with these props: the site (new VPC in the test zones unless a vpc/cluster is given). */
export function site(stack: Stack, props: ScalableWordpressOnFargateProps = {}, id = 'Wordpress'): ScalableWordpressOnFargate {
  const network = props.vpc || props.cluster ? {} : { availabilityZones: ZONES };
  return new ScalableWordpressOnFargate(stack, id, { ...network, ...props });
}

/** Synthesize a site with these props and return its template. */
export function siteTemplate(props: ScalableWordpressOnFargateProps = {}): Template {
  const stack = newStack();
  site(stack, props);
  return Template.fromStack(stack);
}

/** The one resource of a type in a template: its properties. Fails when there is not exactly one. */
export function onlyResource(template: Template, type: string): { [key: string]: any } {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0].Properties ?? {};
}

/** The WordPress container definition of a template. */
export function wordpressContainer(template: Template): { [key: string]: any } {
  const containers = onlyResource(template, 'AWS::ECS::TaskDefinition').ContainerDefinitions as any[];
  const container = containers.find((c) => c.Name === 'wordpress');
  expect(container).toBeDefined();
  return container;
}

/** Value of an environment variable of the WordPress container (undefined when absent). */
export function containerEnv(template: Template, name: string): unknown {
  return (wordpressContainer(template).Environment as any[]).find((e) => e.Name === name)?.Value;
}

/** Match any object that has these properties (a shorthand for tests). */
export const like = Match.objectLike;

/** One unacknowledged cdk-nag finding: rule id and construct path. */
export interface NagFinding {
  readonly rule: string;
  readonly path: string;
}

/**
 * Run cdk-nag's AwsSolutions pack over a scope and return the findings nobody acknowledged.
 * Warnings and errors both count: zero findings is the bar.
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })));
}
