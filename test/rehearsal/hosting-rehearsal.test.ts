import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { nagFindings, onlyResource } from '../fixtures';
import { cost, WordpressHosting, WordpressHostingProps } from 'cdk-fargate-wordpress';

const ENV = { account: '123456789012', region: 'ap-northeast-1' };
const ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };
const PEAKS = { monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }], scheduleTimeZone: 'Asia/Seoul' };

function hosting(props: Partial<WordpressHostingProps> = {}): { app: App; blog: WordpressHosting } {
  const app = new App();
  const blog = new WordpressHosting(app, 'Blog', {
    env: ENV, domainName: 'www.example.com', hostedZone: ZONE, availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'], ...props,
  });
  return { app, blog };
}

function loadGenerator(site: Template): any {
  return Object.values(site.findResources('AWS::ECS::TaskDefinition')).flatMap((r) => r.Properties.ContainerDefinitions)
    .find((c: any) => c.Name === 'LoadGenerator');
}

describe('the drop-in\'s rehearsal', () => {
  test('off by default: no load generator, no exemption token, the rate limit counts everyone', () => {
    const { blog } = hosting({ site: PEAKS });
    expect(blog.rehearsal).toBeUndefined();
    expect(loadGenerator(Template.fromStack(blog.siteStack))).toBeUndefined();
    Template.fromStack(blog.edgeStack).resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  describe('when asked for', () => {
    let app: App;
    let blog: WordpressHosting;
    let edge: Template;
    let site: Template;
    beforeAll(() => {
      ({ app, blog } = hosting({ site: PEAKS, alarmEmails: ['ops@example.com'], rehearsal: { trafficProfile: cost.TrafficProfiles.twoMonthlyPeaks() } }));
      edge = Template.fromStack(blog.edgeStack);
      site = Template.fromStack(blog.siteStack);
    });

    test('the web ACL exempts its header from the rate limit, the token replicated to the site\'s region', () => {
      edge.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'ap-northeast-1' }] });
      const rate = onlyResource(edge, 'AWS::WAFv2::WebACL').Rules.find((r: any) => r.Name === 'RateLimitPerIp');
      expect(rate.Statement.RateBasedStatement.ScopeDownStatement.NotStatement.Statement.ByteMatchStatement.FieldToMatch)
        .toEqual({ SingleHeader: { Name: 'x-peak-rehearsal' } });
    });

    test('the task reads the token\'s replica, whose ARN the site\'s stack reads from the edge stack\'s output', () => {
      const secret = loadGenerator(site).Secrets[0];
      expect(secret.Name).toBe('REHEARSAL_TOKEN');
      expect(secret.ValueFrom).toEqual({ 'Fn::GetStackOutput': { StackName: 'Blog-Edge', Region: 'us-east-1', OutputName: 'RehearsalTokenReplicaArn' } });
      const output = edge.toJSON().Outputs.RehearsalTokenReplicaArn.Value;
      expect(JSON.stringify(output)).toContain(':secretsmanager:ap-northeast-1:123456789012:secret:');
      // The execution role may read exactly that replica.
      const policies = Object.values(site.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument.Statement).flat();
      expect(policies).toContainEqual(expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: { 'Fn::GetStackOutput': { StackName: 'Blog-Edge', Region: 'us-east-1', OutputName: 'RehearsalTokenReplicaArn' } },
      }));
      expect(blog.siteStack.dependencies).toContain(blog.edgeStack);
    });

    test('it requests the public URL, reports to the operations topic and adds its widgets to the dashboard', () => {
      expect(loadGenerator(site).Command[4]).toBe('https://www.example.com/');
      const alarm = Object.values(site.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties).find((a) => a.MetricName === 'KeptUp');
      expect(alarm.AlarmActions).toEqual([{ Ref: blog.siteStack.getLogicalId(blog.operations.alarmTopic.node.defaultChild as any) }]);
      const body = JSON.stringify(blog.siteStack.resolve(onlyResource(site, 'AWS::CloudWatch::Dashboard').DashboardBody));
      expect(body).toContain('Peak rehearsal: latency through CloudFront');
    });

    test('no unacknowledged cdk-nag finding in any stack', () => {
      expect(nagFindings(app)).toEqual([]);
    });
  });

  test('without site.monthlyPeaks it is refused, naming both props', () => {
    expect(() => hosting({ rehearsal: { trafficProfile: cost.TrafficProfiles.twoMonthlyPeaks() } })).toThrow(/rehearsal.*site\.monthlyPeaks/s);
  });

  test('an exemption of the user\'s own keeps its header and regions, with the site\'s region added', () => {
    const { blog } = hosting({
      site: PEAKS,
      webAcl: { rateLimitExemption: { headerName: 'x-load-test', replicaRegions: ['eu-west-1'] } },
      rehearsal: { trafficProfile: cost.TrafficProfiles.twoMonthlyPeaks() },
    });
    Template.fromStack(blog.edgeStack).hasResourceProperties('AWS::SecretsManager::Secret', {
      ReplicaRegions: [{ Region: 'eu-west-1' }, { Region: 'ap-northeast-1' }],
    });
    expect(loadGenerator(Template.fromStack(blog.siteStack)).Command[8]).toBe('x-load-test');
    expect(Stack.of(blog.rehearsal!).stackName).toBe('Blog-Site');
  });
});
