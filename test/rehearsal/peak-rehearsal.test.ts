import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ACCOUNT, nagFindings, nagV2Findings, newStack, onlyResource, site } from '../fixtures';
import { cost, PeakRehearsal, PeakRehearsalProps, ScalableWordpressOnFargate } from 'cdk-fargate-wordpress';

/** The customer's profile: peaks on the 5th and 25th, Asia/Seoul; busiest hour 170/s x 5 x (1 - 0.8) = 170 requests/s at the origin. */
const PROFILE = cost.TrafficProfiles.twoMonthlyPeaks();
const PEAKS = [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }];

interface Fixture {
  readonly stack: Stack;
  readonly site: ScalableWordpressOnFargate;
  readonly rehearsal: PeakRehearsal;
  readonly template: Template;
}

/** GIVEN a site with the customer's peaks in Asia/Seoul WHEN a rehearsal is added with these props. */
function rehearse(props: Partial<PeakRehearsalProps> = {}, peaks = PEAKS, stack = newStack()): Fixture {
  const wordpress = site(stack, { monthlyPeaks: peaks, scheduleTimeZone: 'Asia/Seoul', peakMinCapacity: 6, maxCapacity: 20 });
  const rehearsal = new PeakRehearsal(stack, 'Rehearsal', {
    site: wordpress,
    publicUrl: 'https://www.example.com',
    trafficProfile: PROFILE,
    ...props,
  });
  return { stack, site: wordpress, rehearsal, template: Template.fromStack(stack) };
}

/** The rehearsal's schedules (the site's own, e.g. its WP-Cron, are not the rehearsal's). */
function schedules(template: Template): Array<{ [key: string]: any }> {
  return Object.entries(template.findResources('AWS::Scheduler::Schedule'))
    .filter(([logicalId]) => logicalId.startsWith('Rehearsal')).map(([, r]) => r.Properties);
}

function command(template: Template): string[] {
  const taskDefinitions = Object.values(template.findResources('AWS::ECS::TaskDefinition')).map((r) => r.Properties);
  const container = taskDefinitions.flatMap((t) => t.ContainerDefinitions).find((c: any) => c.Name === 'LoadGenerator');
  return container.Command;
}

describe('when the rehearsal runs', () => {
  test('three days before each peak, at the profile\'s quietest hour (09:00), in the site\'s time zone', () => {
    const { template } = rehearse();
    expect(schedules(template).map((s) => [s.ScheduleExpression, s.ScheduleExpressionTimezone]).sort()).toEqual([
      ['cron(0 9 2 * ? *)', 'Asia/Seoul'],
      ['cron(0 9 22 * ? *)', 'Asia/Seoul'],
    ]);
  });

  test('daysBefore and hourOfDay move it', () => {
    const { template } = rehearse({ daysBefore: 1, hourOfDay: 14 });
    expect(schedules(template).map((s) => s.ScheduleExpression).sort()).toEqual(['cron(0 14 24 * ? *)', 'cron(0 14 4 * ? *)']);
  });

  test('before the 1st it wraps into the previous month, one schedule per day with the months it falls on (February as 28 days)', () => {
    const { template } = rehearse({}, [{ dayOfMonth: 2, durationDays: 1 }]);
    // 3 days before the 2nd: the previous month's second-to-last day.
    expect(schedules(template).map((s) => s.ScheduleExpression).sort()).toEqual([
      'cron(0 9 27 2 ? *)', // before March 2nd: February 27th (a 28-day February)
      'cron(0 9 29 4,6,9,11 ? *)', // before May, July, October, December 2nd: the 29th of the 30-day months
      'cron(0 9 30 1,3,5,7,8,10,12 ? *)', // before the 2nd that follows a 31-day month: its 30th
    ]);
  });

  test('it runs the load generator\'s task in the site\'s cluster and private subnets, without a public IP', () => {
    const { template, stack, site: wordpress } = rehearse();
    const target = schedules(template)[0].Target;
    expect(stack.resolve(target.Arn)).toEqual(stack.resolve(wordpress.service.cluster.clusterArn));
    expect(target.EcsParameters).toMatchObject({ LaunchType: 'FARGATE', TaskCount: 1 });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    const network = target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration;
    expect(network.AssignPublicIp).toBe('DISABLED');
    const privateSubnets = wordpress.service.cluster.vpc.privateSubnets.map((s) => stack.resolve(s.subnetId));
    expect(network.Subnets.map((s: unknown) => stack.resolve(s)).sort()).toEqual(privateSubnets.sort());
  });

  test('a site without monthly peaks is refused, naming the prop', () => {
    expect(() => rehearse({}, [])).toThrow(/site.*monthlyPeaks/);
  });

  test('a profile in another time zone than the site\'s schedule is refused', () => {
    expect(() => rehearse({ trafficProfile: { ...PROFILE, timeZone: 'UTC' } })).toThrow(/trafficProfile.timeZone.*Asia\/Seoul/);
  });

  test('a public URL that is not a URL is refused', () => {
    expect(() => rehearse({ publicUrl: 'www.example.com' })).toThrow(/publicUrl/);
  });

  test.each([
    [{ daysBefore: 0 }, /daysBefore/],
    [{ hourOfDay: 24 }, /hourOfDay/],
    [{ duration: Duration.minutes(61) }, /duration/],
    [{ maxRequestsPerSecond: 0 }, /maxRequestsPerSecond/],
    [{ path: 'no-slash' }, /path/],
  ])('%p is refused', (props, message) => {
    expect(() => rehearse(props as Partial<PeakRehearsalProps>)).toThrow(message);
  });
});

describe('how hard and how long', () => {
  test('the profile\'s busiest hour at the origin: 170/s x 5 x (1 - 0.8) = 170 requests/s, 7 tasks at 25/s a task, 15 minutes', () => {
    const { rehearsal, template } = rehearse();
    expect(rehearsal.requestsPerSecond).toBe(170);
    expect(rehearsal.requiredTasks).toBe(7);
    const args = command(template);
    // sh -c <script> <$0> <url> <rate> <seconds> <workers> <header> <max error %> <max p95 ms> <name>
    expect(args.slice(0, 2)).toEqual(['sh', '-c']);
    expect(args.slice(3, 11)).toEqual(['peak-rehearsal', 'https://www.example.com/', '170', '900', '170', '', '1', '3000']);
  });

  test('rateMultiplier scales it, maxRequestsPerSecond caps it with a warning', () => {
    const { rehearsal, stack } = rehearse({ rateMultiplier: 2, maxRequestsPerSecond: 300, path: '/?s=peak' });
    expect(rehearsal.requestsPerSecond).toBe(300);
    expect(command(Template.fromStack(stack)).slice(4, 6)).toEqual(['https://www.example.com/?s=peak', '300']);
    Annotations.fromStack(stack).hasWarning('/Site/Rehearsal', Match.stringLikeRegexp('340.0 requests/s, above maxRequestsPerSecond \\(300\\)'));
  });

  test('by default at most 1000 requests/s, from Debian 12 slim on Amazon ECR Public', () => {
    const busy = { ...PROFILE, requestsPerSecondByHour: PROFILE.requestsPerSecondByHour.map((r) => r * 10) };
    const { rehearsal, template } = rehearse({ trafficProfile: busy });
    expect(rehearsal.requestsPerSecond).toBe(1000);
    const containers = Object.values(template.findResources('AWS::ECS::TaskDefinition')).flatMap((r) => r.Properties.ContainerDefinitions);
    expect(containers.find((c: any) => c.Name === 'LoadGenerator').Image).toBe('public.ecr.aws/debian/debian:bookworm-slim');
  });

  test('it stops by itself: every step of the script is under `timeout`, the load for the duration', () => {
    const script = command(rehearse({ duration: Duration.minutes(5) }).template)[2];
    expect(script).toContain('timeout $((seconds + 120)) hey -z "$seconds"s');
    expect(script).toContain('timeout 300 sh -c \'apt-get update');
  });
});

describe('the rate-limit exemption', () => {
  test('the token reaches the container as an ECS secret and the header name as an argument, never as a value', () => {
    const stack = newStack();
    const token = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token',
      `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:WebAclRateLimitExemptionToken-AbCdEf`);
    const { template } = rehearse({ rateLimitExemption: { headerName: 'x-peak-rehearsal', token } }, PEAKS, stack);
    const containers = Object.values(template.findResources('AWS::ECS::TaskDefinition')).flatMap((r) => r.Properties.ContainerDefinitions);
    const loadGenerator = containers.find((c: any) => c.Name === 'LoadGenerator');
    expect(loadGenerator.Secrets).toEqual([{ Name: 'REHEARSAL_TOKEN', ValueFrom: token.secretArn }]);
    expect(loadGenerator.Environment).toBeUndefined();
    expect(loadGenerator.Command[8]).toBe('x-peak-rehearsal');
  });

  test('without one, a warning says the rate limit will block it', () => {
    const { stack } = rehearse();
    Annotations.fromStack(stack).hasWarning('/Site/Rehearsal', Match.stringLikeRegexp('Without rateLimitExemption'));
  });
});

describe('the result', () => {
  test('one metric filter per summary number, on the summary line only, with the rehearsal as dimension', () => {
    const { template, rehearsal } = rehearse();
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((r) => r.Properties);
    expect(filters.map((f) => f.MetricTransformations[0].MetricName).sort()).toEqual(
      ['ErrorRate', 'KeptUp', 'LatencyP50', 'LatencyP95', 'Requests', 'RequestsPerSecond']);
    for (const f of filters) {
      expect(f.FilterPattern).toBe('{ $.peakRehearsal = "summary" }');
      expect(f.MetricTransformations[0]).toMatchObject({
        MetricNamespace: 'CdkFargateWordpress/PeakRehearsal',
        Dimensions: [{ Key: 'Rehearsal', Value: '$.rehearsal' }],
      });
    }
    expect(filters.find((f) => f.MetricTransformations[0].MetricName === 'LatencyP95').MetricTransformations[0])
      .toMatchObject({ MetricValue: '$.p95Ms', Unit: 'Milliseconds' });
    expect(command(template)[11]).toBe(rehearsal.rehearsalName);
  });

  test('with a topic: an alarm when it fell short, and a message when its task stops, with the exit code', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    const { template } = rehearse({ alarmTopic: topic }, PEAKS, stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'KeptUp',
      Namespace: 'CdkFargateWordpress/PeakRehearsal',
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
    const rule = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.EventPattern).toMatchObject({
      'source': ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      'detail': { lastStatus: ['STOPPED'], clusterArn: [{ 'Fn::GetAtt': [expect.stringMatching(/^WordpressCluster/), 'Arn'] }] },
    });
    const prefix = JSON.stringify(stack.resolve(rule.EventPattern.detail.taskDefinitionArn[0].prefix));
    expect(prefix).toMatch(/task-definition\/SiteRehearsalTaskDefinition[0-9A-F]+:/);
    expect(rule.Targets[0].InputTransformer.InputPathsMap).toMatchObject({ 'detail-containers-0--exitCode': '$.detail.containers[0].exitCode' });
  });

  test('with a dashboard: three widgets, the serving tasks against the 7 tasks the rate needs', () => {
    const stack = newStack();
    const dashboard = new cloudwatch.Dashboard(stack, 'Dashboard');
    const { template } = rehearse({ dashboard }, PEAKS, stack);
    const body = JSON.stringify(stack.resolve(onlyResource(template, 'AWS::CloudWatch::Dashboard').DashboardBody));
    expect(body).toContain('Peak rehearsal: latency through CloudFront');
    expect(body).toContain('Serving tasks (the rehearsal\'s rate needs 7)');
    expect(body).toContain('HealthyHostCount');
  });

  test('costOptions: two runs a month of 15 minutes at 170 requests/s on a 1 vCPU, 2 GiB task', () => {
    expect(rehearse().rehearsal.costOptions).toEqual({
      runsPerMonth: 2, requestsPerSecond: 170, durationMinutes: 15, taskCpu: 1024, taskMemoryMiB: 2048,
    });
  });
});

describe('security', () => {
  test('the task may leave on 443 and 80 only', () => {
    const { template } = rehearse();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Peak rehearsal'),
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
      ],
    });
  });

  test('no unacknowledged cdk-nag finding (3 and 2)', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    rehearse({ alarmTopic: topic }, PEAKS, stack);
    expect(nagFindings(stack).filter((f) => f.path.includes('/Rehearsal'))).toEqual([]);
    const app = stack.node.root as App;
    expect(nagV2Findings(app).filter((f) => f.includes('/Rehearsal'))).toEqual([]);
  });
});
