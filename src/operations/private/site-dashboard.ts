import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { cloudFrontMetric, wafMetric } from './edge-metrics';
import { ResolvedThresholds } from './site-alarms';
import { SiteMetrics } from './site-metrics';
import { WordpressCapacity } from '../../wordpress/capacity';

/** What the dashboard draws: the site's metrics, its capacity, its alarms and rules, and the edge in front of it. */
export interface SiteDashboardProps {
  readonly dashboardName?: string;
  readonly metrics: SiteMetrics;
  readonly thresholds: ResolvedThresholds;
  readonly capacity: WordpressCapacity;
  /** Whether the file system bursts (its burst credits are drawn). */
  readonly fileSystemBurstCredits: boolean;
  readonly alarms: cloudwatch.IAlarm[];
  /** The notification rules, by the label their graph line gets. */
  readonly rules: Array<[string, events.IRule]>;
  readonly distribution?: cloudfront.IDistribution;
  readonly webAclName?: string;
  readonly webAclRuleMetricNames?: string[];
}

/** The site's dashboard (construct ID `Dashboard`), top to bottom as docs/operations.md lists it. */
export function siteDashboard(scope: Construct, props: SiteDashboardProps): cloudwatch.Dashboard {
  const { metrics, capacity } = props;
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: props.dashboardName,
    defaultInterval: Duration.days(7),
  });
  dashboard.addWidgets(new cloudwatch.TextWidget({
    markdown: overview(capacity),
    width: 24,
    height: capacity.monthlyPeaks.length > 0 ? 4 : 2,
  }));
  const edge = edgeWidgets(props);
  if (edge.length > 0) {
    dashboard.addWidgets(...edge);
  }
  const minute = Duration.minutes(1);
  const healthy = metrics.healthyTasks();
  dashboard.addWidgets(
    graph('ALB requests and 5xx', [metrics.requestCount(minute)], [metrics.target5xxCount(minute), metrics.loadBalancer5xxCount(minute)]),
    graph('Response time p95 (s)', [metrics.p95ResponseTime()], [], [{ value: props.thresholds.p95LatencySeconds, label: 'alarm' }]),
    graph('Healthy and unhealthy tasks', [healthy, metrics.unhealthyTasks()]),
  );
  dashboard.addWidgets(
    graph('Tasks: running vs desired', [metrics.runningTasks(), metrics.desiredTasks()], [], capacityAnnotations(capacity)),
    graph('Task CPU and memory (%)', [metrics.cpuUtilization(), metrics.memoryUtilization()], [],
      [{ value: capacity.targetCpuUtilizationPercent, label: 'CPU target' }]),
    graph('Requests per task (per minute)', [metrics.requestsPerHealthyTask()], [],
      [{ value: capacity.requestsPerTargetPerMinute, label: 'target' }]),
  );
  dashboard.addWidgets(...databaseWidgets(metrics), fileSystemWidget(metrics, props.fileSystemBurstCredits));
  const peakSchedule = metrics.databasePeakSchedule;
  if (peakSchedule) {
    const hour = Duration.hours(1);
    dashboard.addWidgets(graph('Database capacity schedule (calls per hour)', [
      metrics.scheduler(peakSchedule, 'InvocationAttemptCount', hour).with({ label: 'attempts' }),
      metrics.scheduler(peakSchedule, 'TargetErrorCount', hour).with({ label: 'RDS errors (retried)' }),
      metrics.scheduler(peakSchedule, 'InvocationsSentToDeadLetterCount', hour).with({ label: 'given up (dead-letter queue)' }),
    ]));
  }
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 16, height: 4 }),
    new cloudwatch.GraphWidget({
      title: 'Failed releases, deployments and backups',
      left: props.rules.map(([name, rule]) => new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'TriggeredRules',
        dimensionsMap: { RuleName: rule.ruleName },
        statistic: 'Sum',
        period: Duration.hours(1),
        label: name,
      })),
      width: 8,
      height: 4,
    }),
  );
  return dashboard;
}

function edgeWidgets(props: SiteDashboardProps): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [];
  const distribution = props.distribution;
  if (distribution) {
    const cf = (metricName: string, statistic: string) => cloudFrontMetric(distribution, metricName, statistic);
    widgets.push(
      graph('CloudFront requests', [cf('Requests', 'Sum')]),
      graph('CloudFront error rates (%)', [cf('4xxErrorRate', 'Average'), cf('5xxErrorRate', 'Average')]),
      graph('CloudFront cache hit rate (%)', [cf('CacheHitRate', 'Average')]),
    );
  }
  const webAclName = props.webAclName;
  if (webAclName) {
    const waf = (metricName: string, rule: string) => wafMetric(webAclName, metricName, rule).with({ label: `${metricName} ${rule}` });
    widgets.push(graph('WAF allowed vs blocked', [waf('AllowedRequests', 'ALL'), waf('BlockedRequests', 'ALL')]));
    const rules = props.webAclRuleMetricNames ?? [];
    if (rules.length > 0) {
      widgets.push(graph('WAF blocked by rule', rules.map((rule) => waf('BlockedRequests', rule))));
    }
  }
  return widgets;
}

function databaseWidgets(metrics: SiteMetrics): cloudwatch.IWidget[] {
  const database = metrics.database;
  if (!database) {
    return [];
  }
  const rds = (metricName: string, statistic?: string) => metrics.rds(database, metricName, statistic);
  const load = metrics.databaseLoad(database);
  const peak = metrics.databasePeakSchedule;
  return database.aurora ? [
    graph('Aurora capacity (ACU)', [rds('ServerlessDatabaseCapacity')], [load],
      peak ? [{ value: peak.peakMinCapacity, label: 'min during peaks', color: '#ff7f0e' }] : []),
    graph('Aurora CPU (%) and connections', [rds('CPUUtilization')], [rds('DatabaseConnections')]),
  ] : [
    graph('MySQL CPU (%) and connections', [load], [rds('DatabaseConnections')]),
    graph('MySQL free storage (bytes)', [rds('FreeStorageSpace', 'Minimum')]),
  ];
}

function fileSystemWidget(metrics: SiteMetrics, burstCredits: boolean): cloudwatch.IWidget {
  return graph('EFS throughput (bytes/min) and I/O limit (%)', [metrics.efs('MeteredIOBytes', 'Sum'), metrics.efs('TotalIOBytes', 'Sum')],
    [metrics.fileSystemIoLimit(), ...(burstCredits ? [metrics.fileSystemBurstCredits()] : [])]);
}

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [],
  leftAnnotations: cloudwatch.HorizontalAnnotation[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, leftAnnotations, width: 8, height: 6 });
}

function capacityAnnotations(capacity: WordpressCapacity): cloudwatch.HorizontalAnnotation[] {
  const peakMins = [...new Set(capacity.monthlyPeaks.map((p) => p.minCapacity))];
  return [
    { value: capacity.minCapacity, label: 'min tasks' },
    { value: capacity.maxCapacity, label: 'max tasks', color: '#d62728' },
    ...peakMins.map((value) => ({ value, label: capacity.trafficProfile ? 'most scheduled during peaks' : 'min during peaks', color: '#ff7f0e' })),
  ];
}

function overview(capacity: WordpressCapacity): string {
  const lines = ['# WordPress site', 'Alarms notify the alarm topic; this dashboard is for looking into them, not for watching.'];
  if (capacity.monthlyPeaks.length > 0) {
    const lead = capacity.peakLeadTimeMinutes;
    const shaped = capacity.trafficProfile !== undefined; // the minimum follows the profile hour by hour
    const peaks = capacity.monthlyPeaks.map((p) =>
      `day ${p.dayOfMonth} for ${p.durationDays} day(s), ${shaped ? 'up to' : 'at least'} ${p.minCapacity} tasks`).join('; ');
    lines.push(`**Scheduled monthly peaks** (${capacity.scheduleTimeZone}, capacity raised ${lead} min before `
      + `${shaped ? 'each busier hour, following the traffic profile' : '00:00'}): ${peaks}. `
      + `Between peaks: ${capacity.minCapacity} to ${capacity.maxCapacity} tasks.`);
  }
  return lines.join('\n\n');
}
