import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** How a sum over target groups is labelled and named in its math expression. */
export interface TargetGroupSumOptions {
  /** Label of the expression. */
  readonly label: string;
  /** Period of the expression. */
  readonly period: Duration;
  /** The id of the i-th group's metric in the expression (ids are part of the rendered alarm or widget). */
  readonly metricId: (index: number) => string;
}

/**
 * The sum of one metric over several target groups (the metric itself when there is one group): what a blue/green
 * site needs, as every other release leaves its tasks and traffic on the second target group. The one place this
 * sum is built, for the operators' alarms and dashboard and for a pipeline's rollback alarms.
 */
export function sumOverTargetGroups(groups: elbv2.IApplicationTargetGroup[],
  metric: (group: elbv2.IApplicationTargetGroup) => cloudwatch.IMetric, options: TargetGroupSumOptions): cloudwatch.IMetric {
  if (groups.length === 1) {
    return metric(groups[0]);
  }
  const usingMetrics = Object.fromEntries(groups.map((g, i) => [options.metricId(i), metric(g)]));
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics).map((k) => `FILL(${k}, 0)`).join(' + '),
    usingMetrics,
    label: options.label,
    period: options.period,
  });
}
