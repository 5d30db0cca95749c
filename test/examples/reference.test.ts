import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildReferenceApp, HOSTED_ZONE, SITE_ENV } from '../../examples/reference/app';
import { nagFindings } from '../fixtures';

// One synthesis of the reference app (the README's example), shared by every test.
let app: App;
let assembly: CloudAssembly;
let built: ReturnType<typeof buildReferenceApp>;
let production: Template;
let staging: Template;
beforeAll(() => {
  built = buildReferenceApp(new App());
  app = built.app;
  assembly = app.synth();
  production = Template.fromStack(built.production.siteStack);
  staging = Template.fromStack(built.staging.siteStack);
});

test('six stacks, explicit environments, no context lookup', () => {
  expect(assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort()).toEqual([
    ['Production-Edge', 'us-east-1'], ['Production-EdgeMonitoring', 'us-east-1'], ['Production-Site', SITE_ENV.region],
    ['Staging-Edge', 'us-east-1'], ['Staging-EdgeMonitoring', 'us-east-1'], ['Staging-Site', SITE_ENV.region],
  ]);
  expect(assembly.stacks.every((s) => s.environment.account === SITE_ENV.account)).toBe(true);
  expect(assembly.manifest.missing ?? []).toEqual([]);
});

test("the customer's servers: 2 vCPU / 8 GiB tasks, at least two, behind an internal load balancer", () => {
  production.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '2048', Memory: '8192' });
  production.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2 });
  production.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
});

test("the customer's traffic shapes the schedule: in Korean time, raised a quarter hour before each busier hour of the peaks", () => {
  const target = Object.values(production.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0].Properties;
  expect(target.ScheduledActions.every((a: any) => a.Timezone === 'Asia/Seoul')).toBe(true);
  const peak = (first: number) => [
    [`cron(45 23 ${first - 1} * ? *)`, 6], [`cron(45 11 ${first}-${first + 1} * ? *)`, 3], [`cron(45 12 ${first}-${first + 1} * ? *)`, 3],
    [`cron(45 13 ${first}-${first + 1} * ? *)`, 4], [`cron(45 14 ${first}-${first + 1} * ? *)`, 4], [`cron(45 15 ${first}-${first + 1} * ? *)`, 5],
    [`cron(45 16 ${first}-${first + 1} * ? *)`, 6], [`cron(45 18 ${first}-${first + 1} * ? *)`, 7],
  ];
  // Outside the peaks two tasks carry every hour: no raise; the minimum goes back to 2 at minute 5 of every hour.
  expect(target.ScheduledActions.map((a: any) => [a.Schedule, a.ScalableTargetAction.MinCapacity])).toEqual([
    ['cron(5 * * * ? *)', 2], ...peak(5), ...peak(25),
  ]);
  expect(built.production.site.capacity.monthlyPeaks.map((p) => [p.dayOfMonth, p.durationDays])).toEqual([[5, 2], [25, 2]]);
});

test('HTTPS only, China blocked by WAF, the dashboard and login page from the office only', () => {
  const distribution = Object.values(production.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
  expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  expect(distribution.Aliases).toEqual(['www.example.com']);
  const edge = Template.fromStack(built.production.edgeStack);
  const rules = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules;
  expect(JSON.stringify(rules)).toContain('"CountryCodes":["CN"]');
  edge.hasResourceProperties('AWS::WAFv2::IPSet', { Addresses: ['203.0.113.0/24'], IPAddressVersion: 'IPV4' });
  edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
    DomainName: 'www.example.com', DomainValidationOptions: [{ DomainName: 'www.example.com', HostedZoneId: HOSTED_ZONE.hostedZoneId }],
  });
});

test('releases from GitHub go to staging, wait for an approval, then blue/green onto production, each release recorded', () => {
  const stages = Object.values(production.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
  expect(stages[0].Actions[0].ActionTypeId.Provider).toBe('CodeStarSourceConnection');
  expect(stages[0].Actions[0].Configuration).toMatchObject({ FullRepositoryId: 'example-org/wordpress-site' });
  const providers = stages.map((s: any) => s.Actions.map((a: any) => a.ActionTypeId.Provider).join('+'));
  expect(providers.join(' > ')).toMatch(/CodeStarSourceConnection > CodeBuild.* > ECS\+CodeBuild > Manual > ECS\+CodeBuild/);
  production.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: 'BLUE_GREEN' }) });
  staging.resourceCountIs('AWS::CodePipeline::Pipeline', 0);
});

test('staging is small and its database pauses; production runs part of its tasks on Spot', () => {
  staging.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
  staging.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 } });
  production.hasResourceProperties('AWS::ECS::Service', {
    CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
  });
});

test('two operators get every alarm, in both regions, and the release notifications', () => {
  // The site's region: the alarm topic and the pipeline's topic, each with both operators.
  Template.fromStack(built.production.siteStack).resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 4);
  Template.fromStack(built.production.edgeMonitoringStack).resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
  Template.fromStack(built.staging.siteStack).resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
});

test('no unacknowledged cdk-nag finding in any stack', () => {
  expect(nagFindings(app)).toEqual([]);
});
