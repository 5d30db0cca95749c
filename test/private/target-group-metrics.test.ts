import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { sumOverTargetGroups } from '../../src/private/target-group-metrics';

function groups(count: number): elbv2.ApplicationTargetGroup[] {
  const stack = new Stack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return Array.from({ length: count }, (_, i) => new elbv2.ApplicationTargetGroup(stack, `Group${i}`, { vpc, port: 80 }));
}
const unhealthy = (g: elbv2.IApplicationTargetGroup) => new cloudwatch.Metric({
  namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', dimensionsMap: { TargetGroup: g.node.id }, statistic: 'Maximum',
});

test('one target group: the metric itself, no math', () => {
  const metric = sumOverTargetGroups(groups(1), unhealthy, { label: 'x', period: Duration.minutes(1), metricId: (i) => `m${i}` });
  expect(metric).toBeInstanceOf(cloudwatch.Metric);
});

test('a blue/green pair: FILL(…, 0) over both, with the ids, label and period asked for', () => {
  const metric = sumOverTargetGroups(groups(2), unhealthy, { label: 'Unhealthy tasks', period: Duration.minutes(1), metricId: (i) => ['a', 'b'][i] });
  expect(metric).toBeInstanceOf(cloudwatch.MathExpression);
  const math = metric as cloudwatch.MathExpression;
  expect(math.expression).toBe('FILL(a, 0) + FILL(b, 0)');
  expect(Object.keys(math.usingMetrics)).toEqual(['a', 'b']);
  expect(math.label).toBe('Unhealthy tasks');
  expect(math.period.toSeconds()).toBe(60);
});
