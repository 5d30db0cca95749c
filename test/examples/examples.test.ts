import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExistingVpcApp } from '../../examples/existing-vpc/app';
import { buildMinimalApp } from '../../examples/minimal/app';
import { buildPipelineApp } from '../../examples/pipeline/app';
import { loadBalancerIngress, nagFindings } from '../fixtures';

describe('the minimal drop-in', () => {
  test('synthesizes three stacks offline with no unacknowledged finding', () => {
    const app = buildMinimalApp(new App());
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Blog-Edge', 'Blog-EdgeMonitoring', 'Blog-Site']);
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(nagFindings(app)).toEqual([]);
  });

  test('its load balancer admits CloudFront\'s origin-facing prefix list of eu-west-1 (from the context), on port 80 only', () => {
    const app = buildMinimalApp(new App());
    const site = Template.fromStack(app.node.findChild('Blog').node.findChild('Site') as Stack);
    expect(loadBalancerIngress(site)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-4fa04526', FromPort: 80, ToPort: 80 })]);
  });
});

describe('the existing-VPC example', () => {
  test('builds in the customer\'s VPC and hosted zone: no VPC created, subnets by ID', () => {
    const { app, hosting } = buildExistingVpcApp(new App());
    const assembly = app.synth();
    const site = Template.fromStack(hosting.siteStack);
    site.resourceCountIs('AWS::EC2::VPC', 0);
    site.resourceCountIs('AWS::EC2::NatGateway', 0);
    site.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal', Subnets: ['subnet-0bbb2222bbbb22220', 'subnet-0bbb2222bbbb22221'],
    });
    site.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.t4g.small' });
    site.hasResourceProperties('AWS::ECS::TaskDefinition', { RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' } });
    site.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'shop.example.co.kr.', HostedZoneId: 'Z09876543210EXAMPLE' });
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('the pipeline example', () => {
  test('both engines synthesize with no unacknowledged finding', () => {
    const app = buildPipelineApp(new App());
    const native = Template.fromStack(app.node.findChild('WordpressNativeBlueGreen') as Stack);
    native.resourceCountIs('AWS::CodePipeline::Pipeline', 1);
    const codeDeploy = Template.fromStack(app.node.findChild('WordpressCodeDeployBlueGreen') as Stack);
    codeDeploy.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 1);
    expect(nagFindings(app)).toEqual([]);
  });
});
