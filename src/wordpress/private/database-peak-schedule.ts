import { Annotations, Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { planMonthlyPeaks } from './peak-schedule';
import { acknowledge } from '../../private/acknowledge';
import { checkRange, isUnresolved, propError } from '../../private/validation';
import { WordpressCapacity } from '../capacity';
import { DatabasePeakSchedule } from '../site-contract';

/*
 * The database on the site's peak schedule: before each monthly peak (the same lead time and time zone as the
 * service's scheduled actions) EventBridge Scheduler raises the Aurora Serverless v2 cluster's minimum capacity, and
 * after the peak it restores the configured minimum. No Lambda: the schedules call RDS ModifyDBCluster directly as a
 * universal target (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html).
 *
 * What the call relies on:
 * - A capacity range change "takes place immediately, regardless of whether you choose to apply it immediately or during
 *   the next scheduled maintenance window", and the instances "scale up or down if necessary to fall within the new
 *   capacity range" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-administration.html#aurora-serverless-v2-setting-acus).
 *   So the input leaves `ApplyImmediately` at its default (false): true would also apply anything else pending for the
 *   maintenance window, at the start of a peak (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html).
 * - MaxCapacity is sent with MinCapacity (the cluster's own maximum), so a call never depends on how RDS fills a half
 *   given range.
 * - With auto-pause the minimum is 0; a nonzero minimum drops `SecondsUntilAutoPause`, and setting 0 again resets it to
 *   its default (300 s) "unless you specify it again" (ServerlessV2ScalingConfigurationInfo,
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfigurationInfo.html): the restore
 *   sends it again.
 * - `rds:ModifyDBCluster` needs only the `cluster` resource (the others apply to parameters this call does not send),
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html.
 * - Schedules are cron expressions evaluated in `ScheduleExpressionTimezone`, with `L` (last day of the month) in the
 *   day-of-month field (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based): the
 *   same expressions as the service's scheduled actions (planMonthlyPeaks).
 * - Failures: each schedule retries, then sends the event to an SQS dead-letter queue; the AWS/Scheduler metrics of the
 *   schedule group (dimension ScheduleGroup, https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html)
 *   feed WordpressOperations' alarm.
 */

/** The input of `rds:modifyDBCluster` a schedule sends. */
export interface ModifyClusterCapacityInput {
  readonly DbClusterIdentifier: string;
  readonly ServerlessV2ScalingConfiguration: { MinCapacity: number; MaxCapacity: number; SecondsUntilAutoPause?: number };
}

/** What the schedules change and when. */
export interface DatabasePeakScheduleOptions {
  readonly cluster: rds.DatabaseCluster;
  /** The cluster's identifier (literal: the schedules' input names it). */
  readonly clusterIdentifier: string;
  /** Configured (off-peak) minimum capacity in ACU. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Minimum capacity through each peak, in ACU. */
  readonly peakMinCapacity: number;
  /** Auto-pause delay in seconds, when the minimum is 0. */
  readonly autoPauseSeconds?: number;
  /** The site's peaks, lead time and time zone. */
  readonly capacity: WordpressCapacity;
}

/** Retries of a failed call before the event goes to the dead-letter queue. */
export const PEAK_SCHEDULE_RETRY_ATTEMPTS = 10;
/**
 * How long a call is retried. Kept well under the shortest peak (one day), so that a raise retried late can never land
 * after its own restore and leave the peak minimum on for a month.
 */
export const PEAK_SCHEDULE_MAX_EVENT_AGE = Duration.hours(1);

/**
 * Throws unless `peakMinCapacity` fits the cluster's range: a multiple of 0.5 ACU above the minimum and at most the
 * maximum. Unresolved tokens are skipped.
 */
export function checkPeakMinCapacity(scope: IConstruct, prop: string, peak: number | undefined, min: number, max: number): void {
  if (peak === undefined || isUnresolved(peak)) {
    return;
  }
  checkRange(scope, prop, peak, 0.5, 256, 0.5);
  if (!isUnresolved(max) && peak > max) {
    throw propError(scope, prop, peak, `It must not exceed maxCapacity (${max}): raise maxCapacity or lower the peak minimum.`);
  }
  if (!isUnresolved(min) && peak <= min) {
    throw propError(scope, prop, peak, `It must be above minCapacity (${min}): the peak minimum raises the floor before each peak.`);
  }
}

/** Throws when a database that has no capacity range to raise is given a peak minimum (e.g. from JavaScript). */
export function refusePeakMinCapacity(scope: IConstruct, prefix: string, options: object): void {
  const peak = (options as { peakMinCapacity?: unknown }).peakMinCapacity;
  if (peak !== undefined) {
    throw propError(scope, `${prefix}.peakMinCapacity`, peak, 'Only WordpressDatabase.auroraServerlessV2() has a capacity to raise '
      + 'before peaks; remove peakMinCapacity or use Aurora Serverless v2.');
  }
}

/**
 * The schedules that raise the cluster's minimum before each of the site's peaks and restore it after, in their own
 * schedule group, with their role and dead-letter queue (construct `<id>PeakSchedule`). Undefined, with a warning, when
 * the site has no monthly peak.
 */
export function createDatabasePeakSchedule(scope: Construct, id: string, o: DatabasePeakScheduleOptions): DatabasePeakSchedule | undefined {
  const peaks = o.capacity.monthlyPeaks;
  if (peaks.length === 0) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:database-peak-without-peaks',
      `database.peakMinCapacity is ${o.peakMinCapacity} ACU but the site has no monthlyPeaks, so nothing raises the database's `
      + 'minimum capacity: add monthlyPeaks or remove peakMinCapacity.');
    return undefined;
  }
  const root = new Construct(scope, `${id}PeakSchedule`);
  const scheduleGroup = new scheduler.ScheduleGroup(root, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
  const deadLetterQueue = new sqs.Queue(root, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(deadLetterQueue, 'AwsSolutions-SQS3',
    'This queue is the dead-letter queue of the database capacity schedules (EventBridge Scheduler DeadLetterConfig), not a work queue.');
  // The execution role, assumable by EventBridge Scheduler for schedules of this group in this account only
  // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
  const role = new iam.Role(root, 'Role', {
    description: 'EventBridge Scheduler: set the database capacity range before and after peaks',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': scheduleGroup.env.account, 'aws:SourceArn': scheduleGroup.scheduleGroupArn } },
    }),
  });
  const modifyThisCluster = new iam.PolicyStatement({ actions: ['rds:ModifyDBCluster'], resources: [o.cluster.clusterArn] });

  const raise = o.peakMinCapacity;
  const restore = o.minCapacity;
  const timeZone = TimeZone.of(o.capacity.scheduleTimeZone);
  // The service's plan with ACUs in place of tasks: the same crons (lead time, `L` for a peak on the 1st, one restore
  // per end date when a peak runs past the 28th), so the database and the tasks move together.
  const plan = planMonthlyPeaks(peaks.map((p) => ({ ...p, minCapacity: raise })), o.capacity.peakLeadTimeMinutes, restore);
  for (const action of plan) {
    const raising = action.id.endsWith('ScaleOut');
    const input: ModifyClusterCapacityInput = {
      DbClusterIdentifier: o.clusterIdentifier,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: action.minCapacity,
        MaxCapacity: o.maxCapacity,
        ...(!raising && action.minCapacity === 0 && o.autoPauseSeconds !== undefined ? { SecondsUntilAutoPause: o.autoPauseSeconds } : {}),
      },
    };
    const schedule = new scheduler.Schedule(root, action.id.replace('ScaleOut', 'Raise').replace('ScaleIn', 'Restore'), {
      scheduleGroup,
      description: raising
        ? `Raise the database minimum capacity to ${raise} ACU before a monthly peak`
        : `Restore the database minimum capacity to ${restore} ACU after a monthly peak`,
      schedule: scheduler.ScheduleExpression.cron({ minute: action.minute, hour: action.hour, day: action.day, month: action.month, timeZone }),
      target: new targets.Universal({
        service: 'rds',
        action: 'modifyDBCluster',
        input: scheduler.ScheduleTargetInput.fromObject(input),
        role,
        policyStatements: [modifyThisCluster],
        deadLetterQueue,
        retryAttempts: PEAK_SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: PEAK_SCHEDULE_MAX_EVENT_AGE,
      }),
    });
    schedule.node.addDependency(o.cluster);
  }
  return { scheduleGroup, deadLetterQueue, role, peakMinCapacity: raise };
}
