import { Template } from 'aws-cdk-lib/assertions';
import { newStack, site } from '../fixtures';
import { WordpressDatabase, WordpressOperations, WordpressOperationsProps } from 'cdk-fargate-wordpress';

const PEAKS = [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }];

function operations(extra: Omit<Partial<WordpressOperationsProps>, 'site'> = {}, withPeakMinimum = true) {
  const stack = newStack();
  const database = WordpressDatabase.auroraServerlessV2({ peakMinCapacity: withPeakMinimum ? 2 : undefined });
  const s = site(stack, { monthlyPeaks: PEAKS, database });
  const ops = new WordpressOperations(stack, 'Operations', { site: s, ...extra });
  const template = Template.fromStack(stack);
  const groupName = Object.values(template.findResources('AWS::Scheduler::ScheduleGroup'))[0]?.Properties.Name;
  return { ops, template, groupName };
}

/** The dashboard body with every token replaced by a marker, parsed. */
function dashboardWidgets(template: Template): any[] {
  const body = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text).widgets;
}

describe('WordpressOperations on a site whose database follows the peak schedule', () => {
  test('GIVEN a database peak schedule THEN an alarm on the calls of its schedule group that were given up, notifying the topic', () => {
    const { ops, template, groupName } = operations();
    expect(ops.databasePeakScheduleAlarm).toBeDefined();
    expect(ops.alarms).toContain(ops.databasePeakScheduleAlarm);
    const alarm = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .find(([id]) => id.includes('DatabasePeakSchedule'))![1].Properties;
    expect(alarm.Threshold).toBe(1);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    expect(alarm.EvaluationPeriods).toBe(1);
    expect(alarm.TreatMissingData).toBe('notBreaching');
    expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringContaining('AlarmTopic') }]);
    expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe('MAX([FILL(dropped, 0), FILL(dlq, 0) + FILL(dlqFailed, 0)])');
    const stats = Object.fromEntries(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
    expect(stats).toEqual({
      dropped: { Metric: { Namespace: 'AWS/Scheduler', MetricName: 'InvocationDroppedCount', Dimensions: [{ Name: 'ScheduleGroup', Value: groupName }] }, Period: 300, Stat: 'Sum' },
      dlq: { Metric: { Namespace: 'AWS/Scheduler', MetricName: 'InvocationsSentToDeadLetterCount', Dimensions: [{ Name: 'ScheduleGroup', Value: groupName }] }, Period: 300, Stat: 'Sum' },
      dlqFailed: {
        Metric: { Namespace: 'AWS/Scheduler', MetricName: 'InvocationsFailedToBeSentToDeadLetterCount', Dimensions: [{ Name: 'ScheduleGroup', Value: groupName }] },
        Period: 300,
        Stat: 'Sum',
      },
    });
  });

  test('GIVEN thresholds.databasePeakScheduleFailures THEN the alarm uses it', () => {
    const { template } = operations({ thresholds: { databasePeakScheduleFailures: 3 } });
    const alarm = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([id]) => id.includes('DatabasePeakSchedule'))![1];
    expect(alarm.Properties.Threshold).toBe(3);
  });

  test('GIVEN a threshold that is not a whole number from 1 THEN an error names it', () => {
    expect(() => operations({ thresholds: { databasePeakScheduleFailures: 0 } }))
      .toThrow(/invalid thresholds\.databasePeakScheduleFailures: 0\. Allowed: a whole number from 1 to 100/);
  });

  test('THEN the dashboard graphs the schedule group\'s calls and marks the peak minimum on the Aurora capacity graph', () => {
    const { template, groupName } = operations();
    const widgets = dashboardWidgets(template);
    const schedule = widgets.find((w) => w.properties.title === 'Database capacity schedule (calls per hour)');
    expect(schedule.properties.metrics.map((m: any[]) => [m[0], m[1], m[2], m[3]])).toEqual([
      ['AWS/Scheduler', 'InvocationAttemptCount', 'ScheduleGroup', groupName],
      ['AWS/Scheduler', 'TargetErrorCount', 'ScheduleGroup', groupName],
      ['AWS/Scheduler', 'InvocationsSentToDeadLetterCount', 'ScheduleGroup', groupName],
    ]);
    const aurora = widgets.find((w) => w.properties.title === 'Aurora capacity (ACU)');
    expect(aurora.properties.annotations.horizontal).toEqual([{ value: 2, label: 'min during peaks', color: '#ff7f0e', yAxis: 'left' }]);
  });

  test('GIVEN no peak minimum THEN no schedule alarm and no schedule widget', () => {
    const { ops, template } = operations({}, false);
    expect(ops.databasePeakScheduleAlarm).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.includes('DatabasePeakSchedule'))).toEqual([]);
    expect(dashboardWidgets(template).map((w) => w.properties.title)).not.toContain('Database capacity schedule (calls per hour)');
  });
});
