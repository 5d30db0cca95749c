import { checkNumber, checkWholeNumber, valueError } from '../../private/validation';
import type { CostEstimateOptions, UsageAssumptions } from '../cost-estimate-options';
import { PriceTable } from '../price-table';
import type { RegionPrices } from '../region-prices';
import type { CostLine, StrategyCost } from '../strategy-cost';
import { auroraLines } from './aurora-lines';
import { CapacitySimulation } from './capacity-simulation';
import { priceEdge, PricedEdge, WAF_MAX_WCU } from './edge-plans';
import { rehearsalCostLine } from './rehearsal-cost';
import type { SiteConfiguration } from './site-template';

const GIB = 1024 ** 3;

/** A month of a site, simulated and priced: what `CostEstimate` shows. */
export interface PricedMonth {
  readonly site: SiteConfiguration;
  readonly simulation: CapacitySimulation;
  readonly prices: RegionPrices;
  readonly strategies: StrategyCost[];
  readonly notes: string[];
  /** The edge's pricing options, when CloudFront fronts the site. */
  readonly edge?: PricedEdge;
}

/**
 * Simulate the site's month for the options' traffic and price each capacity strategy: the shared
 * services once, Fargate and the NAT gateway (image pulls) per strategy, ratios to static and to the oracle.
 */
export function priceMonth(site: SiteConfiguration, options: CostEstimateOptions, templateTier?: string): PricedMonth {
  const prices = options.prices ?? PriceTable.forRegion(options.region);
  const usage = resolveUsage(options.usage);
  const edge = {
    cloudFront: options.edge?.cloudFront ?? true,
    webAclRules: options.edge?.webAclRules ?? 10,
    webAclCapacityUnits: options.edge?.webAclCapacityUnits ?? 0,
  };
  checkWholeNumber('edge.webAclRules', options.edge?.webAclRules, 0, 1000);
  checkWholeNumber('edge.webAclCapacityUnits', options.edge?.webAclCapacityUnits, 0, WAF_MAX_WCU);
  if (!edge.cloudFront && (options.profile.cacheHitRatio ?? 0) > 0) {
    throw valueError('profile.cacheHitRatio', options.profile.cacheHitRatio, 'Without CloudFront (edge.cloudFront: false) nothing caches: use 0.');
  }
  const simulation = new CapacitySimulation({ service: site.service, profile: options.profile, month: options.month, model: options.model });
  const sim = simulation;
  const p = prices;
  const hours = sim.monthHours;
  const profile = options.profile;
  const responseKiB = profile.averageResponseKiB ?? 32;
  const notes = [...site.notes, ...sim.notes];

  // ---------------------------------------------------------------- shared by every strategy
  const shared: CostLine[] = [];
  const line = (service: string, usd: number, detail: string) => ({ service, usd, detail });
  const db = site.database;
  if (db?.kind === 'AURORA_SERVERLESS_V2') {
    shared.push(...auroraLines(db, sim, usage, p));
  } else if (db?.kind === 'MYSQL_INSTANCE') {
    const hourly = p.rdsMysqlHourly[db.instanceClass ?? ''];
    if (hourly === undefined) {
      throw valueError('database.instanceClass', db.instanceClass, `The ${p.region} price table has ${Object.keys(p.rdsMysqlHourly).join(', ')}; `
          + 'pass prices with this class in rdsMysqlHourly.');
    }
    const copies = db.multiAz ? 2 : 1;
    const storage = db.allocatedStorageGiB ?? 20;
    const usd = copies * (hours * hourly + storage * p.rdsGp3StorageGbMonth);
    shared.push(line('RDS for MySQL', usd, `${copies} x (${hours} h x $${hourly} ${db.instanceClass} + ${storage} GB gp3 x $${p.rdsGp3StorageGbMonth})`));
  }
  if (site.fileSystems > 0) {
    const standard = usage.fileSystemGiB * (1 - usage.fileSystemInfrequentAccessShare);
    const ia = usage.fileSystemGiB * usage.fileSystemInfrequentAccessShare;
    const readGb = (sim.originRequests * usage.fileSystemReadKiBPerOriginRequest * 1024) / GIB;
    const usd = standard * p.efsStandardGbMonth + ia * p.efsInfrequentAccessGbMonth + readGb * p.efsElasticReadGb
        + usage.fileSystemWriteGiBPerMonth * p.efsElasticWriteGb;
    shared.push(line('EFS', usd, `${fmt(standard)} GB Standard x $${p.efsStandardGbMonth} + ${fmt(ia)} GB IA x $${p.efsInfrequentAccessGbMonth} `
        + `+ ${fmt(readGb)} GB read x $${p.efsElasticReadGb} + ${usage.fileSystemWriteGiBPerMonth} GB written x $${p.efsElasticWriteGb}`));
  }
  if (site.loadBalancers > 0) {
    // LCU: processed bytes dominate behind CloudFront (it reuses connections); 1 LCU = 1 GB per hour.
    const lcuHours = sum(sim.hours.map((h) => (h.originRequestsPerSecond * 3600 * (responseKiB + 1) * 1024) / GIB));
    const usd = site.loadBalancers * hours * p.albHour + lcuHours * p.albLcuHour;
    shared.push(line('Application Load Balancer', usd, `${site.loadBalancers} x ${hours} h x $${p.albHour} + ${fmt(lcuHours)} LCU-h x $${p.albLcuHour}`));
  }
  if (site.publicIpv4Addresses > 0) {
    shared.push(line('Public IPv4 addresses', site.publicIpv4Addresses * hours * p.publicIpv4Hour,
      `${site.publicIpv4Addresses} x ${hours} h x $${p.publicIpv4Hour}`));
  }
  const edgeGb = (sim.edgeRequests * responseKiB * 1024) / GIB;
  let pricedEdge: PricedEdge | undefined;
  if (edge.cloudFront) {
    pricedEdge = priceEdge({
      prices: p,
      requests: sim.edgeRequests,
      dataOutGb: edgeGb,
      webAclRules: edge.webAclRules,
      webAclCapacityUnits: edge.webAclCapacityUnits,
      pricing: options.edge?.pricing,
      headroom: options.edge?.flatRatePlanHeadroom,
      templateTier,
    });
    shared.push(...pricedEdge.lines);
    notes.push(...pricedEdge.notes);
  } else {
    shared.push(line('Data transfer out', edgeGb * p.internetDataOutGb, `${fmt(edgeGb)} GB x $${p.internetDataOutGb}`));
  }
  if (site.secrets > 0) {
    shared.push(line('Secrets Manager', site.secrets * p.secretsManagerSecretMonth, `${site.secrets} secrets x $${p.secretsManagerSecretMonth}`));
  }
  const logGb = (sim.originRequests * usage.logBytesPerOriginRequest) / GIB;
  shared.push(line('CloudWatch Logs', logGb * p.cloudWatchLogsIngestionGb, `${fmt(logGb)} GB ingested x $${p.cloudWatchLogsIngestionGb}`));
  if (site.hostedZones > 0) {
    shared.push(line('Route 53', site.hostedZones * p.route53HostedZoneMonth, `${site.hostedZones} hosted zone(s) x $${p.route53HostedZoneMonth}`));
  }
  if (site.backupRetentionDays !== undefined) {
    const growth = 1 + usage.backupDailyChangeRatio * Math.max(0, site.backupRetentionDays - 1);
    const efsGb = site.fileSystems > 0 ? usage.fileSystemGiB * growth : 0;
    const dbGb = db ? usage.databaseGiB * growth : 0;
    const dbPrice = db?.kind === 'MYSQL_INSTANCE' ? p.backupRdsGbMonth : p.backupAuroraGbMonth;
    shared.push(line('AWS Backup', efsGb * p.backupEfsGbMonth + dbGb * dbPrice,
      `${fmt(efsGb)} GB EFS x $${p.backupEfsGbMonth} + ${fmt(dbGb)} GB database x $${dbPrice} (${site.backupRetentionDays} days kept)`));
  }

  if (options.rehearsal) {
    shared.push(rehearsalCostLine(options.rehearsal, p, responseKiB, edge));
  }

  // ---------------------------------------------------------------- per strategy: Fargate and NAT
  const arm = site.service.cpuArchitecture === 'ARM64';
  const vcpu = site.service.cpu / 1024;
  const gb = site.service.memoryMiB / 1024;
  const regular = arm ? p.fargateArm : p.fargateX86;
  const spot = arm ? p.fargateSpotArm : p.fargateSpotX86;
  const regularTaskHour = vcpu * regular.vcpuHour + gb * regular.gbHour;
  const spotTaskHour = vcpu * spot.vcpuHour + gb * spot.gbHour;
  const priced = sim.strategies.map((capacity) => {
    const computeUsd = capacity.onDemandTaskHours * regularTaskHour + capacity.spotTaskHours * spotTaskHour;
    const lines: CostLine[] = [line('Fargate', computeUsd, `${fmt(capacity.onDemandTaskHours)} task-h x $${round4(regularTaskHour)}`
        + (capacity.spotTaskHours > 0 ? ` + ${fmt(capacity.spotTaskHours)} Spot task-h x $${round4(spotTaskHour)}` : '')
        + ` (${vcpu} vCPU, ${gb} GB, ${arm ? 'ARM64' : 'x86_64'})`)];
    if (site.natGateways > 0) {
      const natGb = (capacity.taskLaunches * usage.imageSizeMiB) / 1024 + logGb + usage.natOtherGiBPerMonth;
      lines.push(line('NAT gateway', site.natGateways * hours * p.natGatewayHour + natGb * p.natGatewayGb,
        `${site.natGateways} x ${hours} h x $${p.natGatewayHour} + ${fmt(natGb)} GB x $${p.natGatewayGb} (${capacity.taskLaunches} image pulls, logs, other)`));
    }
    lines.push(...shared);
    return { capacity, computeUsd, totalUsd: sum(lines.map((l) => l.usd)), lines };
  });
  const staticCost = priced[0];
  const oracleCost = priced[priced.length - 1];
  // The same month with the edge paid as you go, whatever was chosen: what a flat-rate plan is compared with.
  const edgeDelta = pricedEdge ? sum(pricedEdge.payAsYouGoLines.map((l) => l.usd)) - sum(pricedEdge.lines.map((l) => l.usd)) : 0;
  const staticPayAsYouGoEdgeUsd = staticCost.totalUsd + edgeDelta;
  const strategies: StrategyCost[] = priced.map((s) => ({
    strategy: s.capacity.strategy,
    label: s.capacity.label,
    capacity: s.capacity,
    computeUsd: s.computeUsd,
    totalUsd: s.totalUsd,
    computeRatioToStatic: s.computeUsd / staticCost.computeUsd,
    computeRatioToOracle: s.computeUsd / oracleCost.computeUsd,
    totalRatioToStatic: s.totalUsd / staticCost.totalUsd,
    totalRatioToOracle: s.totalUsd / oracleCost.totalUsd,
    lines: s.lines,
    totalWithPayAsYouGoEdgeUsd: s.totalUsd + edgeDelta,
    totalRatioToStaticWithPayAsYouGoEdge: s.totalUsd / staticPayAsYouGoEdgeUsd,
  }));
  notes.push(`Strategy 4 uses ${sim.spotSplitDescription}; Spot interruptions are not simulated.`);
  notes.push(`Prices: ${p.region}, as of ${p.asOf} (${p.source}). Check them before quoting.`);
  return { site, simulation, prices, strategies, notes, edge: pricedEdge };
}

function resolveUsage(u: UsageAssumptions = {}) {
  const fields: Array<[keyof UsageAssumptions, number, number]> = [
    ['fileSystemGiB', 10, Infinity],
    ['fileSystemInfrequentAccessShare', 0.5, 1],
    ['fileSystemReadKiBPerOriginRequest', 8, Infinity],
    ['fileSystemWriteGiBPerMonth', 1, Infinity],
    ['databaseGiB', 5, Infinity],
    ['auroraAcuPerOriginRequestPerSecond', 0.04, Infinity],
    ['databaseIosPerOriginRequest', 1, Infinity],
    ['logBytesPerOriginRequest', 400, Infinity],
    ['backupDailyChangeRatio', 0.02, 1],
    ['imageSizeMiB', 250, Infinity],
    ['natOtherGiBPerMonth', 5, Infinity],
  ];
  const out: { [key: string]: number } = {};
  for (const [name, fallback, max] of fields) {
    checkNumber(`usage.${name}`, u[name], 0, max);
    out[name] = u[name] ?? fallback;
  }
  return out as Required<{ [K in keyof UsageAssumptions]: number }>;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function round4(value: number): string {
  return value.toFixed(4);
}
