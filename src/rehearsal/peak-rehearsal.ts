import { Annotations, Duration, Names, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { PeakRehearsalProps } from './peak-rehearsal-props';
import type { RehearsalCostOptions } from '../cost/rehearsal-cost-options';
import { resolveRehearsal } from './private/rehearsal-plan';
import { rehearsalAlarm, rehearsalStoppedRule, rehearsalWidgets } from './private/rehearsal-report';
import { runnerCommand, RUNNER_IMAGE, SUMMARY_METRICS, TOKEN_VARIABLE } from './private/runner';
import { propError } from '../private/validation';

/** CloudWatch namespace of the rehearsal's metrics (dimension `Rehearsal`). */
const NAMESPACE = 'CdkFargateWordpress/PeakRehearsal';

/** CPU units and memory of the load generator's task. */
const TASK_CPU = 1024;
const TASK_MEMORY_MIB = 2048;

/**
 * A peak rehearsal: some days before each of the site's monthly peaks, a load generator replays the traffic profile's
 * peak against the public URL, through CloudFront and the web ACL, for a bounded time, and reports what happened.
 *
 * Creates a Fargate task definition (1 vCPU, 2 GiB) whose one container runs `hey` (from Debian's archive, pinned)
 * at a constant rate for `duration` and prints one JSON summary line; one EventBridge Scheduler schedule per run
 * (`daysBefore` days before each peak at `hourOfDay`, in the site's time zone, in the previous month when that falls
 * before the 1st) that runs the task in the site's cluster and private subnets (out through the NAT gateway); a
 * security group that lets it out on ports 80 and 443 only; a log group whose metric filters turn the summary line
 * into CloudWatch metrics (requests, error rate, p50 and p95 latency, requests per second, kept up); an alarm when a
 * rehearsal did not keep up, and an EventBridge rule that tells the topic how each rehearsal ended; widgets (its
 * metrics and the site's serving tasks against the tasks the profile says the rate needs) for a dashboard.
 *
 * The requests pass the web ACL's per-IP rate limit with a header the rate-based rule alone exempts
 * (`rateLimitExemption`); every other rule, geo-blocking and managed rule groups included, still applies to them.
 */
export class PeakRehearsal extends Construct {
  /** CloudWatch namespace of every rehearsal's metrics (each rehearsal is a value of the `Rehearsal` dimension). */
  public static readonly METRIC_NAMESPACE = NAMESPACE;

  /** The load generator's task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The load generator's container. */
  public readonly container: ecs.ContainerDefinition;
  /** The security group of the load generator's task. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The log group of the load generator (its summary line feeds the metrics). */
  public readonly logGroup: logs.LogGroup;
  /** One schedule per run and month pattern. */
  public readonly schedules: scheduler.Schedule[];
  /** The metric filters of the summary line, by metric name. */
  public readonly metricFilters: logs.MetricFilter[];
  /** Requests per second the rehearsal sends (the profile's peak at the origin, capped). */
  public readonly requestsPerSecond: number;
  /** Tasks the profile says that rate needs. */
  public readonly requiredTasks: number;
  /** How long the load lasts. */
  public readonly duration: Duration;
  /** Value of the `Rehearsal` dimension of the metrics. */
  public readonly rehearsalName: string;
  /** The alarm raised when a rehearsal did not keep up. */
  public readonly fellShortAlarm?: cloudwatch.Alarm;
  /** The EventBridge rule that tells the topic how each rehearsal ended. */
  public readonly stoppedRule?: events.Rule;
  /** What the rehearsal costs a month, for `CostEstimateOptions.rehearsal`. */
  public readonly costOptions: RehearsalCostOptions;

  private readonly props: PeakRehearsalProps;
  private readonly maxP95LatencyMs: number;

  constructor(scope: Construct, id: string, props: PeakRehearsalProps) {
    super(scope, id);
    this.props = props;
    const plan = resolveRehearsal(this, props);
    this.requestsPerSecond = plan.requestsPerSecond;
    this.requiredTasks = plan.requiredTasks;
    this.maxP95LatencyMs = plan.maxP95LatencyMs;
    this.duration = Duration.seconds(plan.durationSeconds);
    this.rehearsalName = Names.uniqueResourceName(this, { maxLength: 200 });
    const cluster = props.site.service.cluster;
    const vpc = cluster.vpc;
    if (vpc.privateSubnets.length === 0) {
      throw propError(this, 'site', 'a VPC without private subnets with egress',
        'The load generator runs in the site\'s private subnets and reaches the public URL through a NAT gateway.');
    }
    if (!props.rateLimitExemption) {
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:rehearsalRateLimited',
        `Without rateLimitExemption the rehearsal's ${plan.requestsPerSecond} requests/s leave through a few NAT addresses and count against `
        + 'the web ACL\'s per-IP rate limit: expect it to block them. Give the web ACL a rateLimitExemption and pass it here.');
    }

    // ------------------------------------------------------------------ the load generator
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: TASK_CPU,
      memoryLimitMiB: TASK_MEMORY_MIB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const url = `${props.publicUrl.replace(/\/+$/, '')}${plan.path}`;
    this.container = this.taskDefinition.addContainer('LoadGenerator', {
      image: props.image ?? ecs.ContainerImage.fromRegistry(RUNNER_IMAGE),
      command: runnerCommand({
        url,
        requestsPerSecond: plan.requestsPerSecond,
        durationSeconds: plan.durationSeconds,
        headerName: props.rateLimitExemption?.headerName,
        maxErrorRatePercent: plan.maxErrorRatePercent,
        maxP95LatencyMs: plan.maxP95LatencyMs,
        rehearsalName: this.rehearsalName,
      }),
      essential: true,
      // The token reaches the task as an ECS secret (execution role reads it), never in the template or a plain variable.
      secrets: props.rateLimitExemption ? { [TOKEN_VARIABLE]: ecs.Secret.fromSecretsManager(props.rateLimitExemption.token) } : undefined,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'rehearsal' }),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Peak rehearsal load generator: out to the public URL (443) and the Debian archive (80) only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'The public URL, through CloudFront');
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'Debian archive (installs the load generator)');

    // ------------------------------------------------------------------ when: days before each peak, in the site's time zone
    const target = new schedulerTargets.EcsRunFargateTask(cluster, {
      taskDefinition: this.taskDefinition,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      taskCount: 1,
      // A run that cannot start (no capacity, throttling) is retried for up to an hour, then dropped until the next peak.
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    });
    this.schedules = plan.schedules.map((run) => new scheduler.Schedule(this, run.id, {
      description: `Peak rehearsal ${plan.daysBefore} day(s) before a peak: ${plan.requestsPerSecond} requests/s for ${plan.durationSeconds / 60} min`,
      schedule: scheduler.ScheduleExpression.cron({
        minute: run.minute, hour: run.hour, day: run.day, month: run.month, timeZone: TimeZone.of(plan.timeZone),
      }),
      target,
    }));

    // ------------------------------------------------------------------ the result
    this.metricFilters = SUMMARY_METRICS.map((m) => this.logGroup.addMetricFilter(m.metricName, {
      filterPattern: logs.FilterPattern.stringValue('$.peakRehearsal', '=', 'summary'),
      metricNamespace: NAMESPACE,
      metricName: m.metricName,
      metricValue: `$.${m.field}`,
      dimensions: { Rehearsal: '$.rehearsal' },
      unit: m.unit as cloudwatch.Unit,
    }));
    if (props.alarmTopic) {
      this.fellShortAlarm = rehearsalAlarm(this, props.alarmTopic, this.metricKeptUp(), url);
      this.stoppedRule = rehearsalStoppedRule(this, props.alarmTopic, cluster, this.taskDefinition, url);
    }
    if (props.dashboard) {
      props.dashboard.addWidgets(...this.widgets());
    }
    this.costOptions = {
      runsPerMonth: plan.schedules.length > 0 ? props.site.capacity.monthlyPeaks.length : 0,
      requestsPerSecond: plan.requestsPerSecond,
      durationMinutes: plan.durationSeconds / 60,
      taskCpu: TASK_CPU,
      taskMemoryMiB: TASK_MEMORY_MIB,
    };
  }

  /** A metric of the rehearsal's summary (`Requests`, `ErrorRate`, `LatencyP50`, `LatencyP95`, `RequestsPerSecond`, `KeptUp`). */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: { Rehearsal: this.rehearsalName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.days(1),
      ...props,
    });
  }

  /** 95th percentile latency of the last rehearsal, in milliseconds. */
  public metricLatencyP95(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('LatencyP95', props);
  }

  /** Share of failed requests of the last rehearsal, in percent. */
  public metricErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ErrorRate', props);
  }

  /** 1 when the last rehearsal kept up (rate, errors and p95 within bounds), 0 when it fell short. */
  public metricKeptUp(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('KeptUp', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /** The rehearsal's dashboard widgets: its latency, errors and rate, and the site's serving tasks against the tasks needed. */
  public widgets(): cloudwatch.IWidget[] {
    return rehearsalWidgets(this, this.props.site, this.requestsPerSecond, this.requiredTasks, this.maxP95LatencyMs);
  }
}
