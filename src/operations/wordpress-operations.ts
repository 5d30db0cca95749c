import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmTopic } from './private/alarm-topic';
import { cronAlarms, cronWidgets } from './private/cron-alarms';
import { siteAlarms, resolveThresholds } from './private/site-alarms';
import { siteDashboard } from './private/site-dashboard';
import { SiteMetrics } from './private/site-metrics';
import { siteNotifications } from './private/site-notifications';
import { WordpressOperationsProps } from './wordpress-operations-props';
import { ValidationError } from '../private/validation';

/**
 * Alarms, failure notifications and one dashboard for a WordPress site, in the site's region.
 *
 * Creates an SNS topic (KMS-encrypted, SSL only) with e-mail subscriptions; alarms on the 5xx rate, p95 latency,
 * unhealthy targets, tasks below desired, database load and the file system; EventBridge rules for failed ECS
 * deployments, tasks that cannot start, failed pipeline executions and failed backup jobs; the scheduled WP-Cron's runs that
 * cannot start or fail; and a CloudWatch dashboard
 * (CloudFront and WAF read from us-east-1). CloudFront and WAF alarms live in us-east-1: see `WordpressEdgeOperations`.
 */
export class WordpressOperations extends Construct {
  /** The topic every alarm and notification goes to. */
  public readonly alarmTopic: sns.ITopic;

  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  /** Share of requests answered with a 5xx by WordPress or the load balancer (`thresholds.http5xxRatePercent`). */
  public readonly http5xxRateAlarm: cloudwatch.Alarm;

  /** 95th percentile of the response time (`thresholds.p95Latency`). */
  public readonly p95LatencyAlarm: cloudwatch.Alarm;

  /** Unhealthy tasks, summed over both target groups of a blue/green site (`thresholds.unhealthyHostMinutes`). */
  public readonly unhealthyHostsAlarm: cloudwatch.Alarm;

  /** Fewer running tasks than desired, from Container Insights (`thresholds.tasksBelowDesiredMinutes`). */
  public readonly tasksBelowDesiredAlarm: cloudwatch.Alarm;

  /**
   * Aurora capacity against its maximum, or the MySQL instance's CPU (`thresholds.databaseCapacityPercent`).
   *
   * @default - none when the site has no database
   */
  public readonly databaseCapacityAlarm?: cloudwatch.Alarm;

  /** Share of the file system's I/O limit used (`thresholds.fileSystemIoLimitPercent`). */
  public readonly fileSystemIoLimitAlarm: cloudwatch.Alarm;

  /**
   * The file system's burst credit balance (`thresholds.fileSystemBurstCreditBytes`).
   *
   * @default - none unless the file system uses bursting throughput
   */
  public readonly fileSystemBurstCreditsAlarm?: cloudwatch.Alarm;

  /**
   * A scheduled change of the database's minimum capacity failed for good (`thresholds.databasePeakScheduleFailures`).
   *
   * @default - none unless the site has a database peak schedule
   */
  public readonly databasePeakScheduleAlarm?: cloudwatch.Alarm;

  /**
   * Runs of the scheduled WP-Cron that EventBridge Scheduler could not start (`thresholds.cronFailedInvocations`).
   *
   * @default - none unless the site runs WP-Cron on a schedule
   */
  public readonly cronInvocationFailuresAlarm?: cloudwatch.Alarm;

  /**
   * Messages in the dead-letter queue of the WP-Cron schedule.
   *
   * @default - none unless the site runs WP-Cron on a schedule
   */
  public readonly cronDeadLettersAlarm?: cloudwatch.Alarm;

  /** Every alarm above, in that order (for a composite alarm or another dashboard). */
  public readonly alarms: cloudwatch.Alarm[];

  /** Notifies the topic when a deployment of the service fails (ECS rolled it back). */
  public readonly deploymentFailedRule: events.Rule;

  /** Notifies the topic when the service cannot place or start tasks (ECS service actions of type WARN or ERROR). */
  public readonly tasksCannotStartRule: events.Rule;

  /**
   * Notifies the topic when an execution of `pipeline` fails.
   *
   * @default - none without a pipeline
   */
  public readonly pipelineFailedRule?: events.Rule;

  /**
   * Notifies the topic when a backup job in the site's vault fails, is aborted or expires.
   *
   * @default - none when the site is not backed up
   */
  public readonly backupFailedRule?: events.Rule;

  /**
   * Notifies the topic when a scheduled WP-Cron task stops with a non-zero exit code or cannot start.
   *
   * @default - none unless the site runs WP-Cron on a schedule
   */
  public readonly cronTaskFailedRule?: events.Rule;

  constructor(scope: Construct, id: string, props: WordpressOperationsProps) {
    super(scope, id);
    const site = props.site;
    const thresholds = resolveThresholds(this, props.thresholds);
    if (site.databaseCluster && site.databaseInstance) {
      throw new ValidationError(this, 'site.databaseCluster and site.databaseInstance cannot both be set; a site has one database.');
    }
    const metrics = new SiteMetrics(site);
    const bursting = site.fileSystemThroughputMode === efs.ThroughputMode.BURSTING;

    this.alarmTopic = alarmTopic(this, props.alarmTopic, props.alarmEmails ?? []);
    const alarms = siteAlarms(this, this.alarmTopic, metrics, thresholds, site.fileSystemThroughputMode);
    this.http5xxRateAlarm = alarms.http5xxRate;
    this.p95LatencyAlarm = alarms.p95Latency;
    this.unhealthyHostsAlarm = alarms.unhealthyHosts;
    this.tasksBelowDesiredAlarm = alarms.tasksBelowDesired;
    this.databaseCapacityAlarm = alarms.databaseCapacity;
    this.fileSystemIoLimitAlarm = alarms.fileSystemIoLimit;
    this.fileSystemBurstCreditsAlarm = alarms.fileSystemBurstCredits;
    this.databasePeakScheduleAlarm = alarms.databasePeakSchedule;
    const cron = site.scheduledCron && cronAlarms(this, this.alarmTopic, site.scheduledCron, thresholds.cronFailedInvocations);
    this.cronInvocationFailuresAlarm = cron?.invocationFailures;
    this.cronDeadLettersAlarm = cron?.deadLetters;
    this.cronTaskFailedRule = cron?.taskFailed;
    this.alarms = [this.http5xxRateAlarm, this.p95LatencyAlarm, this.unhealthyHostsAlarm, this.tasksBelowDesiredAlarm,
      ...optional(this.databaseCapacityAlarm), this.fileSystemIoLimitAlarm, ...optional(this.fileSystemBurstCreditsAlarm),
      ...optional(this.databasePeakScheduleAlarm), ...optional(this.cronInvocationFailuresAlarm), ...optional(this.cronDeadLettersAlarm)];

    const rules = siteNotifications(this, this.alarmTopic, site.service, props.pipeline, site.backupVault);
    this.deploymentFailedRule = rules.deploymentFailed;
    this.tasksCannotStartRule = rules.tasksCannotStart;
    this.pipelineFailedRule = rules.pipelineFailed;
    this.backupFailedRule = rules.backupFailed;

    if (props.distribution && (props.cloudFrontAdditionalMetrics ?? true)) {
      new cloudfront.CfnMonitoringSubscription(this, 'CloudFrontAdditionalMetrics', {
        distributionId: props.distribution.distributionId,
        monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
      });
    }

    this.dashboard = siteDashboard(this, {
      dashboardName: props.dashboardName,
      metrics,
      thresholds,
      capacity: site.capacity,
      fileSystemBurstCredits: bursting,
      alarms: this.alarms,
      rules: [
        ['DeploymentFailed', this.deploymentFailedRule],
        ['TasksCannotStart', this.tasksCannotStartRule],
        ...optional(this.pipelineFailedRule).map((rule): [string, events.IRule] => ['PipelineFailed', rule]),
        ...optional(this.backupFailedRule).map((rule): [string, events.IRule] => ['BackupFailed', rule]),
        ...optional(this.cronTaskFailedRule).map((rule): [string, events.IRule] => ['CronTaskFailed', rule]),
      ],
      distribution: props.distribution,
      webAclName: props.webAclName,
      webAclRuleMetricNames: props.webAclRuleMetricNames,
    });
    if (site.scheduledCron) {
      this.dashboard.addWidgets(...cronWidgets(site.scheduledCron));
    }
  }
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
