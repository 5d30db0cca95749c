import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarm } from './alarm-topic';
import { SiteMetrics } from './site-metrics';
import { checkInteger, checkRange } from '../../private/validation';
import { WordpressAlarmThresholds } from '../wordpress-operations-props';

/** `WordpressAlarmThresholds` with every default applied. */
export interface ResolvedThresholds {
  readonly http5xxRatePercent: number;
  readonly p95LatencySeconds: number;
  readonly unhealthyHostMinutes: number;
  readonly tasksBelowDesiredMinutes: number;
  readonly databaseCapacityPercent: number;
  readonly fileSystemIoLimitPercent: number;
  readonly fileSystemBurstCreditBytes: number;
  readonly databasePeakScheduleFailures: number;
  readonly cronFailedInvocations: number;
}

/** Validate the thresholds and apply their defaults (the one place the defaults live). */
export function resolveThresholds(scope: Construct, t: WordpressAlarmThresholds = {}): ResolvedThresholds {
  checkRange(scope, 'thresholds.http5xxRatePercent', t.http5xxRatePercent, 0.1, 100);
  checkInteger(scope, 'thresholds.unhealthyHostMinutes', t.unhealthyHostMinutes, 1, 60);
  checkInteger(scope, 'thresholds.tasksBelowDesiredMinutes', t.tasksBelowDesiredMinutes, 1, 60);
  checkRange(scope, 'thresholds.databaseCapacityPercent', t.databaseCapacityPercent, 1, 100);
  checkRange(scope, 'thresholds.fileSystemIoLimitPercent', t.fileSystemIoLimitPercent, 1, 100);
  checkInteger(scope, 'thresholds.databasePeakScheduleFailures', t.databasePeakScheduleFailures, 1, 100);
  checkInteger(scope, 'thresholds.cronFailedInvocations', t.cronFailedInvocations, 1, 1000);
  // Not checkDuration: a latency threshold may be a fraction of a second (1.5 s), which that whole-unit check refuses.
  if (t.p95Latency && !t.p95Latency.isUnresolved()) {
    checkRange(scope, 'thresholds.p95Latency (seconds)', t.p95Latency.toMilliseconds() / 1000, 0.01, 60);
  }
  return {
    http5xxRatePercent: t.http5xxRatePercent ?? 5,
    p95LatencySeconds: (t.p95Latency ?? Duration.seconds(3)).toMilliseconds() / 1000,
    unhealthyHostMinutes: t.unhealthyHostMinutes ?? 5,
    tasksBelowDesiredMinutes: t.tasksBelowDesiredMinutes ?? 10,
    databaseCapacityPercent: t.databaseCapacityPercent ?? 90,
    fileSystemIoLimitPercent: t.fileSystemIoLimitPercent ?? 90,
    fileSystemBurstCreditBytes: t.fileSystemBurstCreditBytes ?? 500 * 1024 ** 3,
    databasePeakScheduleFailures: t.databasePeakScheduleFailures ?? 1,
    cronFailedInvocations: t.cronFailedInvocations ?? 1,
  };
}

/** The alarms of a site, by what they watch. */
export interface SiteAlarms {
  readonly http5xxRate: cloudwatch.Alarm;
  readonly p95Latency: cloudwatch.Alarm;
  readonly unhealthyHosts: cloudwatch.Alarm;
  readonly tasksBelowDesired: cloudwatch.Alarm;
  readonly databaseCapacity?: cloudwatch.Alarm;
  readonly fileSystemIoLimit: cloudwatch.Alarm;
  readonly fileSystemBurstCredits?: cloudwatch.Alarm;
  readonly databasePeakSchedule?: cloudwatch.Alarm;
}

/** Create the site's alarms in `scope` (their construct IDs are API), each on a metric of `metrics`, notifying `topic`. */
export function siteAlarms(scope: Construct, topic: sns.ITopic, metrics: SiteMetrics, t: ResolvedThresholds,
  throughputMode: efs.ThroughputMode): SiteAlarms {
  const http5xxRate = alarm(scope, 'Http5xxRate', topic, {
    alarmDescription: 'More than the allowed share of requests failed with a 5xx (WordPress or the load balancer).',
    metric: metrics.http5xxRate(),
    threshold: t.http5xxRatePercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
  });
  const p95Latency = alarm(scope, 'P95Latency', topic, {
    alarmDescription: 'Pages are slow: the 95th percentile of the response time is above the threshold.',
    metric: metrics.p95ResponseTime(),
    threshold: t.p95LatencySeconds,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
  });
  const unhealthyHosts = alarm(scope, 'UnhealthyHosts', topic, {
    alarmDescription: 'At least one WordPress task fails its health check.',
    metric: metrics.unhealthyTasks(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: t.unhealthyHostMinutes,
    datapointsToAlarm: t.unhealthyHostMinutes,
  });
  const tasksBelowDesired = alarm(scope, 'TasksBelowDesired', topic, {
    alarmDescription: 'Fewer WordPress tasks run than the service wants (tasks fail to start, or no capacity).',
    metric: metrics.missingTasks(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: t.tasksBelowDesiredMinutes,
    datapointsToAlarm: t.tasksBelowDesiredMinutes,
  });
  const database = metrics.database;
  const databaseCapacity = database ? alarm(scope, 'DatabaseCapacity', topic, {
    alarmDescription: database.aurora
      ? 'The Aurora Serverless v2 database runs at its maximum capacity: raise maxCapacity or look for slow queries.'
      : 'The MySQL instance is busy: consider a larger instance class or look for slow queries.',
    metric: metrics.databaseLoad(database),
    threshold: t.databaseCapacityPercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
  }) : undefined;
  const fileSystemIoLimit = alarm(scope, 'FileSystemIoLimit', topic, {
    alarmDescription: 'The wp-content file system is close to its I/O limit: pages that read many files slow down.',
    metric: metrics.fileSystemIoLimit(),
    threshold: t.fileSystemIoLimitPercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
  });
  const fileSystemBurstCredits = throughputMode === efs.ThroughputMode.BURSTING ? alarm(scope, 'FileSystemBurstCredits', topic, {
    alarmDescription: 'The wp-content file system is running out of burst credits: switch it to elastic throughput.',
    metric: metrics.fileSystemBurstCredits(),
    threshold: t.fileSystemBurstCreditBytes,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 5,
  }) : undefined;
  const schedule = metrics.databasePeakSchedule;
  const databasePeakSchedule = schedule ? alarm(scope, 'DatabasePeakSchedule', topic, {
    alarmDescription: `A scheduled change of the database's minimum capacity (to ${schedule.peakMinCapacity} ACU before a peak, or back `
      + 'after it) failed after its retries: the event is in the dead-letter queue. Apply it with aws rds modify-db-cluster '
      + '--serverless-v2-scaling-configuration (see docs/site.md).',
    metric: metrics.databaseScheduleFailures(schedule),
    threshold: t.databasePeakScheduleFailures,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  }) : undefined;
  return {
    http5xxRate, p95Latency, unhealthyHosts, tasksBelowDesired, databaseCapacity, fileSystemIoLimit, fileSystemBurstCredits, databasePeakSchedule,
  };
}
