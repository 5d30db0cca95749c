import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { newStack, site } from '../fixtures';
import { parseJsonInput } from '../semantics/json-input';
import { ScalableWordpressOnFargate, WordpressOperations, WordpressOperationsProps } from 'cdk-fargate-wordpress';

/** GIVEN a site with these props WHEN operations watch it: the stack, the site, the operations and the template. */
function watch(siteProps = {}, extra: Partial<Omit<WordpressOperationsProps, 'site'>> = {}) {
  const stack = newStack();
  const s = site(stack, siteProps);
  const ops = new WordpressOperations(stack, 'Operations', { site: s, ...extra });
  return { stack, s, ops, template: Template.fromStack(stack) };
}

function id(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as any);
}

describe('the scheduled WP-Cron on the operators\' alarms', () => {
  let built: { stack: Stack; s: ScalableWordpressOnFargate; ops: WordpressOperations; template: Template };
  beforeAll(() => {
    built = watch();
  });

  test('runs the schedule could not start: target errors, dropped, dead-lettered, by the site\'s schedule group', () => {
    const { stack, s, ops, template } = built;
    const alarm = template.toJSON().Resources[id(stack, ops.cronInvocationFailuresAlarm!)].Properties;
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe('FILL(errors, 0) + FILL(dropped, 0) + FILL(dlq, 0) + FILL(dlqFailed, 0)');
    const metrics = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat.Metric.Namespace,
      m.MetricStat.Metric.MetricName, m.MetricStat.Metric.Dimensions, m.MetricStat.Stat, m.MetricStat.Period]);
    const group = [{ Name: 'ScheduleGroup', Value: stack.resolve(s.scheduledCron!.scheduleGroup.scheduleGroupName) }];
    expect(metrics).toEqual([
      ['errors', 'AWS/Scheduler', 'TargetErrorCount', group, 'Sum', 300],
      ['dropped', 'AWS/Scheduler', 'InvocationDroppedCount', group, 'Sum', 300],
      ['dlq', 'AWS/Scheduler', 'InvocationsSentToDeadLetterCount', group, 'Sum', 300],
      ['dlqFailed', 'AWS/Scheduler', 'InvocationsFailedToBeSentToDeadLetterCount', group, 'Sum', 300],
    ]);
    expect(alarm.AlarmActions).toEqual([{ Ref: id(stack, ops.alarmTopic as any) }]);
  });

  test('messages in the schedule\'s dead-letter queue', () => {
    const { stack, s, ops, template } = built;
    const alarm = template.toJSON().Resources[id(stack, ops.cronDeadLettersAlarm!)].Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(stack, s.scheduledCron!.deadLetterQueue as any), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('a cron task that stopped with a non-zero exit code, or could not start, notifies the topic', () => {
    const { stack, s, ops, template } = built;
    const rule = template.toJSON().Resources[id(stack, ops.cronTaskFailedRule!)].Properties;
    expect(rule.EventPattern).toEqual({
      'source': ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      'detail': {
        clusterArn: [{ 'Fn::GetAtt': [id(stack, s.cluster as any), 'Arn'] }],
        group: [`cron:${s.taskDefinition.family}`],
        lastStatus: ['STOPPED'],
        $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
      },
    });
    expect(rule.Targets).toEqual([expect.objectContaining({
      Arn: { Ref: id(stack, ops.alarmTopic as any) },
      InputTransformer: expect.objectContaining({
        InputPathsMap: { 'detail-taskArn': '$.detail.taskArn', 'detail-stoppedReason': '$.detail.stoppedReason', 'detail-containers-0--exitCode': '$.detail.containers[0].exitCode' },
      }),
    })]);
    // The pattern's group is the one the schedule starts its tasks in.
    expect(s.scheduledCron!.taskGroup).toBe(parseJsonInput(onlySchedule(template).Target.Input).Group);
  });

  test('the dashboard draws the schedule and its queue, and counts the failed cron tasks with the other failures', () => {
    const body = JSON.stringify(built.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('WP-Cron schedule: runs started and not started');
    expect(body).toContain('InvocationAttemptCount');
    expect(body).toContain('WP-Cron dead-letter queue');
    expect(body).toContain('CronTaskFailed');
  });

  test('thresholds.cronFailedInvocations sets the threshold, and is checked', () => {
    const { ops, template, stack } = watch({}, { thresholds: { cronFailedInvocations: 3 } });
    expect(template.toJSON().Resources[id(stack, ops.cronInvocationFailuresAlarm!)].Properties.Threshold).toBe(3);
    expect(() => watch({}, { thresholds: { cronFailedInvocations: 0 } })).toThrow(/invalid thresholds\.cronFailedInvocations: 0/);
  });

  test('a site with page-load cron has none of them', () => {
    const { ops, template } = watch({ cron: { enabled: false } });
    expect([ops.cronInvocationFailuresAlarm, ops.cronDeadLettersAlarm, ops.cronTaskFailedRule]).toEqual([undefined, undefined, undefined]);
    expect(ops.alarms).toHaveLength(6);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'))).not.toContain('WP-Cron');
  });
});

function onlySchedule(t: Template): any {
  return Object.values(t.findResources('AWS::Scheduler::Schedule'))[0].Properties;
}
