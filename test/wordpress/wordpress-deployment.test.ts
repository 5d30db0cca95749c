import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { hostedZone, like, nagFindings, newStack, onlyResource, site } from '../fixtures';
import { ScalableWordpressOnFargate, WordpressDeployment } from 'cdk-fargate-wordpress';

/** Resources of a type whose logical id matches a pattern. */
function resourcesLike(template: Template, type: string, id: RegExp): Array<{ [key: string]: any }> {
  return Object.entries(template.findResources(type)).filter(([k]) => id.test(k)).map(([, r]) => r.Properties);
}

const WEIGHTED = {
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: [
      { TargetGroupArn: { Ref: Match.stringLikeRegexp('^WordpressTargetGroup') }, Weight: 1 },
      { TargetGroupArn: { Ref: Match.stringLikeRegexp('^WordpressAlternateTargetGroup') }, Weight: 0 },
    ],
  },
};

describe('rolling (the default)', () => {
  test('one target group, no test listener, no blue/green role', () => {
    const stack = newStack();
    const s = site(stack);
    expect(s.deployment.blueGreen).toBe(false);
    expect(s.alternateTargetGroup).toBeUndefined();
    expect(s.testListener).toBeUndefined();
    expect(s.blueGreenRole).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    expect(onlyResource(template, 'AWS::ECS::Service').DeploymentConfiguration.Strategy).toBeUndefined();
  });
});

describe('native ECS blue/green', () => {
  let template: Template;
  let s: ScalableWordpressOnFargate;
  beforeAll(() => {
    const stack = newStack();
    s = site(stack, { deployment: WordpressDeployment.ecsBlueGreen() });
    template = Template.fromStack(stack);
  });

  test('the service: ECS controller, BLUE_GREEN strategy, 5 minutes bake time, circuit breaker kept', () => {
    expect(onlyResource(template, 'AWS::ECS::Service')).toMatchObject({
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: {
        Strategy: 'BLUE_GREEN',
        BakeTimeInMinutes: 5,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
    });
  });

  test('a second target group with the same health check and deregistration delay', () => {
    const groups = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')).map((r) => r.Properties);
    expect(groups).toHaveLength(2);
    expect(groups[1]).toEqual(groups[0]);
    expect(groups[0]).toMatchObject({ HealthCheckPath: '/wp-health', TargetType: 'ip', Port: 80 });
    expect(s.alternateTargetGroup).toBeDefined();
  });

  test('the production listener rule forwards to both target groups, the alternate one at weight 0', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 100,
      ListenerArn: { Ref: Match.stringLikeRegexp('HttpListener') },
      Actions: [WEIGHTED],
    });
  });

  test('the load balancer target names the alternate target group, the production rule and the infrastructure role; no test listener', () => {
    const service = onlyResource(template, 'AWS::ECS::Service');
    expect(service.LoadBalancers).toEqual([{
      ContainerName: 'wordpress',
      ContainerPort: 80,
      TargetGroupArn: { Ref: expect.stringMatching(/^WordpressTargetGroup/) },
      AdvancedConfiguration: {
        AlternateTargetGroupArn: { Ref: expect.stringMatching(/^WordpressAlternateTargetGroup/) },
        ProductionListenerRule: { Ref: expect.stringMatching(/^WordpressListenerRule/) },
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressBlueGreenRole/), 'Arn'] },
      },
    }]);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    expect(s.testListener).toBeUndefined();
  });

  test('the infrastructure role: assumed by ECS only, with the AWS policy for blue/green load balancer changes', () => {
    expect(resourcesLike(template, 'AWS::IAM::Role', /^WordpressBlueGreenRole/)).toEqual([expect.objectContaining({
      AssumeRolePolicyDocument: expect.objectContaining({
        Statement: [expect.objectContaining({ Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' })],
      }),
      ManagedPolicyArns: [{
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers']],
      }],
    })]);
  });

  test('request-count scaling follows both target groups (requests per healthy task), so it keeps working after traffic moved', () => {
    const policies = resourcesLike(template, 'AWS::ApplicationAutoScaling::ScalingPolicy', /RequestScaling/);
    expect(policies).toHaveLength(1);
    const config = policies[0].TargetTrackingScalingPolicyConfiguration;
    expect(config).toMatchObject({ TargetValue: 1200, ScaleOutCooldown: 60, ScaleInCooldown: 300 });
    expect(config.PredefinedMetricSpecification).toBeUndefined();
    const metrics = config.CustomizedMetricSpecification.Metrics as any[];
    const stat = (id: string) => metrics.find((m) => m.Id === id).MetricStat;
    expect(stat('requestsA')).toMatchObject({ Metric: { MetricName: 'RequestCount', Namespace: 'AWS/ApplicationELB' }, Stat: 'Sum' });
    expect(stat('healthyB')).toMatchObject({ Metric: { MetricName: 'HealthyHostCount' }, Stat: 'Average' });
    const groups = ['requestsA', 'requestsB'].map((id) => stat(id).Metric.Dimensions.find((d: any) => d.Name === 'TargetGroup').Value['Fn::GetAtt'][0]);
    expect(groups).toEqual([expect.stringMatching(/^WordpressTargetGroup/), expect.stringMatching(/^WordpressAlternateTargetGroup/)]);
    expect(metrics.filter((m) => m.ReturnData)).toEqual([expect.objectContaining({
      Id: 'requestsPerTarget',
      Expression: 'IF(FILL(healthyA, 0) + FILL(healthyB, 0) > 0, (FILL(requestsA, 0) + FILL(requestsB, 0)) / (FILL(healthyA, 0) + FILL(healthyB, 0)), 0)',
    })]);
  });

  test('a test listener on the given port, reachable from the VPC only, and a bake time', () => {
    const stack = newStack();
    const bg = site(stack, { deployment: WordpressDeployment.ecsBlueGreen({ testListenerPort: 9000, bakeTime: Duration.minutes(15) }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 9000, Protocol: 'HTTP', DefaultActions: [like({ Type: 'fixed-response' })],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: Match.stringLikeRegexp('TestListener') }, Priority: 100, Actions: [WEIGHTED],
    });
    const lbGroup = resourcesLike(t, 'AWS::EC2::SecurityGroup', /^WordpressLoadBalancerSecurityGroup/)[0];
    const testIngress = (lbGroup.SecurityGroupIngress as any[]).filter((r) => r.FromPort === 9000);
    expect(testIngress).toEqual([expect.objectContaining({ ToPort: 9000, CidrIp: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressVpc/), 'CidrBlock'] } })]);
    expect(onlyResource(t, 'AWS::ECS::Service')).toMatchObject({
      DeploymentConfiguration: { BakeTimeInMinutes: 15 },
      LoadBalancers: [{ AdvancedConfiguration: { TestListenerRule: { Ref: expect.stringMatching(/^WordpressTestListenerRule/) } } }],
    });
    expect(bg.testListenerRule).toBeDefined();
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(s)).toEqual([]);
  });
});

describe('CodeDeploy blue/green', () => {
  let template: Template;
  let s: ScalableWordpressOnFargate;
  beforeAll(() => {
    const stack = newStack();
    s = site(stack, { deployment: WordpressDeployment.codeDeployBlueGreen() });
    template = Template.fromStack(stack);
  });

  test('the service: CODE_DEPLOY controller, no circuit breaker (CodeDeploy forbids it), no strategy, registered in the first target group', () => {
    const service = onlyResource(template, 'AWS::ECS::Service');
    expect(service.DeploymentController).toEqual({ Type: 'CODE_DEPLOY' });
    expect(service.DeploymentConfiguration).toEqual({ MaximumPercent: 200, MinimumHealthyPercent: 100 });
    expect(service.LoadBalancers).toEqual([{ ContainerName: 'wordpress', ContainerPort: 80, TargetGroupArn: { Ref: expect.stringMatching(/^WordpressTargetGroup/) } }]);
    expect(s.blueGreenRole).toBeUndefined();
  });

  test('a test listener on 8080 (HTTP) whose rule forwards to both target groups', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 8080, Protocol: 'HTTP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: Match.stringLikeRegexp('TestListener') }, Actions: [WEIGHTED],
    });
    expect(s.testListener).toBeDefined();
    expect(s.alternateTargetGroup).toBeDefined();
  });

  test('with a domain: the test listener is HTTPS on 8443 with the site\'s certificate and TLS policy', () => {
    const stack = newStack();
    site(stack, { deployment: WordpressDeployment.codeDeployBlueGreen(), domainName: 'www.example.com', hostedZone: hostedZone(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 8443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('Certificate') } }],
    });
  });

  test('a given test listener port', () => {
    const stack = newStack();
    site(stack, { deployment: WordpressDeployment.codeDeployBlueGreen({ testListenerPort: 8081 }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 8081 });
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(s)).toEqual([]);
  });
});

describe('bad input is rejected at synth, naming the prop', () => {
  const cases: Array<[string, () => void, RegExp]> = [
    ['bake time over a day', () => site(newStack(), { deployment: WordpressDeployment.ecsBlueGreen({ bakeTime: Duration.minutes(1441) }) }),
      /invalid deployment\.bakeTime: 1 day 1 minute\. Allowed: whole minutes from 0 to 1440/],
    ['bake time in seconds', () => site(newStack(), { deployment: WordpressDeployment.ecsBlueGreen({ bakeTime: Duration.seconds(90) }) }),
      /invalid deployment\.bakeTime: 1 minute 30 seconds/],
    ['test listener on the production port', () => site(newStack(), { deployment: WordpressDeployment.codeDeployBlueGreen({ testListenerPort: 443 }) }),
      /invalid deployment\.testListenerPort: 443\. Ports 80 and 443 belong to the production listeners/],
    ['test listener port out of range', () => site(newStack(), { deployment: WordpressDeployment.ecsBlueGreen({ testListenerPort: 70000 }) }),
      /invalid deployment\.testListenerPort: 70000\. Allowed: a whole number from 1 to 65535/],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('unresolved tokens are not validated', () => {
    expect(() => site(newStack(), {
      deployment: WordpressDeployment.ecsBlueGreen({ bakeTime: Duration.minutes(Token.asNumber({ Ref: 'Bake' })) }),
    })).not.toThrow();
  });
});

test('blueGreen tells the rolling choice from the two blue/green ones', () => {
  expect(WordpressDeployment.rolling().blueGreen).toBe(false);
  expect(WordpressDeployment.ecsBlueGreen().blueGreen).toBe(true);
  expect(WordpressDeployment.codeDeployBlueGreen().blueGreen).toBe(true);
});
