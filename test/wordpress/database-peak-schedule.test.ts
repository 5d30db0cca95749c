import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { newStack, site } from '../fixtures';
import { MonthlyPeak, ScalableWordpressOnFargateProps, WordpressDatabase } from 'cdk-fargate-wordpress';

const PEAKS: MonthlyPeak[] = [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }];
const MODIFY_CLUSTER = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:rds:modifyDBCluster']] };

/** A site without scheduled WP-Cron, so that the only schedules, groups and queues are the database's. */
function synth(props: ScalableWordpressOnFargateProps) {
  const stack = newStack();
  const wordpress = site(stack, { cron: { enabled: false }, ...props });
  return { wordpress, template: Template.fromStack(stack), stack };
}

/** The schedules of a template by expression: their input (parsed), time zone and target. */
function schedules(template: Template) {
  return Object.values(template.findResources('AWS::Scheduler::Schedule')).map((r: any) => ({
    expression: r.Properties.ScheduleExpression as string,
    timeZone: r.Properties.ScheduleExpressionTimezone as string,
    input: JSON.parse(r.Properties.Target.Input),
    target: r.Properties.Target,
    group: r.Properties.GroupName,
  }));
}

/** The logical id of the one resource of a type. */
function logicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function clusterIdentifier(template: Template): string {
  return Object.values(template.findResources('AWS::RDS::DBCluster'))[0].Properties.DBClusterIdentifier;
}

describe('database peak minimum (auroraServerlessV2 peakMinCapacity)', () => {
  test('GIVEN two peaks in Seoul WHEN the database has peakMinCapacity 2 THEN one raise an hour before each peak and one restore after it', () => {
    const { template } = synth({
      monthlyPeaks: PEAKS,
      scheduleTimeZone: 'Asia/Seoul',
      database: WordpressDatabase.auroraServerlessV2({ minCapacity: 0.5, maxCapacity: 8, peakMinCapacity: 2 }),
    });
    const id = clusterIdentifier(template);
    const queue = logicalId(template, 'AWS::SQS::Queue');
    const role = Object.keys(template.findResources('AWS::IAM::Role')).find((r) => r.includes('PeakScheduleRole'));
    const byExpression = Object.fromEntries(schedules(template).map((s) => [s.expression, s]));
    expect(Object.keys(byExpression).sort()).toEqual([
      'cron(0 0 27 * ? *)', 'cron(0 0 7 * ? *)', 'cron(0 23 24 * ? *)', 'cron(0 23 4 * ? *)',
    ]);
    const raise = { DbClusterIdentifier: id, ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 8 } };
    const restore = { DbClusterIdentifier: id, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 } };
    expect(byExpression['cron(0 23 4 * ? *)'].input).toEqual(raise);
    expect(byExpression['cron(0 23 24 * ? *)'].input).toEqual(raise);
    expect(byExpression['cron(0 0 7 * ? *)'].input).toEqual(restore);
    expect(byExpression['cron(0 0 27 * ? *)'].input).toEqual(restore);
    for (const s of Object.values(byExpression)) {
      expect(s.timeZone).toBe('Asia/Seoul');
      expect(s.target.Arn).toEqual(MODIFY_CLUSTER);
      // No ApplyImmediately: a capacity range change applies at once anyway, and true would also apply pending changes.
      expect(s.input).not.toHaveProperty('ApplyImmediately');
      expect(s.target.RetryPolicy).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 });
      expect(s.target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [queue, 'Arn'] });
      expect(s.target.RoleArn).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    }
  });

  test('THEN the schedules live in their own schedule group, and the template keeps the off-peak minimum', () => {
    const { template, wordpress } = synth({
      monthlyPeaks: PEAKS, database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }),
    });
    const groups = template.findResources('AWS::Scheduler::ScheduleGroup');
    expect(Object.keys(groups)).toHaveLength(1);
    const groupName = Object.values(groups)[0].Properties.Name;
    expect(new Set(schedules(template).map((s) => s.group))).toEqual(new Set([groupName]));
    template.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 } });
    expect(wordpress.databasePeakSchedule?.peakMinCapacity).toBe(2);
    expect(wordpress.databasePeakSchedule?.scheduleGroup.scheduleGroupName).toBe(groupName);
  });

  test('THEN the role may modify exactly this cluster and send to the encrypted, SSL-only dead-letter queue; only Scheduler of this group may assume it', () => {
    const { template } = synth({ monthlyPeaks: PEAKS, database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }) });
    const clusterRef = logicalId(template, 'AWS::RDS::DBCluster');
    const queue = logicalId(template, 'AWS::SQS::Queue');
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))
      .find((p: any) => JSON.stringify(p.Properties.Roles).includes('PeakScheduleRole')) as any;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: 'rds:ModifyDBCluster',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:ap-northeast-1:123456789012:cluster:', { Ref: clusterRef }]] },
      },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [queue, 'Arn'] } },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('EventBridge Scheduler'),
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012', 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('PeakScheduleGroup'), 'Arn'] } } },
        }],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })],
      },
    });
  });

  test('GIVEN a peak on the 1st WHEN the lead wraps into the previous month THEN the raise fires on its last day (L)', () => {
    const { template } = synth({
      monthlyPeaks: [{ dayOfMonth: 1, durationDays: 2 }, { dayOfMonth: 15 }],
      peakLeadTime: Duration.minutes(90),
      database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 1.5 }),
    });
    const raises = schedules(template).filter((s) => s.input.ServerlessV2ScalingConfiguration.MinCapacity === 1.5).map((s) => s.expression);
    expect(raises.sort()).toEqual(['cron(30 22 14 * ? *)', 'cron(30 22 L * ? *)']);
  });

  test('GIVEN a peak past the 28th THEN one restore per end date, with the months in the cron', () => {
    const { template } = synth({
      monthlyPeaks: [{ dayOfMonth: 28, durationDays: 2 }],
      database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }),
    });
    const restores = schedules(template).filter((s) => s.input.ServerlessV2ScalingConfiguration.MinCapacity === 0.5).map((s) => s.expression);
    // 28 + 2 days: the 30th in every month that has one, the 2nd of March after a 28-day February.
    expect(restores.sort()).toEqual(['cron(0 0 2 3 ? *)', 'cron(0 0 30 1,3,4,5,6,7,8,9,10,11,12 ? *)']);
  });

  test('GIVEN auto-pause WHEN the restore sets the minimum back to 0 THEN it sends the auto-pause delay again (RDS resets it otherwise)', () => {
    const { template } = synth({
      monthlyPeaks: PEAKS,
      database: WordpressDatabase.auroraServerlessV2({ autoPause: Duration.minutes(30), peakMinCapacity: 1 }),
    });
    const inputs = schedules(template).map((s) => s.input.ServerlessV2ScalingConfiguration);
    expect(inputs).toContainEqual({ MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 });
    expect(inputs).toContainEqual({ MinCapacity: 1, MaxCapacity: 4 });
  });

  test('GIVEN no peakMinCapacity THEN no schedule, group, queue or role (the default)', () => {
    const { template, wordpress } = synth({ monthlyPeaks: PEAKS });
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(wordpress.databasePeakSchedule).toBeUndefined();
  });

  test('GIVEN peakMinCapacity WHEN the site has no monthly peak THEN a warning names the prop and nothing is created', () => {
    const { template, stack, wordpress } = synth({ database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }) });
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(wordpress.databasePeakSchedule).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('database.peakMinCapacity is 2 ACU but the site has no monthlyPeaks'));
  });

  test.each([
    ['above maxCapacity', { maxCapacity: 4, peakMinCapacity: 6 }, /invalid database \(auroraServerlessV2\)\.peakMinCapacity: 6\. It must not exceed maxCapacity \(4\)/],
    ['below minCapacity', { minCapacity: 2, peakMinCapacity: 1 }, /invalid database \(auroraServerlessV2\)\.peakMinCapacity: 1\. It must be above minCapacity \(2\)/],
    ['equal to minCapacity', { minCapacity: 2, peakMinCapacity: 2 }, /peakMinCapacity: 2\. It must be above minCapacity \(2\)/],
    ['not a multiple of 0.5', { peakMinCapacity: 1.25 }, /invalid database \(auroraServerlessV2\)\.peakMinCapacity: 1\.25\. Allowed: 0\.5 to 256 in steps of 0\.5/],
  ])('GIVEN a peak minimum %s THEN an error names the prop', (_, options, message) => {
    expect(() => synth({ monthlyPeaks: PEAKS, database: WordpressDatabase.auroraServerlessV2(options) })).toThrow(message);
  });

  test('GIVEN a MySQL instance with a peak minimum (untyped JavaScript) THEN an error names the prop', () => {
    const options = { peakMinCapacity: 2 } as object;
    expect(() => synth({ monthlyPeaks: PEAKS, database: WordpressDatabase.mysqlInstance(options) }))
      .toThrow(/invalid database \(mysqlInstance\)\.peakMinCapacity: 2\. Only WordpressDatabase\.auroraServerlessV2\(\)/);
  });
});
