import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsSolutionsChecks as AwsSolutionsChecksV2 } from 'cdk-nag-v2';
import { IConstruct } from 'constructs';
import { ScalableWordpressOnFargate, ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

/** Region and zones of the reference site: every test stack is env-specific and needs no lookup. */
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

/**
 * Synthesize an app under cdk-nag 2's AwsSolutions pack (an Aspect, the major most users still run) and
 * return its unsuppressed findings, errors and warnings, as `<construct path>: <rule id>`.
 */
export function nagV2Findings(app: App): string[] {
  Aspects.of(app).add(new AwsSolutionsChecksV2({ reports: false }));
  app.synth();
  const finding = Match.stringLikeRegexp('AwsSolutions-');
  return app.node.findAll().filter((c): c is Stack => Stack.isStack(c)).flatMap((stack) => {
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError('*', finding), ...annotations.findWarning('*', finding)]
      .map((m) => `${m.id}: ${String(m.entry.data).split(': ')[0]}`);
  });
}

/** Where CloudFront's web ACLs and certificates live. */
export const EDGE_REGION = 'us-east-1';

/** The stacks of an edge test: us-east-1 pieces, and a light stand-in for the site (a VPC and a load balancer). */
export interface EdgeFixture {
  readonly app: App;
  /** A stack in us-east-1 for the web ACL and the certificate. */
  readonly edgeStack: Stack;
  /** The site's stack (ap-northeast-1 unless told), holding the load balancer. */
  readonly siteStack: Stack;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
}

/**
 * GIVEN an app with a us-east-1 stack and a site stack with an Application Load Balancer (internal
 * unless told): faster than a whole site, enough for the distribution.
 */
export function edgeFixture(options: { internetFacing?: boolean; siteRegion?: string; context?: { [key: string]: string } } = {}): EdgeFixture {
  const app = new App({ context: options.context });
  const edgeStack = new Stack(app, 'Edge', { env: { account: ACCOUNT, region: EDGE_REGION } });
  const siteRegion = options.siteRegion ?? REGION;
  const siteStack = siteRegion === EDGE_REGION ? edgeStack : new Stack(app, 'Site', { env: { account: ACCOUNT, region: siteRegion } });
  const vpc = new ec2.Vpc(siteStack, 'Vpc', {
    availabilityZones: siteRegion === REGION ? ZONES : [`${siteRegion}a`, `${siteRegion}b`],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(siteStack, 'LoadBalancer', {
    vpc,
    internetFacing: options.internetFacing ?? false,
  });
  return { app, edgeStack, siteStack, loadBalancer };
}

/**
 * Every inbound rule of the security groups of a template's one Application Load Balancer: inline rules and separate
 * `AWS::EC2::SecurityGroupIngress` resources of those groups (without their GroupId), as CloudFormation properties.
 */
export function loadBalancerIngress(template: Template): Array<{ [key: string]: any }> {
  const groups: string[] = onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').SecurityGroups
    .map((g: any) => g['Fn::GetAtt']?.[0]).filter((id: unknown) => typeof id === 'string');
  const resources = template.toJSON().Resources as { [id: string]: { Type: string; Properties?: any } };
  return Object.entries(resources).flatMap(([id, r]) => {
    if (r.Type === 'AWS::EC2::SecurityGroup' && groups.includes(id)) {
      return r.Properties?.SecurityGroupIngress ?? [];
    }
    if (r.Type === 'AWS::EC2::SecurityGroupIngress' && groups.includes(r.Properties?.GroupId?.['Fn::GetAtt']?.[0])) {
      const { GroupId: _group, ...rule } = r.Properties;
      return [rule];
    }
    return [];
  });
}
