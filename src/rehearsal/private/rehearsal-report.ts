import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { sumOverTargetGroups } from '../../private/target-group-metrics';
import type { IWordpressSite } from '../../wordpress/site-contract';

/** The rehearsal's metrics the widgets draw (`PeakRehearsal` has them). */
export interface RehearsalMetrics {
  metric(name: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricLatencyP95(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  metricKeptUp(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * The alarm raised when a rehearsal did not keep up: its `KeptUp` metric (the runner's verdict) below 1. A rehearsal
 * runs a few times a month, so missing data is the normal state, not an incident.
 */
export function rehearsalAlarm(scope: Construct, topic: sns.ITopic, keptUp: cloudwatch.IMetric, url: string): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'FellShortAlarm', {
    alarmDescription: `The last peak rehearsal against ${url} fell short: its rate, error rate or p95 latency was out of bounds. `
      + 'See the rehearsal widgets of the dashboard and the rehearsal\'s log group.',
    metric: keptUp,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cwActions.SnsAction(topic));
  return alarm;
}

/**
 * Tells the topic how each rehearsal ended: ECS sends a "Task State Change" event when the task stops, with the
 * container's exit code (the runner's verdict) and the reason ECS stopped it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html). The rule matches this task
 * definition's family in the site's cluster only (prefix matching,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html); the input transformer reads
 * the first container by array index (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
export function rehearsalStoppedRule(scope: Construct, topic: sns.ITopic, cluster: ecs.ICluster, taskDefinition: ecs.TaskDefinition,
  url: string): events.Rule {
  const stack = Stack.of(scope);
  const familyArnPrefix = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${taskDefinition.family}:` });
  const field = (path: string) => events.EventField.fromPath(path);
  return new events.Rule(scope, 'StoppedRule', {
    description: 'Tells the operators how each peak rehearsal ended',
    eventPattern: {
      source: ['aws.ecs'],
      detailType: ['ECS Task State Change'],
      detail: {
        clusterArn: [cluster.clusterArn],
        lastStatus: ['STOPPED'],
        taskDefinitionArn: [{ prefix: familyArnPrefix }],
      },
    },
    targets: [new targets.SnsTopic(topic, {
      message: events.RuleTargetInput.fromText(`Peak rehearsal against ${url} ended at ${field('$.detail.stoppedAt')} with exit code `
        + `${field('$.detail.containers[0].exitCode')}: 0 = kept up (rate, error rate and p95 within bounds), 1 = fell short (see the `
        + 'dashboard\'s rehearsal widgets), 2 or none = did not run. ECS: '
        + `${field('$.detail.stoppedReason')}. Task: ${field('$.detail.taskArn')}`),
    })],
  });
}

/**
 * The rehearsal's widgets: its latency, errors and rate (one point per rehearsal), and the site's serving tasks (healthy
 * targets, summed over the blue/green target groups) against the tasks the profile says the rate needs.
 */
export function rehearsalWidgets(rehearsal: RehearsalMetrics, site: IWordpressSite, requestsPerSecond: number, requiredTasks: number,
  maxP95Ms: number): cloudwatch.IWidget[] {
  const groups = [site.targetGroup, ...(site.alternateTargetGroup ? [site.alternateTargetGroup] : [])];
  const healthy = (g: elbv2.IApplicationTargetGroup) =>
    g.metrics.healthyHostCount({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1) });
  const servingTasks = sumOverTargetGroups(groups, healthy, {
    label: 'Serving tasks (healthy targets)',
    period: Duration.minutes(1),
    metricId: (i) => `rehearsalHealthy${i}`,
  });
  return [
    new cloudwatch.GraphWidget({
      title: 'Peak rehearsal: latency through CloudFront (ms, one point a rehearsal)',
      left: [rehearsal.metric('LatencyP50', { label: 'p50' }), rehearsal.metricLatencyP95({ label: 'p95' })],
      leftAnnotations: [{ value: maxP95Ms, label: 'p95 bound', color: cloudwatch.Color.RED }],
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: `Peak rehearsal: rate (target ${requestsPerSecond}/s), errors, kept up`,
      left: [rehearsal.metric('RequestsPerSecond', { label: 'Requests/s reached' })],
      leftAnnotations: [{ value: requestsPerSecond, label: 'Target rate' }],
      right: [rehearsal.metricErrorRate({ label: 'Error rate %' }), rehearsal.metricKeptUp({ label: 'Kept up (1) / fell short (0)' })],
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: `Serving tasks (the rehearsal's rate needs ${requiredTasks})`,
      left: [servingTasks],
      leftAnnotations: [{ value: requiredTasks, label: 'Tasks the rehearsal needs', color: cloudwatch.Color.ORANGE }],
      width: 8,
    }),
  ];
}
