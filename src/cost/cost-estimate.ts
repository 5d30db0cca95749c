import { CapacitySimulation, CapacityStrategy, ScalingModelOptions, StrategyCapacity } from './capacity-simulation';
import { PriceTable, RegionPrices } from './price-table';
import { renderSvg, renderText } from './private/render';
import { SimulationMonth } from './simulation-month';
import { SiteConfiguration, SiteTemplate } from './site-template';
import { TrafficProfile } from './traffic-profile';
import { checkNumber, checkWholeNumber, valueError } from '../private/validation';

/**
 * What the traffic profile cannot tell: sizes and per-request volumes behind the usage-priced parts.
 * Each default is a plain guess for a small-to-medium WordPress site; replace them with your numbers.
 */
export interface UsageAssumptions {
  /**
   * Size of wp-content on EFS, in GiB.
   *
   * @default 10
   */
  readonly fileSystemGiB?: number;

  /**
   * Share of the files in EFS Infrequent Access (0 to 1).
   *
   * @default 0.5
   */
  readonly fileSystemInfrequentAccessShare?: number;

  /**
   * KiB read from EFS per request reaching the tasks (uploads served on a cache miss, files OPcache
   * re-reads after a change).
   *
   * @default 8
   */
  readonly fileSystemReadKiBPerOriginRequest?: number;

  /**
   * GiB written to EFS in a month (uploads, plugin updates, cache files).
   *
   * @default 1
   */
  readonly fileSystemWriteGiBPerMonth?: number;

  /**
   * Size of the database, in GiB.
   *
   * @default 5
   */
  readonly databaseGiB?: number;

  /**
   * Aurora capacity units each request per second reaching the tasks adds above the minimum
   * (Aurora Serverless v2 follows load within seconds; the result is rounded up to 0.5 ACU and kept
   * within the cluster's range).
   *
   * @default 0.04 (25 requests/s per ACU)
   */
  readonly auroraAcuPerOriginRequestPerSecond?: number;

  /**
   * Storage I/O requests per request reaching the tasks (Aurora Standard bills them).
   *
   * @default 1
   */
  readonly databaseIosPerOriginRequest?: number;

  /**
   * Bytes of CloudWatch Logs per request reaching the tasks (the Apache access log line).
   *
   * @default 400
   */
  readonly logBytesPerOriginRequest?: number;

  /**
   * Share of the file system and the database that changes each day, for incremental backups (0 to 1).
   *
   * @default 0.02
   */
  readonly backupDailyChangeRatio?: number;

  /**
   * Compressed size of the container image in MiB: each task launch pulls it through the NAT gateway.
   *
   * @default 250
   */
  readonly imageSizeMiB?: number;

  /**
   * Other GiB through the NAT gateway in a month (wordpress.org, plugin updates, AWS APIs). The
   * container logs are added to it.
   *
   * @default 5
   */
  readonly natOtherGiBPerMonth?: number;
}

/** The CDN and firewall in front of the site (`GeoBlockedCloudFrontWaf`). */
export interface EdgeCostOptions {
  /**
   * Whether CloudFront fronts the site. Without it the profile's cache hit ratio must be 0 and
   * responses leave the region as internet data transfer.
   *
   * @default true
   */
  readonly cloudFront?: boolean;

  /**
   * Rules and rule groups in the CloudFront web ACL; 0 for no AWS WAF.
   *
   * @default 10 (reputation, common, bad inputs, SQL injection, PHP, WordPress, rate limit, geo match, xmlrpc, admin allow-list)
   */
  readonly webAclRules?: number;

  /**
   * Web ACL capacity units (WCUs) the web ACL uses, e.g. `WordpressWebAcl.capacityUnits`. AWS WAF's
   * base price includes 1,500; each further 500 (a started block counts whole) adds
   * `wafPerMillionRequestsPer500ExtraWcu` per million requests. At most 5,000, AWS WAF's limit.
   *
   * @default - at most 1,500 (the default `WordpressWebAcl` uses about 1,440): no capacity charge
   */
  readonly webAclCapacityUnits?: number;
}

/** Options of a cost estimate. */
export interface CostEstimateOptions {
  /** The traffic. */
  readonly profile: TrafficProfile;

  /** The month to simulate and price. */
  readonly month: SimulationMonth;

  /** Region of the site, e.g. `ap-northeast-1` (the template does not say). */
  readonly region: string;

  /**
   * Prices to use.
   *
   * @default PriceTable.forRegion(region)
   */
  readonly prices?: RegionPrices;

  /**
   * Sizes and per-request volumes.
   *
   * @default - the defaults of each `UsageAssumptions` field
   */
  readonly usage?: UsageAssumptions;

  /**
   * The CDN and firewall in front of the site.
   *
   * @default - CloudFront with a 10-rule AWS WAF web ACL
   */
  readonly edge?: EdgeCostOptions;

  /**
   * Assumptions of the scaling model.
   *
   * @default - the defaults of each `ScalingModelOptions` field
   */
  readonly model?: ScalingModelOptions;

  /**
   * Construct path (or logical id) of the ECS service, when the template has more than one
   * (`fromTemplate` only).
   *
   * @default - the template's only Fargate service
   */
  readonly servicePath?: string;
}

/** One service's share of a month's bill. */
export interface CostLine {
  /** AWS service, e.g. "Fargate". */
  readonly service: string;
  /** USD in the month. */
  readonly usd: number;
  /** How it was computed (quantities and unit prices). */
  readonly detail: string;
}

/** A strategy's month, priced. */
export interface StrategyCost {
  /** The strategy. */
  readonly strategy: CapacityStrategy;
  /** Short name for tables. */
  readonly label: string;
  /** What the simulation found for it. */
  readonly capacity: StrategyCapacity;
  /** Fargate (compute) USD in the month. */
  readonly computeUsd: number;
  /** Every service, USD in the month. */
  readonly totalUsd: number;
  /** Compute cost divided by static provisioning's compute cost. */
  readonly computeRatioToStatic: number;
  /** Compute cost divided by the oracle's compute cost. */
  readonly computeRatioToOracle: number;
  /** Total cost divided by static provisioning's total. */
  readonly totalRatioToStatic: number;
  /** Total cost divided by the oracle's total. */
  readonly totalRatioToOracle: number;
  /** The bill by service. */
  readonly lines: CostLine[];
}

const GIB = 1024 ** 3;
/** WCUs included in a web ACL's base price, and the most a web ACL may use (AWS WAF quotas). */
const WAF_INCLUDED_WCU = 1500;
const WAF_MAX_WCU = 5000;

/**
 * A month of a site priced for each capacity strategy: the capacity simulation, the bill by service
 * (Fargate, database, EFS, load balancer, NAT gateway, public IPv4, CloudFront, AWS WAF, Secrets
 * Manager, CloudWatch Logs, Route 53, AWS Backup) and the ratios to static provisioning and to the
 * oracle. The site is read from its synthesized template (`fromTemplate`), so the estimate prices what
 * would be deployed, every default applied.
 */
export class CostEstimate {
  /**
   * Estimate the site a synthesized template defines (the parsed JSON of `cdk.out/<stack>.template.json`,
   * or `Template.fromStack(stack).toJSON()`).
   */
  public static fromTemplate(template: any, options: CostEstimateOptions): CostEstimate {
    return new CostEstimate(SiteTemplate.read(template, { servicePath: options.servicePath }), options);
  }

  /** The site priced. */
  public readonly site: SiteConfiguration;
  /** The capacity simulation. */
  public readonly simulation: CapacitySimulation;
  /** The prices used. */
  public readonly prices: RegionPrices;
  /** The strategies, 1 to 5, priced. */
  public readonly strategies: StrategyCost[];
  /** Things the reader should know: what was not simulated or priced. */
  public readonly notes: string[];

  constructor(site: SiteConfiguration, options: CostEstimateOptions) {
    this.site = site;
    this.prices = options.prices ?? PriceTable.forRegion(options.region);
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
    this.simulation = new CapacitySimulation({ service: site.service, profile: options.profile, month: options.month, model: options.model });
    const sim = this.simulation;
    const p = this.prices;
    const hours = sim.monthHours;
    const profile = options.profile;
    const responseKiB = profile.averageResponseKiB ?? 32;
    const notes = [...site.notes, ...sim.notes];

    // ---------------------------------------------------------------- shared by every strategy
    const shared: CostLine[] = [];
    const line = (service: string, usd: number, detail: string) => ({ service, usd, detail });
    const db = site.database;
    if (db?.kind === 'AURORA_SERVERLESS_V2') {
      const min = db.auroraMinCapacity ?? 0.5;
      const max = db.auroraMaxCapacity ?? min;
      const instances = db.auroraInstances ?? 1;
      const acuHours = instances * sum(sim.hours.map((h) => {
        const acu = Math.ceil((min + usage.auroraAcuPerOriginRequestPerSecond * h.originRequestsPerSecond) * 2 - 1e-9) / 2;
        return Math.max(min, Math.min(max, acu));
      }));
      const ios = sim.originRequests * usage.databaseIosPerOriginRequest;
      const usd = acuHours * p.auroraAcuHour + usage.databaseGiB * p.auroraStorageGbMonth + (ios / 1e6) * p.auroraIoPerMillion;
      shared.push(line('Aurora Serverless v2', usd, `${fmt(acuHours)} ACU-h x $${p.auroraAcuHour} (${min}-${max} ACU, ${instances} instance(s)) `
        + `+ ${usage.databaseGiB} GB x $${p.auroraStorageGbMonth} + ${fmt(ios / 1e6)} M I/O x $${p.auroraIoPerMillion}`));
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
    if (edge.cloudFront) {
      shared.push(line('CloudFront', edgeGb * p.cloudFrontDataOutGb + (sim.edgeRequests / 1e4) * p.cloudFrontHttpsPer10k,
        `${fmt(edgeGb)} GB out x $${p.cloudFrontDataOutGb} (${p.cloudFrontGeography}) + ${fmt(sim.edgeRequests / 1e6)} M HTTPS requests `
        + `x $${p.cloudFrontHttpsPer10k}/10k`));
      if (edge.webAclRules > 0) {
        const millions = sim.edgeRequests / 1e6;
        const extraBlocks = Math.max(0, Math.ceil((edge.webAclCapacityUnits - WAF_INCLUDED_WCU) / 500));
        const blockPrice = p.wafPerMillionRequestsPer500ExtraWcu;
        if (extraBlocks > 0 && blockPrice === undefined) {
          notes.push(`The web ACL uses ${edge.webAclCapacityUnits} WCUs, above the ${WAF_INCLUDED_WCU} in AWS WAF's base price, but the price `
            + 'table has no wafPerMillionRequestsPer500ExtraWcu: that charge is not in the estimate.');
        }
        const capacityUsd = extraBlocks * (blockPrice ?? 0) * millions;
        shared.push(line('AWS WAF', p.wafWebAclMonth + edge.webAclRules * p.wafRuleMonth + millions * p.wafPerMillionRequests + capacityUsd,
          `1 web ACL x $${p.wafWebAclMonth} + ${edge.webAclRules} rules x $${p.wafRuleMonth} + ${fmt(millions)} M requests `
          + `x $${p.wafPerMillionRequests}/M`
          + (capacityUsd > 0 ? ` + ${extraBlocks} x 500 WCUs above ${WAF_INCLUDED_WCU} (${edge.webAclCapacityUnits} WCUs) x `
            + `${fmt(millions)} M requests x $${blockPrice}/M` : '')));
      }
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
    this.strategies = priced.map((s) => ({
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
    }));
    notes.push(`Strategy 4 uses ${sim.spotSplitDescription}; Spot interruptions are not simulated.`);
    notes.push(`Prices: ${p.region}, as of ${p.asOf} (${p.source}). Check them before quoting.`);
    this.notes = notes;
  }

  /** The priced result of one strategy. */
  public strategy(strategy: CapacityStrategy): StrategyCost {
    return this.strategies.find((s) => s.strategy === strategy)!;
  }

  /** A plain-text report: the bill by service and strategy, ratios, capacity figures and notes. */
  public toText(): string {
    return renderText(this);
  }

  /** An SVG plot of demand against capacity over the month, one panel per strategy. */
  public toSvg(): string {
    return renderSvg(this);
  }
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
