import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { sumOverTargetGroups } from '../../private/target-group-metrics';
import { IWordpressSite } from '../../wordpress/site-contract';

/** A one-minute period. */
export const MINUTE = Duration.minutes(1);

/** The database a site's metrics come from: an Aurora cluster or a MySQL instance. */
export interface MonitoredDatabase {
  /** True for Aurora (Serverless v2), false for a MySQL instance. */
  readonly aurora: boolean;
  /** The dimensions of its AWS/RDS metrics. */
  readonly dimensions: cloudwatch.DimensionsMap;
}

/** The schedules that raise the database's minimum capacity before peaks, as far as their metrics go. */
export interface MonitoredPeakSchedule {
  /** The schedule group (dimension `ScheduleGroup` of the AWS/Scheduler metrics). */
  readonly scheduleGroupName: string;
  /** The minimum capacity through peaks, in ACU. */
  readonly peakMinCapacity: number;
}

/**
 * Every metric of a site, each built in one place (the shape of cdk-monitoring-constructs' metric factories): the
 * alarms and the dashboard read the same metrics from here. Requests, errors and latency are those of the whole load
 * balancer and task health is summed over both target groups, so they follow the tasks through blue/green releases.
 */
export class SiteMetrics {
  /** The site's database, if it has one. */
  public readonly database?: MonitoredDatabase;
  /** The database's peak schedule, if it has one. */
  public readonly databasePeakSchedule?: MonitoredPeakSchedule;

  private readonly loadBalancer: elbv2.IApplicationLoadBalancerMetrics;
  private readonly targetGroups: elbv2.IApplicationTargetGroup[];
  private readonly serviceDimensions: cloudwatch.DimensionsMap;
  private readonly fileSystemDimensions: cloudwatch.DimensionsMap;

  constructor(site: IWordpressSite) {
    this.loadBalancer = site.loadBalancer.metrics;
    this.targetGroups = [site.targetGroup, ...(site.alternateTargetGroup ? [site.alternateTargetGroup] : [])];
    this.serviceDimensions = { ClusterName: site.service.cluster.clusterName, ServiceName: site.service.serviceName };
    this.database = site.databaseCluster
      ? { dimensions: { DBClusterIdentifier: site.databaseCluster.clusterIdentifier }, aurora: true }
      : site.databaseInstance ? { dimensions: { DBInstanceIdentifier: site.databaseInstance.instanceIdentifier }, aurora: false } : undefined;
    this.fileSystemDimensions = { FileSystemId: site.fileSystem.fileSystemId };
    const peakSchedule = site.databasePeakSchedule;
    this.databasePeakSchedule = peakSchedule
      ? { scheduleGroupName: peakSchedule.scheduleGroup.scheduleGroupName, peakMinCapacity: peakSchedule.peakMinCapacity } : undefined;
  }

  // ------------------------------------------------------------------ load balancer

  /** Requests to the load balancer, summed over `period`. */
  public requestCount(period: Duration): cloudwatch.Metric {
    return this.loadBalancer.requestCount({ period, statistic: 'Sum' });
  }

  /** 5xx answers of WordPress (the targets), summed over `period`. */
  public target5xxCount(period: Duration): cloudwatch.Metric {
    return this.loadBalancer.custom('HTTPCode_Target_5XX_Count', { period, statistic: 'Sum' });
  }

  /** 5xx answers of the load balancer itself (no healthy target, timeouts), summed over `period`. */
  public loadBalancer5xxCount(period: Duration): cloudwatch.Metric {
    return this.loadBalancer.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period, statistic: 'Sum' });
  }

  /** Share of requests answered with a 5xx, in percent, over five minutes; 0 below 20 requests. */
  public http5xxRate(): cloudwatch.MathExpression {
    const period = Duration.minutes(5);
    return new cloudwatch.MathExpression({
      expression: 'IF(req >= 20, 100 * (FILL(t5xx, 0) + FILL(e5xx, 0)) / req, 0)',
      usingMetrics: { req: this.requestCount(period), t5xx: this.target5xxCount(period), e5xx: this.loadBalancer5xxCount(period) },
      label: '5xx rate (%)',
      period,
    });
  }

  /** 95th percentile of the target response time, per minute. */
  public p95ResponseTime(): cloudwatch.Metric {
    return this.loadBalancer.custom('TargetResponseTime', { period: MINUTE, statistic: 'p95' });
  }

  /** Unhealthy tasks (maximum per minute), summed over the target groups. */
  public unhealthyTasks(): cloudwatch.IMetric {
    return sumOverTargetGroups(this.targetGroups, (g) => g.metrics.unhealthyHostCount({ period: MINUTE, statistic: 'Maximum' }),
      { label: 'Unhealthy tasks', period: MINUTE, metricId: (i) => `unhealthy${i}` });
  }

  /** Healthy tasks (minimum per minute), summed over the target groups. */
  public healthyTasks(): cloudwatch.IMetric {
    return sumOverTargetGroups(this.targetGroups, (g) => g.metrics.healthyHostCount({ period: MINUTE, statistic: 'Minimum' }),
      { label: 'Healthy tasks', period: MINUTE, metricId: (i) => `healthy${i}` });
  }

  /** Requests per healthy task per minute: what the site's request-count scaling tracks. */
  public requestsPerHealthyTask(): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'FILL(req, 0) / MAX([FILL(tasks, 1), 1])',
      usingMetrics: { req: this.requestCount(MINUTE), tasks: this.healthyTasks() },
      label: 'requests per healthy task',
      period: MINUTE,
    });
  }

  // ------------------------------------------------------------------ tasks

  /** Running tasks of the service (Container Insights). */
  public runningTasks(): cloudwatch.Metric {
    return this.containerInsights('RunningTaskCount');
  }

  /** Tasks the service wants (Container Insights). */
  public desiredTasks(): cloudwatch.Metric {
    return this.containerInsights('DesiredTaskCount');
  }

  /** Desired minus running tasks. */
  public missingTasks(): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'FILL(desired, 0) - FILL(running, 0)',
      usingMetrics: { desired: this.desiredTasks(), running: this.runningTasks() },
      label: 'missing tasks',
      period: MINUTE,
    });
  }

  /** CPU utilization of the service's tasks, in percent. */
  public cpuUtilization(): cloudwatch.Metric {
    return this.ecs('CPUUtilization');
  }

  /** Memory utilization of the service's tasks, in percent. */
  public memoryUtilization(): cloudwatch.Metric {
    return this.ecs('MemoryUtilization');
  }

  // ------------------------------------------------------------------ database

  /** Database load, in percent: Aurora Serverless v2 capacity against its maximum, or the instance's CPU. */
  public databaseLoad(database: MonitoredDatabase): cloudwatch.Metric {
    return this.rds(database, database.aurora ? 'ACUUtilization' : 'CPUUtilization');
  }

  /** A metric of the site's database (AWS/RDS, per minute). */
  public rds(database: MonitoredDatabase, metricName: string, statistic = 'Average'): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap: database.dimensions, period: MINUTE, statistic });
  }

  /**
   * Scheduled changes of the database's capacity range that were never applied, per five minutes: the calls EventBridge
   * Scheduler gave up on after their retries (sent to the dead-letter queue, failed to reach it, or dropped). AWS/Scheduler
   * metrics of the schedule group (https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html); MAX
   * so that a call counted both as dropped and as sent to the queue counts once.
   */
  public databaseScheduleFailures(schedule: MonitoredPeakSchedule): cloudwatch.MathExpression {
    const period = Duration.minutes(5);
    const metric = (metricName: string) => this.scheduler(schedule, metricName, period);
    return new cloudwatch.MathExpression({
      expression: 'MAX([FILL(dropped, 0), FILL(dlq, 0) + FILL(dlqFailed, 0)])',
      usingMetrics: {
        dropped: metric('InvocationDroppedCount'),
        dlq: metric('InvocationsSentToDeadLetterCount'),
        dlqFailed: metric('InvocationsFailedToBeSentToDeadLetterCount'),
      },
      label: 'database capacity changes not applied',
      period,
    });
  }

  /** A metric of the database's peak schedule group (AWS/Scheduler, summed). */
  public scheduler(schedule: MonitoredPeakSchedule, metricName: string, period: Duration = MINUTE): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Scheduler', metricName, dimensionsMap: { ScheduleGroup: schedule.scheduleGroupName }, period, statistic: 'Sum',
    });
  }

  // ------------------------------------------------------------------ file system

  /** Share of the file system's I/O limit used, in percent (General Purpose performance mode). */
  public fileSystemIoLimit(): cloudwatch.Metric {
    return this.efs('PercentIOLimit', 'Maximum');
  }

  /** The file system's burst credit balance, in bytes (bursting throughput). */
  public fileSystemBurstCredits(): cloudwatch.Metric {
    return this.efs('BurstCreditBalance', 'Minimum');
  }

  /** A metric of the site's file system (AWS/EFS, per minute). */
  public efs(metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/EFS', metricName, dimensionsMap: this.fileSystemDimensions, period: MINUTE, statistic });
  }

  private containerInsights(metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights', metricName, dimensionsMap: this.serviceDimensions, period: MINUTE, statistic: 'Average',
    });
  }

  private ecs(metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ECS', metricName, dimensionsMap: this.serviceDimensions, period: MINUTE, statistic: 'Average',
    });
  }
}
