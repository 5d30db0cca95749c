import { Duration, Names, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { planSiteSchedule } from './profile-capacity';
import { WordpressCapacity } from '../capacity';

/** Fargate Spot above an on-demand base, when the capacity has Spot weights. */
export function capacityProviderStrategies(capacity: WordpressCapacity): ecs.CapacityProviderStrategy[] | undefined {
  if (capacity.spotWeight === undefined) {
    return undefined;
  }
  return [
    { capacityProvider: 'FARGATE', base: capacity.spotOnDemandBaseTasks, weight: capacity.spotOnDemandWeight },
    { capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight },
  ];
}

/** The target groups whose requests the request-count target tracking follows. */
export interface ScalingTargets {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
}

/**
 * The service's scalable task count: target tracking on CPU (`CpuScaling`) and on requests per task (`RequestScaling`,
 * over both target groups of a blue/green site), and the scheduled actions that raise the minimum before monthly peaks
 * (one flat minimum per peak, or shaped by the site's traffic profile).
 */
export function addSiteScaling(service: ecs.FargateService, capacity: WordpressCapacity, targets: ScalingTargets): ecs.ScalableTaskCount {
  const scalableTarget = service.autoScaleTaskCount({ minCapacity: capacity.minCapacity, maxCapacity: capacity.maxCapacity });
  scalableTarget.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: capacity.targetCpuUtilizationPercent,
    scaleOutCooldown: Duration.seconds(capacity.scaleOutCooldownSeconds),
    scaleInCooldown: Duration.seconds(capacity.scaleInCooldownSeconds),
  });
  if (targets.alternateTargetGroup) {
    scaleOnRequestsOfBothTargetGroups(scalableTarget, capacity, targets.loadBalancer, targets.targetGroup, targets.alternateTargetGroup);
  } else {
    scalableTarget.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: capacity.requestsPerTargetPerMinute,
      targetGroup: targets.targetGroup,
      scaleOutCooldown: Duration.seconds(capacity.scaleOutCooldownSeconds),
      scaleInCooldown: Duration.seconds(capacity.scaleInCooldownSeconds),
    });
  }
  const timeZone = TimeZone.of(capacity.scheduleTimeZone);
  for (const action of planSiteSchedule(capacity)) {
    const day = action.weekDay === undefined ? { day: action.day } : { weekDay: action.weekDay };
    scalableTarget.scaleOnSchedule(action.id, {
      schedule: appscaling.Schedule.cron({ minute: action.minute, hour: action.hour, ...day, month: action.month }),
      timeZone,
      minCapacity: action.minCapacity,
    });
  }
  return scalableTarget;
}

/**
 * Request-count target tracking over both target groups of a blue/green site: requests to the
 * two groups per healthy task. (The predefined ALBRequestCountPerTarget follows one target group
 * and would see no requests once a deployment has moved traffic to the other.)
 */
function scaleOnRequestsOfBothTargetGroups(scalableTarget: ecs.ScalableTaskCount, capacity: WordpressCapacity,
  loadBalancer: elbv2.ApplicationLoadBalancer, targetGroup: elbv2.ApplicationTargetGroup, alternate: elbv2.ApplicationTargetGroup): void {
  const dimensions = (tg: elbv2.ApplicationTargetGroup) => [
    { name: 'LoadBalancer', value: loadBalancer.loadBalancerFullName },
    { name: 'TargetGroup', value: tg.targetGroupFullName },
  ];
  const stat = (id: string, metricName: string, tg: elbv2.ApplicationTargetGroup, statistic: string) => ({
    id,
    returnData: false,
    metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions: dimensions(tg) }, stat: statistic },
  });
  const target = scalableTarget.node.findChild('Target') as appscaling.ScalableTarget;
  new appscaling.CfnScalingPolicy(scalableTarget, 'RequestScaling', {
    policyName: `${Names.uniqueId(scalableTarget)}RequestScaling`.slice(-255),
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: capacity.requestsPerTargetPerMinute,
      scaleOutCooldown: capacity.scaleOutCooldownSeconds,
      scaleInCooldown: capacity.scaleInCooldownSeconds,
      customizedMetricSpecification: {
        metrics: [
          stat('requestsA', 'RequestCount', targetGroup, 'Sum'),
          stat('requestsB', 'RequestCount', alternate, 'Sum'),
          stat('healthyA', 'HealthyHostCount', targetGroup, 'Average'),
          stat('healthyB', 'HealthyHostCount', alternate, 'Average'),
          {
            id: 'requestsPerTarget',
            label: 'Requests per healthy task per minute (both target groups)',
            expression: 'IF(FILL(healthyA, 0) + FILL(healthyB, 0) > 0, '
              + '(FILL(requestsA, 0) + FILL(requestsB, 0)) / (FILL(healthyA, 0) + FILL(healthyB, 0)), 0)',
            returnData: true,
          },
        ],
      },
    },
  });
}
