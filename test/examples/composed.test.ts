import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildComposedApp, DOMAIN_NAME, EDGE_ENV, SITE_ENV } from '../../examples/composed/app';
import { containerEnv, loadBalancerIngress, nagFindings, onlyResource } from '../fixtures';

// One synthesis of the composed example, shared by every test.
let app: App;
let assembly: CloudAssembly;
let edge: Template;
let site: Template;
let edgeStack: Stack;
let siteStack: Stack;
beforeAll(() => {
  app = buildComposedApp(new App());
  assembly = app.synth();
  edgeStack = app.node.findChild('WordpressEdge') as Stack;
  siteStack = app.node.findChild('WordpressSite') as Stack;
  edge = Template.fromStack(edgeStack);
  site = Template.fromStack(siteStack);
});

/** The output of the edge stack that a `Fn::GetStackOutput` in the site stack reads, checked to point there. */
function readFromEdgeStack(value: any): any {
  expect(value).toEqual({ 'Fn::GetStackOutput': { StackName: 'WordpressEdge', Region: 'us-east-1', OutputName: expect.any(String) } });
  return edge.toJSON().Outputs[value['Fn::GetStackOutput'].OutputName].Value;
}

test('two stacks with explicit environments: the edge pieces in us-east-1, the site in ap-northeast-1; no context lookup', () => {
  expect([edgeStack.account, edgeStack.region]).toEqual([EDGE_ENV.account, 'us-east-1']);
  expect([siteStack.account, siteStack.region]).toEqual([SITE_ENV.account, 'ap-northeast-1']);
  expect(assembly.manifest.missing).toBeUndefined();
  expect(siteStack.dependencies).toEqual([edgeStack]);
  expect(edgeStack.dependencies).toEqual([]);
});

test('us-east-1 holds only the web ACL (geo-blocking CN, admin allow-list) with its IP sets and logs, and the certificate', () => {
  expect(Object.values<any>(edge.toJSON().Resources).map((r) => r.Type).sort()).toEqual([
    'AWS::CertificateManager::Certificate', 'AWS::Logs::LogGroup', 'AWS::WAFv2::IPSet', 'AWS::WAFv2::IPSet',
    'AWS::WAFv2::LoggingConfiguration', 'AWS::WAFv2::WebACL',
  ]);
  const rules = onlyResource(edge, 'AWS::WAFv2::WebACL').Rules as any[];
  expect(rules.find((r) => r.Name === 'GeoBlock').Statement).toEqual({ GeoMatchStatement: { CountryCodes: ['CN'] } });
  expect(rules.map((r) => r.Name)).toContain('AdminAllowList');
  edge.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: DOMAIN_NAME, ValidationMethod: 'DNS' });
});

test('the distribution in ap-northeast-1 uses the us-east-1 web ACL and certificate through Fn::GetStackOutput', () => {
  const config = onlyResource(site, 'AWS::CloudFront::Distribution').DistributionConfig;
  const webAclId = readFromEdgeStack(config.WebACLId);
  expect(webAclId).toEqual({ 'Fn::GetAtt': [Object.keys(edge.findResources('AWS::WAFv2::WebACL'))[0], 'Arn'] });
  const certificateArn = readFromEdgeStack(config.ViewerCertificate.AcmCertificateArn);
  expect(certificateArn).toEqual({ Ref: Object.keys(edge.findResources('AWS::CertificateManager::Certificate'))[0] });
  expect(config.Aliases).toEqual([DOMAIN_NAME]);
  // No custom resources (Lambda functions) carry the references, in either stack.
  for (const template of [edge, site]) {
    const types = Object.values<any>(template.toJSON().Resources).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function')).toEqual([]);
  }
});

test('CloudFront reaches the internal load balancer through a VPC origin; the load balancer admits only CloudFront', () => {
  const alb = Object.keys(site.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer', { Properties: { Scheme: 'internal' } }));
  expect(alb).toHaveLength(1);
  site.hasResourceProperties('AWS::CloudFront::VpcOrigin', { VpcOriginEndpointConfig: Match.objectLike({ Arn: { Ref: alb[0] } }) });
  const ingress = Object.values<any>(site.findResources('AWS::EC2::SecurityGroup'))
    .flatMap((g) => g.Properties.SecurityGroupIngress ?? []);
  expect(ingress.filter((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toEqual([]);
  // CloudFront's origin-facing prefix list in ap-northeast-1 (the lookup's answer in the example's context), on port 80 only.
  expect(loadBalancerIngress(site)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-58a04531', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' })]);
});

test('WordPress takes the viewer\'s address from CloudFront-Viewer-Address; the load balancer removes X-Forwarded-For', () => {
  expect(containerEnv(site, 'WORDPRESS_CLIENT_IP_HEADER')).toBe('CloudFront-Viewer-Address');
  site.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
    LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.xff_header_processing.mode', Value: 'remove' }]),
  });
});

test('WordPress is pinned to the custom domain the distribution serves, with alias records and uploads in S3', () => {
  expect(containerEnv(site, 'WORDPRESS_PUBLIC_URL')).toBe(`https://${DOMAIN_NAME}`);
  site.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: `${DOMAIN_NAME}.` }, 2);
  site.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] })]) },
    Roles: [{ Ref: Match.stringLikeRegexp('TaskRole') }],
  });
});

test('operations watch the site: alarms on its own resources, a dashboard with the distribution and the web ACL', () => {
  const alarms = Object.values<any>(site.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  expect(alarms).toHaveLength(8); // six of the site, two of its scheduled WP-Cron
  const aurora = alarms.find((a) => a.MetricName === 'ACUUtilization');
  expect(aurora.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: { Ref: Object.keys(site.findResources('AWS::RDS::DBCluster'))[0] } }]);
  const distribution = Object.keys(site.findResources('AWS::CloudFront::Distribution'))[0];
  site.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', { DistributionId: { Ref: distribution } });
  site.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  const body = JSON.stringify(onlyResource(site, 'AWS::CloudWatch::Dashboard').DashboardBody);
  expect(body).toContain('AWS/WAFV2');
  expect(body).toContain('AWS/CloudFront');
});

test('cdk-nag AwsSolutions finds nothing unacknowledged in either stack', () => {
  expect(nagFindings(app)).toEqual([]);
});
