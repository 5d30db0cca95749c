import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { containerEnv, loadBalancerIngress, nagFindings, onlyResource } from './fixtures';
import {
  PipelineSource, WordpressDatabase, WordpressDeployment, WordpressHosting, WordpressHostingProps, WordpressSiteOptions,
} from 'cdk-fargate-wordpress';

const ENV = { account: '123456789012', region: 'ap-northeast-1' };
const ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };
const ZONES = ['ap-northeast-1a', 'ap-northeast-1c'];
const GITHUB = PipelineSource.github({
  owner: 'example-org', repository: 'site', connectionArn: 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/abc',
});

function hosting(scope: Construct, id: string, props: Partial<WordpressHostingProps> = {}): WordpressHosting {
  return new WordpressHosting(scope, id, {
    env: ENV, domainName: `${id.toLowerCase()}.example.com`, hostedZone: ZONE, availabilityZones: ZONES, ...props,
  });
}

/** The value a `Fn::GetStackOutput` reads, checked to come from the given stack and region. */
function readOutput(value: any, from: Stack): any {
  expect(value).toEqual({ 'Fn::GetStackOutput': { StackName: from.stackName, Region: from.region, OutputName: expect.any(String) } });
  return Template.fromStack(from).toJSON().Outputs[value['Fn::GetStackOutput'].OutputName].Value;
}

describe('the default drop-in', () => {
  let app: App;
  let blog: WordpressHosting;
  let assembly: CloudAssembly;
  let edge: Template;
  let site: Template;
  let monitoring: Template;
  beforeAll(() => {
    app = new App();
    blog = hosting(app, 'Blog', { alarmEmails: ['ops@example.com'] });
    assembly = app.synth();
    edge = Template.fromStack(blog.edgeStack);
    site = Template.fromStack(blog.siteStack);
    monitoring = Template.fromStack(blog.edgeMonitoringStack);
  });

  test('three stacks: the web ACL and certificate and the edge alarms in us-east-1, the site in its region, same account', () => {
    expect([blog.edgeStack, blog.siteStack, blog.edgeMonitoringStack].map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['Blog-Edge', ENV.account, 'us-east-1'],
      ['Blog-Site', ENV.account, ENV.region],
      ['Blog-EdgeMonitoring', ENV.account, 'us-east-1'],
    ]);
    expect(blog.url).toBe('https://blog.example.com');
  });

  test('the edge stack: a CLOUDFRONT web ACL and a DNS-validated certificate for the domain', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'blog.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'blog.example.com', HostedZoneId: ZONE.hostedZoneId }],
    });
  });

  test('the site: an internal load balancer behind CloudFront through a VPC origin, pinned to the domain', () => {
    site.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    site.resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
    expect(containerEnv(site, 'WORDPRESS_PUBLIC_URL')).toBe('https://blog.example.com');
    const distribution = Object.values(site.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(distribution.Aliases).toEqual(['blog.example.com']);
    expect(readOutput(distribution.WebACLId, blog.edgeStack)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebAcl/), 'Arn'] });
    expect(readOutput(distribution.ViewerCertificate.AcmCertificateArn, blog.edgeStack)).toEqual({ Ref: expect.stringMatching(/^Certificate/) });
    site.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'blog.example.com.', Type: 'A', HostedZoneId: ZONE.hostedZoneId });
    site.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'blog.example.com.', Type: 'AAAA', HostedZoneId: ZONE.hostedZoneId });
  });

  test('the load balancer admits CloudFront\'s origin-facing prefix list on its listener port, in one rule, and nothing else', () => {
    // A VPC origin's traffic comes from CloudFront's origin-facing addresses, not from the VPC's CIDR block.
    expect(loadBalancerIngress(site)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-xxxxxxxx', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' })]);
    expect(loadBalancerIngress(site).filter((rule) => 'CidrIp' in rule || 'CidrIpv6' in rule)).toEqual([]);
  });

  test('WordPress takes the viewer\'s address from CloudFront-Viewer-Address, the load balancer removing X-Forwarded-For', () => {
    expect(containerEnv(site, 'WORDPRESS_CLIENT_IP_HEADER')).toBe('CloudFront-Viewer-Address');
    expect(onlyResource(site, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes)
      .toEqual(expect.arrayContaining([{ Key: 'routing.http.xff_header_processing.mode', Value: 'remove' }]));
  });

  test('rolling deployments and no pipeline without a pipeline', () => {
    site.resourceCountIs('AWS::CodePipeline::Pipeline', 0);
    site.hasResourceProperties('AWS::ECS::Service', { DeploymentController: { Type: 'ECS' } });
    expect(blog.site.alternateTargetGroup).toBeUndefined();
    expect(blog.pipeline).toBeUndefined();
  });

  test('operations: alarms to the operators, a dashboard with CloudFront and WAF read from us-east-1', () => {
    site.resourceCountIs('AWS::CloudWatch::Alarm', 8); // six of the site, two of its scheduled WP-Cron
    site.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    site.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', { DistributionId: { Ref: Match.stringLikeRegexp('Distribution') } });
    const body = JSON.stringify(Object.values(site.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const title of ['CloudFront requests', 'CloudFront cache hit rate (%)', 'WAF allowed vs blocked', 'WAF blocked by rule']) {
      expect(body).toContain(title);
    }
    expect(body).toContain('\\"region\\":\\"us-east-1\\"');
    expect(blog.operations.http5xxRateAlarm.node.id).toBe('Http5xxRate');
  });

  test('the edge alarms live in us-east-1 and read the distribution of the site stack without custom resources', () => {
    const alarms = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(['5xxErrorRate', 'BlockedRequests']);
    const distributionId = alarms.find((a) => a.MetricName === '5xxErrorRate').Dimensions.find((d: any) => d.Name === 'DistributionId').Value;
    expect(readOutput(distributionId, blog.siteStack)).toEqual({ Ref: expect.stringMatching(/Distribution/) });
    monitoring.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const webAclName = alarms.find((a) => a.MetricName === 'BlockedRequests').Dimensions.find((d: any) => d.Name === 'WebACL').Value;
    expect(webAclName).toBe(blog.webAcl.webAclName);
  });

  test('one context lookup, the ID of CloudFront\'s origin-facing prefix list; no custom resource, no Lambda function in any stack', () => {
    expect((assembly.manifest.missing ?? []).map((m) => [m.provider, (m.props as any).region, (m.props as any).propertyMatch])).toEqual([
      ['cc-api-provider', ENV.region, { PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing' }],
    ]);
    for (const stack of [edge, site, monitoring]) {
      const types = Object.values(stack.toJSON().Resources).map((r: any) => r.Type);
      expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function' || t === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    }
  });

  test('no unacknowledged cdk-nag finding in any stack', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('staging and production with a pipeline (every option on)', () => {
  let app: App;
  let staging: WordpressHosting;
  let production: WordpressHosting;
  let prod: Template;
  let stage: Template;
  beforeAll(() => {
    app = new App();
    staging = hosting(app, 'Staging', { site: { minCapacity: 1, maxCapacity: 2 } });
    production = hosting(app, 'Production', {
      alarmEmails: ['ops@example.com'],
      site: {
        monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
        scheduleTimeZone: 'Asia/Seoul',
        peakMinCapacity: 6,
        fargateSpot: {},
        database: WordpressDatabase.auroraServerlessV2({ readers: 1 }),
      },
      webAcl: { blockedCountries: ['CN'], adminAllowList: ['203.0.113.0/24', '2001:db8::/32'] },
      edge: { mediaOffload: true },
      pipeline: { source: GITHUB, manualApproval: true },
      promoteFrom: staging,
      operations: { dashboardName: 'wordpress-production' },
      edgeAlarmThresholds: { wafBlockedRequestsPer5Minutes: 5000 },
    });
    prod = Template.fromStack(production.siteStack);
    stage = Template.fromStack(staging.siteStack);
  });

  test('both load balancers admit only CloudFront\'s origin-facing prefix list, on port 80', () => {
    for (const template of [prod, stage]) {
      expect(loadBalancerIngress(template)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-xxxxxxxx', FromPort: 80, ToPort: 80 })]);
    }
  });

  test('production deploys blue/green through a pipeline that releases to staging first, after an approval', () => {
    prod.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: 'BLUE_GREEN' }) });
    const stages = Object.values(prod.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
    const actions = stages.flatMap((s: any) => s.Actions.map((a: any) => `${s.Name}:${a.ActionTypeId.Provider}`));
    expect(actions).toEqual(expect.arrayContaining(['Staging:ECS', 'Approval:Manual']));
    expect(actions.indexOf('Staging:ECS')).toBeLessThan(actions.indexOf('Approval:Manual'));
    const stagingDeploy = stages.flatMap((s: any) => s.Actions).find((a: any) => a.ActionTypeId.Provider === 'ECS' && a.Name.includes('Staging'));
    expect(JSON.stringify(stagingDeploy.Configuration)).toContain('Fn::ImportValue');
    expect(production.pipeline).toBeDefined();
  });

  test('the two share nothing stateful: production imports only staging\'s cluster, service and roles', () => {
    const imports: string[] = [];
    JSON.stringify(prod.toJSON(), (key, value) => {
      if (key === 'Fn::ImportValue') {
        imports.push(value);
      }
      return value;
    });
    expect(imports.length).toBeGreaterThan(0);
    for (const name of imports) {
      expect(name).toMatch(/^Staging-Site:ExportsOutput(Ref|FnGetAtt)Wordpress(Cluster|Service|TaskDefinition(TaskRole|ExecutionRole))/);
    }
    for (const type of ['AWS::EFS::FileSystem', 'AWS::RDS::DBCluster', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret', 'AWS::Backup::BackupVault']) {
      expect(Object.keys(prod.findResources(type)).length).toBeGreaterThan(0);
      expect(Object.keys(stage.findResources(type)).length).toBeGreaterThan(0);
    }
    const stagingExports = Object.values(stage.toJSON().Outputs ?? {}).map((o: any) => JSON.stringify(o.Value));
    for (const exported of stagingExports) {
      expect(exported).not.toMatch(/FileSystem|Database|Bucket|Secret|BackupVault|AccessPoint/);
    }
  });

  test('staging\'s tasks may pull the release image from production\'s repository; the app synthesizes without a dependency cycle', () => {
    // The release repository's policy names staging's task execution role (imported, as production already does for the deploy role)...
    const repository = Object.values(prod.findResources('AWS::ECR::Repository'));
    expect(repository).toHaveLength(1);
    const executionRoleExport = `${staging.siteStack.stackName}:ExportsOutputFnGetAttWordpressTaskDefinitionExecutionRole`;
    expect(repository[0].Properties.RepositoryPolicyText.Statement).toEqual([expect.objectContaining({
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${executionRoleExport}[0-9A-F]{8}Arn`)) } },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    })]);
    // ...and the role has the registry token, which names no resource: staging's stack refers to nothing of production's.
    const executionPolicy = Object.entries(stage.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('WordpressTaskDefinitionExecutionRole'));
    expect(executionPolicy![1].Properties.PolicyDocument.Statement).toContainEqual({ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' });
    expect(JSON.stringify(stage.toJSON())).not.toContain('Fn::ImportValue');
    expect(staging.siteStack.dependencies).not.toContain(production.siteStack);
    expect(() => app.synth()).not.toThrow();
  });

  test('every sub-construct\'s props reach it: peaks, web ACL, media offload, dashboard name, edge thresholds', () => {
    const target = Object.values(prod.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0].Properties;
    expect(target.ScheduledActions.map((a: any) => a.Schedule)).toEqual(['cron(0 23 4 * ? *)', 'cron(0 0 7 * ? *)', 'cron(0 23 24 * ? *)', 'cron(0 0 27 * ? *)']);
    Template.fromStack(production.edgeStack).resourceCountIs('AWS::WAFv2::IPSet', 2);
    expect(production.edge.mediaBucket).toBeDefined();
    prod.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'wordpress-production' });
    Template.fromStack(production.edgeMonitoringStack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BlockedRequests', Threshold: 5000 });
    prod.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
  });

  test('the pipeline\'s failures notify the operators and show on the dashboard', () => {
    prod.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'] }),
    });
    expect([production.operations.deploymentFailedRule, production.operations.tasksCannotStartRule, production.operations.pipelineFailedRule,
      production.operations.backupFailedRule].map((r) => r?.node.id)).toEqual(['DeploymentFailed', 'TasksCannotStart', 'PipelineFailed', 'BackupFailed']);
  });

  test('the operators also get the release notifications (approval needed, deployments)', () => {
    const topic = production.pipeline!.notificationTopic;
    prod.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: Match.stringLikeRegexp(`^${production.siteStack.getLogicalId(topic.node.defaultChild as any)}$`) },
    });
  });

  test('no unacknowledged cdk-nag finding in any stack', () => {
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('choices', () => {
  test('CodeDeploy: the site gets the CODE_DEPLOY controller and the pipeline the site\'s listeners', () => {
    const app = new App();
    const shop = hosting(app, 'Shop', { site: { deployment: WordpressDeployment.codeDeployBlueGreen() }, pipeline: { source: GITHUB } });
    const template = Template.fromStack(shop.siteStack);
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentController: { Type: 'CODE_DEPLOY' } });
    const group = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'))[0].Properties;
    const listeners = group.LoadBalancerInfo.TargetGroupPairInfoList[0];
    expect(listeners.ProdTrafficRoute.ListenerArns).toEqual([{ Ref: expect.stringMatching(/HttpListener/) }]);
    expect(listeners.TestTrafficRoute.ListenerArns).toEqual([{ Ref: expect.stringMatching(/TestListener/) }]);
    expect(nagFindings(shop.siteStack)).toEqual([]);
  });

  test('an existing VPC by its attributes: no new VPC, the load balancer in its private subnets', () => {
    const app = new App();
    const shop = hosting(app, 'Shop', {
      availabilityZones: undefined,
      vpcAttributes: {
        vpcId: 'vpc-0123',
        vpcCidrBlock: '10.20.0.0/16',
        availabilityZones: ZONES,
        publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
        privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
        isolatedSubnetIds: ['subnet-iso1', 'subnet-iso2'],
      },
    });
    const template = Template.fromStack(shop.siteStack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-priv1', 'subnet-priv2'] });
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: ['subnet-iso1', 'subnet-iso2'] });
    expect(containerEnv(template, 'WORDPRESS_TRUSTED_PROXY_CIDRS')).toBe('10.20.0.0/16');
  });

  test('a given cloudFrontPrefixListId is what the load balancer admits, and nothing is looked up', () => {
    const app = new App();
    const shop = hosting(app, 'Shop', { cloudFrontPrefixListId: 'pl-58a04531' });
    expect(loadBalancerIngress(Template.fromStack(shop.siteStack))).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-58a04531', FromPort: 80, ToPort: 80 })]);
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  test('site.clientIpHeader replaces the default header', () => {
    const shop = hosting(new App(), 'Shop', { site: { clientIpHeader: 'True-Client-IP' } });
    expect(containerEnv(Template.fromStack(shop.siteStack), 'WORDPRESS_CLIENT_IP_HEADER')).toBe('True-Client-IP');
  });

  test('zones given as site.availabilityZones are pinned too: no lookup', () => {
    const app = new App();
    const shop = hosting(app, 'Shop', { availabilityZones: undefined, site: { availabilityZones: ZONES }, cloudFrontPrefixListId: 'pl-58a04531' });
    expect(app.synth().manifest.missing ?? []).toEqual([]);
    expect(shop.site.vpc.availabilityZones).toEqual(ZONES);
  });

  test('CloudFront\'s additional metrics can be declined through operations', () => {
    const shop = hosting(new App(), 'Shop', { operations: { cloudFrontAdditionalMetrics: false } });
    Template.fromStack(shop.siteStack).resourceCountIs('AWS::CloudFront::MonitoringSubscription', 0);
  });

  test('stack names from a prefix', () => {
    const shop = hosting(new App(), 'Shop', { stackNamePrefix: 'acme-shop-prod' });
    expect(shop.siteStack.stackName).toBe('acme-shop-prod-Site');
    expect(shop.edgeStack.stackName).toBe('acme-shop-prod-Edge');
  });
});

describe('inside stages (e.g. the staging and production stages of a CDK pipeline)', () => {
  let app: App;
  let staging: WordpressHosting;
  let prod: WordpressHosting;
  beforeAll(() => {
    // GIVEN two stages of one app, in one account and region, each with the same construct id
    app = new App();
    [staging, prod] = ['Staging', 'Prod'].map((name) => hosting(new Stage(app, name), 'Site', { domainName: `${name.toLowerCase()}.example.com` }));
  });

  test('the stack names carry the stage\'s name: the two stages deploy side by side', () => {
    const names = (h: WordpressHosting) => [h.edgeStack, h.siteStack, h.edgeMonitoringStack].map((st) => st.stackName);
    expect(names(staging)).toEqual(['Staging-Site-Edge', 'Staging-Site-Site', 'Staging-Site-EdgeMonitoring']);
    expect(names(prod)).toEqual(['Prod-Site-Edge', 'Prod-Site-Site', 'Prod-Site-EdgeMonitoring']);
  });

  test('the cross-region reads (Fn::GetStackOutput) name the stacks of their own stage', () => {
    const site = Template.fromStack(prod.siteStack);
    const distribution = Object.values(site.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(distribution.WebACLId['Fn::GetStackOutput'].StackName).toBe('Prod-Site-Edge');
    expect(readOutput(distribution.WebACLId, prod.edgeStack)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WebAcl/), 'Arn'] });
    expect(readOutput(distribution.ViewerCertificate.AcmCertificateArn, prod.edgeStack)).toEqual({ Ref: expect.stringMatching(/^Certificate/) });
    const alarm = Object.values(Template.fromStack(prod.edgeMonitoringStack).findResources('AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties).find((a) => a.MetricName === '5xxErrorRate');
    const distributionId = alarm.Dimensions.find((d: any) => d.Name === 'DistributionId').Value;
    expect(distributionId['Fn::GetStackOutput'].StackName).toBe('Prod-Site-Site');
    expect(readOutput(distributionId, prod.siteStack)).toEqual({ Ref: expect.stringMatching(/Distribution/) });
  });

  test('the app synthesizes, and no named resource (web ACL, log group, notification rule) is named twice in a region', () => {
    const assembly = app.synth();
    const stacks = assembly.nestedAssemblies.flatMap((a) => a.nestedAssembly.stacks);
    expect(stacks).toHaveLength(6);
    const seen: string[] = [];
    for (const stack of stacks) {
      for (const resource of Object.values<any>(stack.template.Resources)) {
        const name = resource.Properties?.Name ?? resource.Properties?.LogGroupName;
        if (typeof name === 'string' && resource.Type !== 'AWS::Route53::RecordSet') {
          seen.push(`${stack.environment.region} ${resource.Type} ${name}`);
        }
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((n, i) => seen.indexOf(n) !== i)).toEqual([]);
  });

  test('an explicit prefix is used as given, in a stage too', () => {
    const shop = hosting(new Stage(new App(), 'Prod'), 'Shop', { stackNamePrefix: 'acme-shop-prod' });
    expect(shop.siteStack.stackName).toBe('acme-shop-prod-Site');
  });

  test('a stage name with characters a stack name cannot hold: they become hyphens', () => {
    const shop = hosting(new Stage(new App(), 'eu_prod.v2'), 'Shop');
    expect(shop.siteStack.stackName).toBe('eu-prod-v2-Shop-Site');
  });
});

test('the site props the drop-in decides are not in the type of its site prop (checked at compile time: npm test type-checks this file)', () => {
  const decided: WordpressSiteOptions[] = [
    // @ts-expect-error internetFacing: the drop-in's load balancer is internal, behind CloudFront
    { internetFacing: true },
    // @ts-expect-error publicUrl: the drop-in pins WordPress to https://<domainName>
    { publicUrl: 'https://other.example.com' },
    // @ts-expect-error domainName: given to the drop-in itself
    { domainName: 'other.example.com' },
  ];
  expect(decided).toHaveLength(3);
});

describe('bad input', () => {
  const cases: Array<[string, (app: App) => void, RegExp]> = [
    ['no region', (app) => new WordpressHosting(app, 'X', { env: { account: ENV.account }, domainName: 'x.example.com', hostedZone: ZONE }),
      /invalid env: \{"account":"123456789012"\}\. Give an explicit account and region/],
    ['no account', (app) => new WordpressHosting(app, 'X', { env: { region: ENV.region }, domainName: 'x.example.com', hostedZone: ZONE }),
      /invalid env: .*Give an explicit account and region/],
    ['inside a stack', (app) => new WordpressHosting(new Stack(app, 'S'), 'X', { env: ENV, domainName: 'x.example.com', hostedZone: ZONE }),
      /WordpressHosting creates its own stacks; add it to the app/],
    ['promoteFrom in another region', (app) => {
      const other = new WordpressHosting(app, 'Eu', { env: { ...ENV, region: 'eu-west-1' }, domainName: 'eu.example.com', hostedZone: ZONE });
      hosting(app, 'X', { promoteFrom: other, pipeline: { source: GITHUB } });
    }, /invalid promoteFrom: "Eu"\. It must be another WordpressHosting in the same account and region/],
    ['promoteFrom in another stage', (app) => {
      const other = hosting(new Stage(app, 'Staging'), 'Site');
      hosting(new Stage(app, 'Prod'), 'Site', { promoteFrom: other, pipeline: { source: GITHUB } });
    }, /^Prod\/Site: invalid promoteFrom: "Staging\/Site"\. It must be in the same Stage as Prod\/Site/],
    ['promoteFrom without a pipeline', (app) => hosting(app, 'X', { promoteFrom: hosting(app, 'Y') }), /promoteFrom needs a pipeline/],
    ['a pipeline on a rolling site', (app) => hosting(app, 'X', { site: { deployment: WordpressDeployment.rolling() }, pipeline: { source: GITHUB } }),
      /invalid site\.deployment: "WordpressDeployment\.rolling\(\)"\. A pipeline releases blue\/green/],
    ['zones twice', (app) => hosting(app, 'X', { site: { availabilityZones: ZONES } }), /availabilityZones and site\.availabilityZones cannot both be set/],
    ['vpcAttributes and zones', (app) => hosting(app, 'X', {
      vpcAttributes: { vpcId: 'vpc-1', availabilityZones: ZONES },
    }), /availabilityZones configures a new VPC, but vpcAttributes names an existing one/],
    ['a malformed domain', (app) => hosting(app, 'X', { domainName: 'not a domain' }), /^X: invalid domainName: "not a domain"\. Allowed: a fully qualified/],
    ['a stack name prefix CloudFormation does not allow', (app) => hosting(app, 'X', { stackNamePrefix: 'acme_shop' }),
      /^X: invalid stackNamePrefix: "acme_shop"\. Allowed: letters, digits and hyphens, starting with a letter, at most 113 characters/],
    ['a stack name prefix too long', (app) => hosting(app, 'X', { stackNamePrefix: `a${'b'.repeat(113)}` }), /invalid stackNamePrefix: "ab+"\. Allowed/],
    ['an id that makes no stack name', (app) => hosting(app, '1st'), /^1st: invalid stackNamePrefix: "1st \(the default, from the id\)"\. Allowed: letters/],
    ['a prefix list name for its ID', (app) => hosting(app, 'X', { cloudFrontPrefixListId: 'com.amazonaws.global.cloudfront.origin-facing' }),
      /^X: invalid cloudFrontPrefixListId: "com\.amazonaws\.global\.cloudfront\.origin-facing"\. Allowed: the ID \(pl-\.\.\.\)/],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    expect(() => build(new App())).toThrow(message);
  });
});
