import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarm, notifyOn } from './alarm-topic';
import { SiteCron } from '../../wordpress/site-contract';

const PERIOD = Duration.minutes(5);

/** What watches a site's scheduled WP-Cron. */
export interface CronAlarms {
  readonly invocationFailures: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;
  readonly taskFailed: events.Rule;
}

/**
 * The schedule's failures to start a run (AWS/Scheduler metrics of its own group), the runs waiting in its dead-letter
 * queue, and the cron tasks that started but failed (construct IDs `CronInvocationFailures`, `CronDeadLetters`,
 * `CronTaskFailed`).
 *
 * A run that starts and then fails (a PHP fatal error, no database, the timeout) is no Scheduler failure: RunTask
 * succeeded. The runs carry the task group `cron:<family>` (the `Group` of the schedule's RunTask request). ECS publishes no metric of a task's exit code, but it sends a task state change event for every stopped
 * task (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html: `group`, `lastStatus`,
 * `stopCode`, `containers[].exitCode`), so an EventBridge rule forwards the failed cron tasks to the topic, with the exit
 * code and the reason in the message, as the site's other failure notifications do; its `TriggeredRules` metric joins
 * the dashboard with theirs.
 */
export function cronAlarms(scope: Construct, topic: sns.ITopic, cron: SiteCron, failedInvocations: number): CronAlarms {
  const group = cron.scheduleGroup;
  // AWS/Scheduler metrics by ScheduleGroup, which EventBridge Scheduler "emits ... for all schedules" whatever their target
  // (the cron's is a universal target calling ecs:runTask; a refused RunTask is a target error):
  // https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html.
  const invocationFailures = alarm(scope, 'CronInvocationFailures', topic, {
    alarmDescription: 'EventBridge Scheduler could not start the WordPress cron task (target errors, dropped or dead-lettered runs).',
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(errors, 0) + FILL(dropped, 0) + FILL(dlq, 0) + FILL(dlqFailed, 0)',
      usingMetrics: {
        errors: group.metricTargetErrors({ period: PERIOD }),
        dropped: group.metricDropped({ period: PERIOD }),
        dlq: group.metricSentToDLQ({ period: PERIOD }),
        dlqFailed: group.metricFailedToBeSentToDLQ(undefined, { period: PERIOD }),
      },
      label: 'cron runs not started',
      period: PERIOD,
    }),
    threshold: failedInvocations,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  });
  const deadLetters = alarm(scope, 'CronDeadLetters', topic, {
    alarmDescription: 'Runs of the WordPress cron schedule wait in its dead-letter queue: read them, then purge the queue.',
    metric: cron.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
  });
  const field = (path: string) => events.EventField.fromPath(path);
  const taskFailed = notifyOn(scope, 'CronTaskFailed', topic, 'A WordPress cron task failed (non-zero exit, or it could not start)', {
    source: ['aws.ecs'],
    detailType: ['ECS Task State Change'],
    detail: {
      clusterArn: [cron.cluster.clusterArn],
      group: [cron.taskGroup],
      lastStatus: ['STOPPED'],
      // Either a container exited non-zero, or the task never ran its container (e.g. the image could not be pulled).
      $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
    },
  }, events.RuleTargetInput.fromText(`WordPress cron task ${field('$.detail.taskArn')} failed: ${field('$.detail.stoppedReason')} `
    + `(exit code ${field('$.detail.containers[0].exitCode')}).`));
  return { invocationFailures, deadLetters, taskFailed };
}

/** The dashboard's cron row: runs started and not started, and the dead-letter queue. */
export function cronWidgets(cron: SiteCron): cloudwatch.IWidget[] {
  const group = cron.scheduleGroup;
  return [
    new cloudwatch.GraphWidget({
      title: 'WP-Cron schedule: runs started and not started',
      left: [
        group.metricAttempts({ period: PERIOD, label: 'attempts' }),
        group.metricTargetErrors({ period: PERIOD, label: 'target errors' }),
        group.metricDropped({ period: PERIOD, label: 'dropped' }),
        group.metricSentToDLQ({ period: PERIOD, label: 'sent to dead-letter queue' }),
      ],
      width: 16,
      height: 4,
    }),
    new cloudwatch.GraphWidget({
      title: 'WP-Cron dead-letter queue',
      left: [cron.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: 'messages' })],
      width: 8,
      height: 4,
    }),
  ];
}
