import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { cronCommand } from '../../src/wordpress/private/cron-run-task';
import { containerEnv, nagFindings, newStack, onlyResource, site } from '../fixtures';
import { parseJsonInput } from '../semantics/json-input';
import { ScalableWordpressOnFargate, ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

/** GIVEN a site with these props: its stack's template and the site. */
function synth(props: ScalableWordpressOnFargateProps = {}): { template: Template; wordpress: ScalableWordpressOnFargate; stack: Stack } {
  const stack = newStack();
  const wordpress = site(stack, props);
  return { template: Template.fromStack(stack), wordpress, stack };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

describe('scheduled WP-Cron (default)', () => {
  let template: Template;
  let wordpress: ScalableWordpressOnFargate;
  let stack: Stack;
  let schedule: { [key: string]: any };
  let request: { [key: string]: any };
  beforeAll(() => {
    ({ template, wordpress, stack } = synth());
    schedule = onlyResource(template, 'AWS::Scheduler::Schedule');
    request = parseJsonInput(schedule.Target.Input);
  });

  test('the container sets WORDPRESS_DISABLE_WP_CRON=1, which the generated PHP turns into DISABLE_WP_CRON', () => {
    expect(containerEnv(template, 'WORDPRESS_DISABLE_WP_CRON')).toBe('1');
    expect(containerEnv(template, 'WORDPRESS_CONFIG_EXTRA')).toContain("if (getenv('WORDPRESS_DISABLE_WP_CRON') === '1') {");
  });

  test('every five minutes, in its own schedule group, no flexible window', () => {
    expect(schedule).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      GroupName: stack.resolve(wordpress.scheduledCron!.scheduleGroup.scheduleGroupName),
    });
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: schedule.GroupName });
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  test('the target is the universal target calling ECS RunTask, with the whole request (PascalCase members) as input', () => {
    expect(schedule.Target.Arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:ecs:runTask']] });
    expect(schedule.Target.EcsParameters).toBeUndefined();
    expect(Object.keys(request)).toEqual(['Cluster', 'TaskDefinition', 'Count', 'LaunchType', 'PlatformVersion', 'Group',
      'StartedBy', 'NetworkConfiguration', 'Overrides']);
  });

  test('one on-demand Fargate task of the family (no revision: the latest ACTIVE one) on the site\'s cluster, in the cron group', () => {
    expect(request).toMatchObject({
      Cluster: { 'Fn::GetAtt': [logicalId(stack, wordpress.cluster as any), 'Arn'] },
      TaskDefinition: wordpress.taskDefinition.family,
      Count: 1,
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      Group: `cron:${wordpress.taskDefinition.family}`,
      StartedBy: 'cdk-fargate-wordpress/wp-cron',
    });
    expect(request.CapacityProviderStrategy).toBeUndefined();
  });

  test('in the service\'s private subnets with the service\'s security group, no public address', () => {
    const service = onlyResource(template, 'AWS::ECS::Service');
    const serviceNetwork = service.NetworkConfiguration.AwsvpcConfiguration;
    expect(request.NetworkConfiguration).toEqual({
      AwsvpcConfiguration: { Subnets: serviceNetwork.Subnets, SecurityGroups: serviceNetwork.SecurityGroups, AssignPublicIp: 'DISABLED' },
    });
  });

  test('the WordPress container runs the entrypoint\'s set-up, then wp-cron.php under a 15-minute timeout, in a 512/1024 task', () => {
    expect(request.Overrides).toEqual({
      ContainerOverrides: [{
        Name: 'wordpress',
        Command: ['sh', '-c', 'docker-entrypoint.sh apache2 -v >/dev/null && exec timeout 900 php /var/www/html/wp-cron.php'],
      }],
      Cpu: '512',
      Memory: '1024',
    });
  });

  test('no container of the task definition reserves CPU or memory that a smaller task could not hold', () => {
    const taskDefinition = onlyResource(template, 'AWS::ECS::TaskDefinition');
    expect(taskDefinition.ContainerDefinitions.map((c: any) => [c.Name, c.Cpu, c.Memory, c.MemoryReservation]))
      .toEqual(taskDefinition.ContainerDefinitions.map((c: any) => [c.Name, undefined, undefined, undefined]));
  });

  test('a retry policy no longer than one interval, and an encrypted SSL-only dead-letter queue', () => {
    const queueId = logicalId(stack, wordpress.scheduledCron!.deadLetterQueue as any);
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 3 });
    expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('the schedule\'s role: assumed by EventBridge Scheduler for this schedule group only, with exactly three statements', () => {
    const roleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '123456789012',
          'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack, wordpress.scheduledCron!.scheduleGroup as any), 'Arn'] },
        },
      },
    }]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(policies).toHaveLength(1);
    const familyArn = (suffix: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecs:ap-northeast-1:123456789012:task-definition/${wordpress.taskDefinition.family}${suffix}`]],
    });
    const taskDefinition = wordpress.taskDefinition;
    expect((policies[0] as any).Properties.PolicyDocument.Statement).toEqual([
      {
        Action: 'ecs:RunTask',
        Effect: 'Allow',
        Resource: [familyArn(''), familyArn(':*')],
        Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [logicalId(stack, wordpress.cluster as any), 'Arn'] } } },
      },
      {
        Action: 'iam:PassRole',
        Effect: 'Allow',
        Resource: [
          { 'Fn::GetAtt': [logicalId(stack, taskDefinition.taskRole as any), 'Arn'] },
          { 'Fn::GetAtt': [logicalId(stack, taskDefinition.executionRole as any), 'Arn'] },
        ],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      {
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [logicalId(stack, wordpress.scheduledCron!.deadLetterQueue as any), 'Arn'] },
      },
    ]);
  });

  test('the site exposes the schedule, its group, its queue and the task group', () => {
    expect(wordpress.scheduledCron).toMatchObject({ taskGroup: `cron:${wordpress.taskDefinition.family}`, cluster: wordpress.cluster });
  });

  test('cdk-nag finds nothing unacknowledged in the cron resources', () => {
    expect(nagFindings(stack).filter((f) => /Cron/.test(f.path))).toEqual([]);
  });
});

describe('cron options', () => {
  test('interval and timeout map to the rate, the retry age and the timeout of the command', () => {
    const { template } = synth({ cron: { interval: Duration.minutes(1), timeout: Duration.minutes(2) } });
    const schedule = onlyResource(template, 'AWS::Scheduler::Schedule');
    expect(schedule.ScheduleExpression).toBe('rate(1 minute)');
    expect(schedule.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(60);
    expect(parseJsonInput(schedule.Target.Input).Overrides.ContainerOverrides[0].Command[2]).toContain('exec timeout 120 php');
    expect(cronCommand(2)[2]).toBe('docker-entrypoint.sh apache2 -v >/dev/null && exec timeout 120 php /var/www/html/wp-cron.php');
  });

  test('cpu and memoryLimitMiB set the task size of a run (strings, as RunTask\'s TaskOverride takes them)', () => {
    const { template } = synth({ cron: { cpu: 1024, memoryLimitMiB: 3072 } });
    const overrides = parseJsonInput(onlyResource(template, 'AWS::Scheduler::Schedule').Target.Input).Overrides;
    expect([overrides.Cpu, overrides.Memory]).toEqual(['1024', '3072']);
  });

  test.each([
    [{ cpu: 300 }, /invalid cron\.cpu: 300\. Fargate allows 256, 512/],
    [{ cpu: 256, memoryLimitMiB: 4096 }, /invalid cron\.memoryLimitMiB: 4096\. With cpu 256, Fargate allows 512, 1024, 2048 MiB/],
    [{ memoryLimitMiB: 8192 }, /invalid cron\.memoryLimitMiB: 8192\. With cpu 512/],
  ])('a task size Fargate does not offer is rejected naming the prop: %j', (cron, message) => {
    expect(() => synth({ cron })).toThrow(message);
  });

  test('an interval in hours is whole minutes too', () => {
    const { template } = synth({ cron: { interval: Duration.hours(1) } });
    expect(onlyResource(template, 'AWS::Scheduler::Schedule').ScheduleExpression).toBe('rate(1 hour)');
  });

  test('enabled: false keeps page-load cron: no schedule, no role, no queue, no WORDPRESS_DISABLE_WP_CRON', () => {
    const { template, wordpress } = synth({ cron: { enabled: false } });
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(containerEnv(template, 'WORDPRESS_DISABLE_WP_CRON')).toBeUndefined();
    expect(wordpress.scheduledCron).toBeUndefined();
  });

  test.each([
    ['interval', { interval: Duration.seconds(30) }, /invalid cron\.interval: 30 seconds\. Allowed: whole minutes from 1 to 1440/],
    ['interval', { interval: Duration.seconds(90) }, /invalid cron\.interval: 1 minute 30 seconds/],
    ['interval', { interval: Duration.days(2) }, /invalid cron\.interval: 2 days/],
    ['timeout', { timeout: Duration.seconds(10) }, /invalid cron\.timeout: 10 seconds/],
  ])('a bad %s is rejected naming the prop: %j', (_prop, cron, message) => {
    expect(() => synth({ cron })).toThrow(message);
  });

  test('bad input is rejected even when cron is disabled (the value is still wrong)', () => {
    expect(() => synth({ cron: { enabled: false, interval: Duration.seconds(30) } })).toThrow(/cron\.interval/);
  });
});
