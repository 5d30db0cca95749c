import { AuroraScheduledMinimum, readAuroraScheduledMinimums } from './aurora-capacity';
import { FargateServiceScaling, ScalingMetric, ScheduledCapacity, TargetTrackingSettings } from './service-scaling';
import { valueError } from '../../private/validation';

/** The site's database, as the template defines it. */
export interface DatabaseConfiguration {
  /** `AURORA_SERVERLESS_V2` or `MYSQL_INSTANCE`. */
  readonly kind: string;
  /**
   * Aurora Serverless v2 minimum ACU.
   *
   * @default - not Aurora Serverless v2
   */
  readonly auroraMinCapacity?: number;
  /**
   * Aurora Serverless v2 maximum ACU.
   *
   * @default - not Aurora Serverless v2
   */
  readonly auroraMaxCapacity?: number;
  /**
   * Aurora Serverless v2 instances (writer and readers).
   *
   * @default - not Aurora Serverless v2
   */
  readonly auroraInstances?: number;
  /**
   * Schedules that set the Aurora cluster's minimum capacity at times (the peak minimum and its restore).
   *
   * @default - none: the minimum is `auroraMinCapacity` all month
   */
  readonly auroraScheduledMinimums?: AuroraScheduledMinimum[];
  /**
   * RDS instance class, e.g. `db.t4g.small`.
   *
   * @default - not an RDS instance
   */
  readonly instanceClass?: string;
  /**
   * Whether the RDS instance has a standby in another zone.
   *
   * @default false
   */
  readonly multiAz?: boolean;
  /**
   * Allocated storage of the RDS instance in GiB.
   *
   * @default - not an RDS instance
   */
  readonly allocatedStorageGiB?: number;
}

/** What a synthesized template says about a WordPress site, as far as cost and capacity go. */
export interface SiteConfiguration {
  /** Construct path of the ECS service (or its logical id when the template has no path metadata). */
  readonly servicePath: string;
  /** Sizing and scaling of the Fargate service. */
  readonly service: FargateServiceScaling;
  /**
   * The database.
   *
   * @default - the template has no database
   */
  readonly database?: DatabaseConfiguration;
  /** NAT gateways. */
  readonly natGateways: number;
  /** Public IPv4 addresses: Elastic IPs plus one per subnet of each internet-facing load balancer. */
  readonly publicIpv4Addresses: number;
  /** Application load balancers. */
  readonly loadBalancers: number;
  /** EFS file systems. */
  readonly fileSystems: number;
  /** Secrets Manager secrets. */
  readonly secrets: number;
  /** Route 53 hosted zones: those in the template, or 1 when it only writes records into an existing zone. */
  readonly hostedZones: number;
  /**
   * Days AWS Backup keeps each daily recovery point.
   *
   * @default - no backup plan
   */
  readonly backupRetentionDays?: number;
  /** What the reader could not take into account. */
  readonly notes: string[];
}

interface Resource {
  readonly Type: string;
  readonly Properties?: { [key: string]: any };
  readonly Metadata?: { [key: string]: any };
}

/**
 * Reads a site's cost-relevant configuration from its synthesized CloudFormation template: what would
 * be deployed, every default applied (task size and architecture, task count bounds, target tracking
 * policies, scheduled actions and their time zone, Fargate Spot split, database, NAT gateways,
 * secrets, backup retention). Works on any template with one Fargate service; made for the ones
 * `ScalableWordpressOnFargate` synthesizes.
 *
 * @param template the parsed JSON of `cdk.out/<stack>.template.json`, or `Template.fromStack(stack).toJSON()`
 * @param servicePath construct path (or logical id) of the ECS service, when the template has more than one
 */
export function readSiteTemplate(template: any, servicePath?: string): SiteConfiguration {
  const resources: { [id: string]: Resource } = template?.Resources;
  if (!resources || typeof resources !== 'object') {
    throw valueError('template', typeof template, 'Expected a CloudFormation template object with Resources.');
  }
  const notes: string[] = [];
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const pathOf = (id: string) => String(resources[id].Metadata?.['aws:cdk:path'] ?? id);

  // ---------------------------------------------------------------- the service
  const services = ofType('AWS::ECS::Service').filter(([, r]) => isFargate(r, resources));
  const chosen = servicePath === undefined
    ? services
    : services.filter(([id]) => id === servicePath || pathOf(id) === servicePath || pathOf(id).startsWith(`${servicePath}/`));
  if (chosen.length !== 1) {
    const found = services.map(([id]) => pathOf(id)).join(', ') || 'none';
    throw valueError('servicePath', servicePath ?? null,
      `${chosen.length === 0 ? 'No' : 'More than one'} Fargate service matches; the template has: ${found}.`);
  }
  const [serviceId, serviceResource] = chosen[0];
  const chosenPath = pathOf(serviceId);
  const props = serviceResource.Properties ?? {};
  const taskDefinition = resources[refOf(props.TaskDefinition) ?? ''];
  if (!taskDefinition) {
    throw valueError(`${chosenPath}.TaskDefinition`, props.TaskDefinition, 'Expected a Ref to a task definition in the same template.');
  }
  const td = taskDefinition.Properties ?? {};
  const cpu = literalNumber(`${chosenPath} task definition Cpu`, td.Cpu);
  const memoryMiB = literalNumber(`${chosenPath} task definition Memory`, td.Memory);
  const cpuArchitecture = td.RuntimePlatform?.CpuArchitecture ?? 'X86_64';

  const targets = ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter(([, r]) => JSON.stringify(r.Properties?.ResourceId ?? '').includes(`"${serviceId}"`));
  let scaling: Pick<FargateServiceScaling, 'minCapacity' | 'maxCapacity' | 'targetTracking' | 'scheduledActions'>;
  if (targets.length === 0) {
    const desired = props.DesiredCount === undefined ? 1 : literalNumber(`${chosenPath} DesiredCount`, props.DesiredCount);
    notes.push(`The service has no auto scaling: ${desired} task(s) all month.`);
    scaling = { minCapacity: desired, maxCapacity: desired };
  } else {
    const [targetId, target] = targets[0];
    const tp = target.Properties ?? {};
    const targetTracking: TargetTrackingSettings[] = [];
    for (const [id, policy] of ofType('AWS::ApplicationAutoScaling::ScalingPolicy')) {
      const pp = policy.Properties ?? {};
      if (refOf(pp.ScalingTargetId) !== targetId) {
        continue;
      }
      const config = pp.TargetTrackingScalingPolicyConfiguration;
      const metricType = config?.PredefinedMetricSpecification?.PredefinedMetricType;
      const metric = metricType === 'ECSServiceAverageCPUUtilization' ? ScalingMetric.CPU_UTILIZATION
        : metricType === 'ALBRequestCountPerTarget' || isRequestsPerHealthyTarget(config?.CustomizedMetricSpecification)
          ? ScalingMetric.REQUESTS_PER_TARGET : undefined;
      if (pp.PolicyType !== 'TargetTrackingScaling' || metric === undefined) {
        notes.push(`Scaling policy ${pathOf(id)} (${pp.PolicyType}${metricType ? `, ${metricType}` : ''}) is not simulated: `
          + 'only target tracking on CPU utilization and on requests per target is.');
        continue;
      }
      targetTracking.push({
        metric,
        targetValue: literalNumber(`${pathOf(id)} TargetValue`, config.TargetValue),
        scaleOutCooldownSeconds: config.ScaleOutCooldown === undefined ? undefined : literalNumber(`${pathOf(id)} ScaleOutCooldown`, config.ScaleOutCooldown),
        scaleInCooldownSeconds: config.ScaleInCooldown === undefined ? undefined : literalNumber(`${pathOf(id)} ScaleInCooldown`, config.ScaleInCooldown),
        disableScaleIn: config.DisableScaleIn === true || config.DisableScaleIn === 'true' ? true : undefined,
      });
    }
    const scheduledActions: ScheduledCapacity[] = (tp.ScheduledActions ?? []).map((a: any) => ({
      schedule: literalString(`${pathOf(targetId)} ScheduledActions Schedule`, a.Schedule),
      timeZone: a.Timezone === undefined ? undefined : literalString(`${pathOf(targetId)} ScheduledActions Timezone`, a.Timezone),
      minCapacity: a.ScalableTargetAction?.MinCapacity === undefined ? undefined : literalNumber('ScalableTargetAction.MinCapacity', a.ScalableTargetAction.MinCapacity),
      maxCapacity: a.ScalableTargetAction?.MaxCapacity === undefined ? undefined : literalNumber('ScalableTargetAction.MaxCapacity', a.ScalableTargetAction.MaxCapacity),
      name: a.ScheduledActionName,
    }));
    scaling = {
      minCapacity: literalNumber(`${pathOf(targetId)} MinCapacity`, tp.MinCapacity),
      maxCapacity: literalNumber(`${pathOf(targetId)} MaxCapacity`, tp.MaxCapacity),
      targetTracking,
      scheduledActions,
    };
  }
  const strategy: any[] = props.CapacityProviderStrategy ?? [];
  const regular = strategy.find((s) => s.CapacityProvider === 'FARGATE');
  const spot = strategy.find((s) => s.CapacityProvider === 'FARGATE_SPOT');
  const spotWeight = spot ? Number(spot.Weight ?? 0) : 0;
  const service: FargateServiceScaling = {
    cpu,
    memoryMiB,
    cpuArchitecture,
    ...scaling,
    ...(spotWeight > 0 ? {
      spotOnDemandBaseTasks: Number(regular?.Base ?? 0),
      spotOnDemandWeight: Number(regular?.Weight ?? 0),
      spotWeight,
    } : {}),
  };

  // ---------------------------------------------------------------- the rest of the site
  const database = readDatabase(ofType, pathOf, notes, resources);
  const eips = ofType('AWS::EC2::EIP').length;
  const loadBalancers = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter(([, r]) => (r.Properties?.Type ?? 'application') === 'application');
  const publicLoadBalancerIps = loadBalancers
    .filter(([, r]) => (r.Properties?.Scheme ?? 'internet-facing') === 'internet-facing')
    .reduce((n, [, r]) => n + (r.Properties?.Subnets?.length ?? r.Properties?.SubnetMappings?.length ?? 2), 0);
  const zones = ofType('AWS::Route53::HostedZone').length;
  const records = ofType('AWS::Route53::RecordSet').length;
  const retention = ofType('AWS::Backup::BackupPlan')
    .flatMap(([, r]) => (r.Properties?.BackupPlan?.BackupPlanRule ?? []) as any[])
    .map((rule) => Number(rule.Lifecycle?.DeleteAfterDays))
    .filter((days) => Number.isFinite(days));
  if (ofType('AWS::EC2::Instance').some(([, r]) => r.Properties?.SourceDestCheck === false)) {
    notes.push('A NAT instance is not priced (only NAT gateways are).');
  }
  return {
    servicePath: chosenPath,
    service,
    database,
    natGateways: ofType('AWS::EC2::NatGateway').length,
    publicIpv4Addresses: eips + publicLoadBalancerIps,
    loadBalancers: loadBalancers.length,
    fileSystems: ofType('AWS::EFS::FileSystem').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    hostedZones: zones > 0 ? zones : records > 0 ? 1 : 0,
    backupRetentionDays: retention.length > 0 ? Math.max(...retention) : undefined,
    notes,
  };
}


function isFargate(service: Resource, resources: { [id: string]: Resource }): boolean {
  const p = service.Properties ?? {};
  if (p.LaunchType === 'FARGATE') {
    return true;
  }
  if ((p.CapacityProviderStrategy ?? []).some((s: any) => s.CapacityProvider === 'FARGATE' || s.CapacityProvider === 'FARGATE_SPOT')) {
    return true;
  }
  const td = resources[refOf(p.TaskDefinition) ?? '']?.Properties;
  return (td?.RequiresCompatibilities ?? []).includes('FARGATE');
}

function refOf(value: any): string | undefined {
  return value && typeof value === 'object' && typeof value.Ref === 'string' ? value.Ref : undefined;
}

function literalNumber(field: string, value: any): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw valueError(field, value, 'Expected a literal number in the template (a deploy-time value cannot be simulated).');
  }
  return n;
}

function literalString(field: string, value: any): string {
  if (typeof value !== 'string') {
    throw valueError(field, value, 'Expected a literal string in the template (a deploy-time value cannot be simulated).');
  }
  return value;
}

function readDatabase(ofType: (t: string) => Array<[string, Resource]>,
  pathOf: (id: string) => string, notes: string[], resources: { [id: string]: Resource }): DatabaseConfiguration | undefined {
  const clusters = ofType('AWS::RDS::DBCluster');
  const instances = ofType('AWS::RDS::DBInstance');
  const serverless = clusters.filter(([, c]) => c.Properties?.ServerlessV2ScalingConfiguration);
  const standalone = instances.filter(([, i]) => i.Properties?.DBClusterIdentifier === undefined);
  if (clusters.length + standalone.length > 1) {
    notes.push('The template has more than one database: only the first is priced.');
  }
  if (serverless.length > 0) {
    const [id, cluster] = serverless[0];
    const scaling = cluster.Properties!.ServerlessV2ScalingConfiguration;
    const members = instances.filter(([, i]) => refOf(i.Properties?.DBClusterIdentifier) === id);
    const provisioned = members.filter(([, i]) => i.Properties?.DBInstanceClass !== 'db.serverless');
    if (provisioned.length > 0) {
      notes.push(`${provisioned.length} provisioned Aurora instance(s) in ${pathOf(id)} are not priced.`);
    }
    const scheduled = readAuroraScheduledMinimums(resources, cluster.Properties!.DBClusterIdentifier, pathOf);
    return {
      kind: 'AURORA_SERVERLESS_V2',
      auroraMinCapacity: literalNumber(`${pathOf(id)} ServerlessV2ScalingConfiguration.MinCapacity`, scaling.MinCapacity),
      auroraMaxCapacity: literalNumber(`${pathOf(id)} ServerlessV2ScalingConfiguration.MaxCapacity`, scaling.MaxCapacity),
      auroraInstances: Math.max(1, members.length - provisioned.length),
      ...(scheduled.length > 0 ? { auroraScheduledMinimums: scheduled } : {}),
    };
  }
  if (clusters.length > 0) {
    notes.push(`Provisioned Aurora cluster ${pathOf(clusters[0][0])} is not priced.`);
    return undefined;
  }
  if (standalone.length > 0) {
    const [id, instance] = standalone[0];
    const p = instance.Properties ?? {};
    return {
      kind: 'MYSQL_INSTANCE',
      instanceClass: literalString(`${pathOf(id)} DBInstanceClass`, p.DBInstanceClass),
      multiAz: p.MultiAZ === true || p.MultiAZ === 'true',
      allocatedStorageGiB: p.AllocatedStorage === undefined ? 20 : literalNumber(`${pathOf(id)} AllocatedStorage`, p.AllocatedStorage),
    };
  }
  return undefined;
}

/**
 * True for a customized target tracking metric that is requests per healthy target: load balancer
 * `RequestCount` sums divided by `HealthyHostCount` (what a blue/green site tracks over both target groups).
 */
function isRequestsPerHealthyTarget(spec: any): boolean {
  const metrics: any[] = Array.isArray(spec?.Metrics) ? spec.Metrics : [];
  const stats = metrics.filter((m) => m.MetricStat);
  const expressions = metrics.filter((m) => m.Expression !== undefined && m.ReturnData !== false);
  const names = new Set(stats.map((m) => `${m.MetricStat.Metric?.Namespace}/${m.MetricStat.Metric?.MetricName}`));
  return expressions.length === 1 && stats.length > 0
    && [...names].every((n) => n === 'AWS/ApplicationELB/RequestCount' || n === 'AWS/ApplicationELB/HealthyHostCount')
    && names.has('AWS/ApplicationELB/RequestCount') && names.has('AWS/ApplicationELB/HealthyHostCount');
}
