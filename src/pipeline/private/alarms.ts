import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { sumOverTargetGroups } from '../../private/target-group-metrics';

/** The two alarms that roll a deployment back. */
export interface RollbackAlarms {
  readonly target5xxAlarm: cloudwatch.Alarm;
  readonly unhealthyHostsAlarm: cloudwatch.Alarm;
}

/** The blue/green pair of target groups. */
export interface TargetGroupPair {
  readonly targetGroup: elbv2.IApplicationTargetGroup;
  readonly alternateTargetGroup: elbv2.IApplicationTargetGroup;
}

/** Thresholds of the rollback alarms. */
export interface RollbackAlarmOptions {
  readonly target5xxThreshold?: number;
  readonly unhealthyHostThreshold?: number;
}

/**
 * The rollback alarms (`Target5xxAlarm`, `UnhealthyHostsAlarm` under `scope`), each over both target groups: after a
 * deployment moved traffic, the tasks serve from whichever of the two was idle.
 */
export function rollbackAlarms(scope: Construct, targetGroups: TargetGroupPair, options: RollbackAlarmOptions): RollbackAlarms {
  return {
    target5xxAlarm: sumAlarm(scope, 'Target5xxAlarm', targetGroups,
      (tg) => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' }), {
        threshold: options.target5xxThreshold ?? 10,
        evaluationPeriods: 2,
        description: 'WordPress answers 5xx (both target groups): rolls a running deployment back',
      }),
    unhealthyHostsAlarm: sumAlarm(scope, 'UnhealthyHostsAlarm', targetGroups,
      (tg) => tg.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }), {
        threshold: options.unhealthyHostThreshold ?? 1,
        evaluationPeriods: 5,
        description: 'WordPress tasks fail their health check (both target groups): rolls a running deployment back',
      }),
  };
}

function sumAlarm(scope: Construct, id: string, targetGroups: TargetGroupPair,
  metric: (tg: elbv2.IApplicationTargetGroup) => cloudwatch.IMetric,
  o: { threshold: number; evaluationPeriods: number; description: string }): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: o.description,
    metric: sumOverTargetGroups([targetGroups.targetGroup, targetGroups.alternateTargetGroup], metric,
      { label: o.description, period: Duration.minutes(1), metricId: (i) => ['a', 'b'][i] }),
    threshold: o.threshold,
    evaluationPeriods: o.evaluationPeriods,
    datapointsToAlarm: o.evaluationPeriods,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
