import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { nagFindings, newStack, site } from '../fixtures';
import {
  IWordpressSite, ScalableWordpressOnFargate, WordpressDatabase, WordpressDeployment, WordpressOperations, WordpressOperationsOptions,
  WordpressOperationsProps,
} from 'cdk-fargate-wordpress';

/** The dashboard body with every token replaced by a marker, parsed. */
function dashboardBody(template: Template): any {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
  const body = dashboard.Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text);
}
function widgetTitles(template: Template): string[] {
  return dashboardBody(template).widgets.map((w: any) => w.properties.title ?? w.properties.markdown?.split('\n')[0]);
}
function alarmByName(template: Template, logicalIdPart: string): any {
  const found = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.includes(logicalIdPart));
  expect(found).toHaveLength(1);
  return found[0][1].Properties;
}

/** GIVEN a site with these props WHEN operations watch it: the stack, the site and the operations. */
interface Built { stack: Stack; s: ScalableWordpressOnFargate; ops: WordpressOperations }
function operationsOn(extra: Omit<Partial<WordpressOperationsProps>, 'site'> = {}, siteProps = {}): Built {
  const stack = newStack();
  const s = site(stack, siteProps);
  const ops = new WordpressOperations(stack, 'Operations', { site: s, ...extra });
  return { stack, s, ops };
}

describe('WordpressOperations', () => {
  let template: Template;
  let ops: WordpressOperations;
  let stack: Stack;
  beforeAll(() => {
    const built = operationsOn({ alarmEmails: ['ops@example.com', 'dev@example.com'] }, {
      monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }], scheduleTimeZone: 'Asia/Seoul',
    });
    stack = built.stack;
    ops = built.ops;
    template = Template.fromStack(stack);
  });

  test('an SNS topic encrypted with a rotating customer managed key, SSL only, e-mail subscriptions', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'ops@example.com' });
  });

  test('every alarm notifies the topic on ALARM and on OK and treats missing data as fine', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(8); // six of the site, two of its scheduled WP-Cron
    const topicRef = { Ref: Match.stringLikeRegexp('AlarmTopic') };
    for (const alarm of alarms) {
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.OKActions).toHaveLength(1);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topicRef], OKActions: [topicRef] });
  });

  test('each alarm is a typed property; alarms lists them all in order', () => {
    expect([ops.http5xxRateAlarm, ops.p95LatencyAlarm, ops.unhealthyHostsAlarm, ops.tasksBelowDesiredAlarm, ops.databaseCapacityAlarm,
      ops.fileSystemIoLimitAlarm, ops.cronInvocationFailuresAlarm, ops.cronDeadLettersAlarm].map((a) => a?.node.id))
      .toEqual(['Http5xxRate', 'P95Latency', 'UnhealthyHosts', 'TasksBelowDesired', 'DatabaseCapacity', 'FileSystemIoLimit',
        'CronInvocationFailures', 'CronDeadLetters']);
    expect(ops.alarms).toEqual([ops.http5xxRateAlarm, ops.p95LatencyAlarm, ops.unhealthyHostsAlarm, ops.tasksBelowDesiredAlarm,
      ops.databaseCapacityAlarm, ops.fileSystemIoLimitAlarm, ops.cronInvocationFailuresAlarm, ops.cronDeadLettersAlarm]);
    expect(stack.resolve(ops.p95LatencyAlarm.alarmArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OperationsP95Latency/), 'Arn'] });
  });

  test('5xx rate: target and load balancer 5xx over requests, above 5% in five minutes with at least 20 requests', () => {
    const alarm = alarmByName(template, 'Http5xxRate');
    expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 });
    const expression = alarm.Metrics.find((m: any) => m.Expression);
    expect(expression.Expression).toBe('IF(req >= 20, 100 * (FILL(t5xx, 0) + FILL(e5xx, 0)) / req, 0)');
    const names = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Period]);
    expect(names).toEqual(expect.arrayContaining([
      ['req', 'RequestCount', 300], ['t5xx', 'HTTPCode_Target_5XX_Count', 300], ['e5xx', 'HTTPCode_ELB_5XX_Count', 300],
    ]));
  });

  test('p95 latency above 3 s, three minutes out of five', () => {
    expect(alarmByName(template, 'P95Latency')).toMatchObject({
      MetricName: 'TargetResponseTime',
      Namespace: 'AWS/ApplicationELB',
      ExtendedStatistic: 'p95',
      Period: 60,
      Threshold: 3,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
  });

  test('unhealthy hosts for five minutes in a row', () => {
    expect(alarmByName(template, 'UnhealthyHosts')).toMatchObject({
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
    });
  });

  test('tasks below desired for ten minutes, from Container Insights', () => {
    const alarm = alarmByName(template, 'TasksBelowDesired');
    expect(alarm).toMatchObject({ Threshold: 0, EvaluationPeriods: 10, DatapointsToAlarm: 10 });
    const metrics = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric);
    expect(metrics.map((m: any) => [m.Namespace, m.MetricName])).toEqual([
      ['ECS/ContainerInsights', 'DesiredTaskCount'], ['ECS/ContainerInsights', 'RunningTaskCount'],
    ]);
    expect(metrics[0].Dimensions.map((d: any) => d.Name)).toEqual(['ClusterName', 'ServiceName']);
  });

  test('Aurora at 90% of its maximum capacity for 15 minutes', () => {
    expect(alarmByName(template, 'DatabaseCapacity')).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'ACUUtilization',
      Threshold: 90,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 15,
      Dimensions: [{ Name: 'DBClusterIdentifier', Value: { Ref: expect.stringMatching(/^WordpressDatabase/) } }],
    });
  });

  test('EFS I/O limit at 90% for 15 minutes; no burst credit alarm with elastic throughput', () => {
    expect(alarmByName(template, 'FileSystemIoLimit')).toMatchObject({ Namespace: 'AWS/EFS', MetricName: 'PercentIOLimit', Threshold: 90 });
    expect(ops.fileSystemBurstCreditsAlarm).toBeUndefined();
  });

  test('failed deployments, tasks that cannot start and failed backup jobs notify the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecs'],
        'detail-type': ['ECS Deployment State Change'],
        'detail': { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
        'resources': [{ Ref: Match.stringLikeRegexp('Service') }],
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AlarmTopic') } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.backup'],
        'detail-type': ['Backup Job State Change'],
        'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('BackupVault'), 'BackupVaultName'] }] },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecs'],
        'detail-type': ['ECS Service Action'],
        'detail': { eventType: ['WARN', 'ERROR'] },
        'resources': [{ Ref: Match.stringLikeRegexp('Service') }],
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AlarmTopic') } })],
    });
    expect([ops.deploymentFailedRule, ops.tasksCannotStartRule, ops.backupFailedRule].map((r) => r?.node.id))
      .toEqual(['DeploymentFailed', 'TasksCannotStart', 'BackupFailed']);
    expect(ops.pipelineFailedRule).toBeUndefined();
  });

  test('a dashboard with the site overview, the scheduled peaks, the ALB, the tasks, the database, EFS and the alarms', () => {
    expect(widgetTitles(template)).toEqual([
      '# WordPress site',
      'ALB requests and 5xx', 'Response time p95 (s)', 'Healthy and unhealthy tasks',
      'Tasks: running vs desired', 'Task CPU and memory (%)', 'Requests per task (per minute)',
      'Aurora capacity (ACU)', 'Aurora CPU (%) and connections', 'EFS throughput (bytes/min) and I/O limit (%)',
      'Alarms', 'Failed releases, deployments and backups',
      'WP-Cron schedule: runs started and not started', 'WP-Cron dead-letter queue',
    ]);
    const body = dashboardBody(template);
    expect(body.widgets[0].properties.markdown).toContain('day 5 for 2 day(s), at least 4 tasks; day 25 for 2 day(s), at least 4 tasks');
    expect(body.widgets[0].properties.markdown).toContain('Asia/Seoul');
    const tasks = body.widgets.find((w: any) => w.properties.title === 'Tasks: running vs desired');
    expect(tasks.properties.annotations.horizontal).toEqual([
      { value: 2, label: 'min tasks', yAxis: 'left' },
      { value: 10, label: 'max tasks', color: '#d62728', yAxis: 'left' },
      { value: 4, label: 'min during peaks', color: '#ff7f0e', yAxis: 'left' },
    ]);
    const alarms = body.widgets.find((w: any) => w.properties.title === 'Alarms');
    expect(alarms.properties.alarms).toHaveLength(8);
  });

  test('no unacknowledged cdk-nag finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('WordpressOperations props', () => {
  test('CloudFront and WAF metrics are read from us-east-1 on the dashboard', () => {
    const { stack } = operationsOn({
      distribution: cloudfront.Distribution.fromDistributionAttributes(newStack('Other'), 'D', { distributionId: 'E123', domainName: 'd.cloudfront.net' }),
      webAclName: 'wordpress-web-acl',
      webAclRuleMetricNames: ['AWSManagedRulesWordPressRuleSet', 'RateLimit'],
    });
    const body = dashboardBody(Template.fromStack(stack));
    const titled = (title: string) => body.widgets.find((w: any) => w.properties.title === title).properties;
    expect(titled('CloudFront requests').metrics).toEqual([
      ['AWS/CloudFront', 'Requests', 'DistributionId', 'E123', 'Region', 'Global', { region: 'us-east-1', stat: 'Sum' }],
    ]);
    expect(titled('CloudFront cache hit rate (%)').metrics[0][1]).toBe('CacheHitRate');
    expect(titled('CloudFront error rates (%)').metrics.map((m: any) => m[1])).toEqual(['4xxErrorRate', '5xxErrorRate']);
    expect(titled('WAF allowed vs blocked').metrics.every((m: any) => m[6].region === 'us-east-1')).toBe(true);
    expect(titled('WAF allowed vs blocked').metrics.map((m: any) => m.slice(0, 6))).toEqual([
      ['AWS/WAFV2', 'AllowedRequests', 'Rule', 'ALL', 'WebACL', 'wordpress-web-acl'],
      ['AWS/WAFV2', 'BlockedRequests', 'Rule', 'ALL', 'WebACL', 'wordpress-web-acl'],
    ]);
    expect(titled('WAF blocked by rule').metrics.map((m: any) => m[3])).toEqual(['AWSManagedRulesWordPressRuleSet', 'RateLimit']);
  });

  test('a blue/green site: task health summed over both target groups, in the alarm and on the dashboard alike', () => {
    const { stack } = operationsOn({}, { deployment: WordpressDeployment.ecsBlueGreen() });
    const template = Template.fromStack(stack);
    const alarm = alarmByName(template, 'UnhealthyHosts');
    expect(alarm.Metrics.find((m: any) => m.Expression).Expression).toBe('FILL(unhealthy0, 0) + FILL(unhealthy1, 0)');
    const groups = alarm.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'TargetGroup').Value['Fn::GetAtt'][0]);
    expect(groups).toEqual([expect.stringMatching(/^WordpressTargetGroup/), expect.stringMatching(/^WordpressAlternateTargetGroup/)]);
    const health = dashboardBody(template).widgets.find((w: any) => w.properties.title === 'Healthy and unhealthy tasks');
    const expressions = health.properties.metrics.filter((m: any) => m[0].expression).map((m: any) => m[0].expression);
    expect(expressions).toEqual(['FILL(healthy0, 0) + FILL(healthy1, 0)', 'FILL(unhealthy0, 0) + FILL(unhealthy1, 0)']);
  });

  test("CloudFront's additional metrics (cache hit rate) are turned on for the distribution, unless declined", () => {
    const distribution = (stack: Stack) =>
      cloudfront.Distribution.fromDistributionAttributes(stack, 'D', { distributionId: 'E123', domainName: 'd.cloudfront.net' });
    const on = newStack();
    new WordpressOperations(on, 'Operations', { site: site(on), distribution: distribution(on) });
    Template.fromStack(on).hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      DistributionId: 'E123',
      MonitoringSubscription: { RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' } },
    });
    const off = newStack();
    new WordpressOperations(off, 'Operations', { site: site(off), distribution: distribution(off), cloudFrontAdditionalMetrics: false });
    Template.fromStack(off).resourceCountIs('AWS::CloudFront::MonitoringSubscription', 0);
  });

  test('a pipeline: failed executions notify the topic', () => {
    const stack = newStack();
    const pipeline = codepipeline.Pipeline.fromPipelineArn(stack, 'P', 'arn:aws:codepipeline:ap-northeast-1:123456789012:wordpress');
    const ops = new WordpressOperations(stack, 'Operations', { site: site(stack), pipeline });
    expect(ops.pipelineFailedRule?.node.id).toBe('PipelineFailed');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.codepipeline'],
        'detail-type': ['CodePipeline Pipeline Execution State Change'],
        'detail': { state: ['FAILED'] },
        'resources': ['arn:aws:codepipeline:ap-northeast-1:123456789012:wordpress'],
      },
    });
  });

  test('an RDS instance: CPU alarm and instance widgets', () => {
    const { stack, ops } = operationsOn({}, { database: WordpressDatabase.mysqlInstance() });
    const template = Template.fromStack(stack);
    expect(alarmByName(template, 'DatabaseCapacity')).toMatchObject({
      MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: expect.stringMatching(/^WordpressDatabase/) } }],
    });
    expect(widgetTitles(template)).toContain('MySQL free storage (bytes)');
    expect(ops.databaseCapacityAlarm?.node.id).toBe('DatabaseCapacity');
  });

  test("the site's bursting throughput adds a burst credit alarm and draws the credits", () => {
    const { stack, ops } = operationsOn({ thresholds: { fileSystemBurstCreditBytes: 1e12 } },
      { fileSystemThroughputMode: efs.ThroughputMode.BURSTING });
    const template = Template.fromStack(stack);
    expect(alarmByName(template, 'FileSystemBurstCredits')).toMatchObject({
      MetricName: 'BurstCreditBalance', Threshold: 1e12, ComparisonOperator: 'LessThanThreshold',
    });
    expect(ops.alarms.slice(-3)).toEqual([ops.fileSystemBurstCreditsAlarm, ops.cronInvocationFailuresAlarm, ops.cronDeadLettersAlarm]);
    const efsWidget = dashboardBody(template).widgets.find((w: any) => w.properties.title?.startsWith('EFS'));
    expect(efsWidget.properties.metrics.map((m: any) => m[1])).toEqual(['MeteredIOBytes', 'TotalIOBytes', 'PercentIOLimit', 'BurstCreditBalance']);
  });

  test('thresholds override the defaults', () => {
    const { stack } = operationsOn({
      thresholds: {
        http5xxRatePercent: 2,
        p95Latency: Duration.millis(1500),
        unhealthyHostMinutes: 3,
        tasksBelowDesiredMinutes: 4,
        databaseCapacityPercent: 80,
        fileSystemIoLimitPercent: 75,
      },
      dashboardName: 'wordpress-prod',
    });
    const template = Template.fromStack(stack);
    expect(alarmByName(template, 'Http5xxRate').Threshold).toBe(2);
    expect(alarmByName(template, 'P95Latency').Threshold).toBe(1.5);
    expect(alarmByName(template, 'UnhealthyHosts')).toMatchObject({ EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(alarmByName(template, 'TasksBelowDesired')).toMatchObject({ EvaluationPeriods: 4 });
    expect(alarmByName(template, 'DatabaseCapacity').Threshold).toBe(80);
    expect(alarmByName(template, 'FileSystemIoLimit').Threshold).toBe(75);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'wordpress-prod' });
  });

  test('a given topic: no new topic or key', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:ap-northeast-1:123456789012:ops');
    const ops = new WordpressOperations(stack, 'Operations', { site: site(stack), alarmTopic: topic });
    expect(ops.alarmTopic).toBe(topic);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  const invalid: Array<[string, WordpressOperationsOptions, RegExp]> = [
    ['a bad e-mail', { alarmEmails: ['ops'] }, /invalid alarmEmails\[0\]: "ops"/],
    ['a 5xx rate above 100%', { thresholds: { http5xxRatePercent: 150 } }, /invalid thresholds\.http5xxRatePercent: 150/],
    ['a p95 latency over a minute', { thresholds: { p95Latency: Duration.minutes(2) } }, /invalid thresholds\.p95Latency \(seconds\): 120/],
    ['unhealthy minutes zero', { thresholds: { unhealthyHostMinutes: 0 } }, /invalid thresholds\.unhealthyHostMinutes: 0/],
    ['task minutes over an hour', { thresholds: { tasksBelowDesiredMinutes: 61 } }, /invalid thresholds\.tasksBelowDesiredMinutes: 61/],
    ['database percent zero', { thresholds: { databaseCapacityPercent: 0 } }, /invalid thresholds\.databaseCapacityPercent: 0/],
    ['EFS percent above 100', { thresholds: { fileSystemIoLimitPercent: 101 } }, /invalid thresholds\.fileSystemIoLimitPercent: 101/],
  ];
  test.each(invalid)('rejects %s', (_name, props, message) => {
    expect(() => operationsOn(props)).toThrow(message);
  });

  test('rejects a site with both a database cluster and instance', () => {
    const stack = newStack();
    const a = site(stack, {}, 'A');
    const b = site(stack, { database: WordpressDatabase.mysqlInstance() }, 'B');
    const both: IWordpressSite = Object.create(a, { databaseInstance: { value: b.databaseInstance } });
    expect(() => new WordpressOperations(stack, 'Operations', { site: both }))
      .toThrow(/site\.databaseCluster and site\.databaseInstance cannot both be set/);
  });

  test('a site with backups off: no backup notification', () => {
    const stack = newStack();
    const ops = new WordpressOperations(stack, 'Operations', { site: site(stack, { backup: false }) });
    expect(ops.backupFailedRule).toBeUndefined();
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::Events::Rule', { EventPattern: { source: ['aws.backup'] } }, 0);
  });
});
