import type { EdgePricing } from './edge-pricing';
import type { RegionPrices } from './region-prices';
import type { RehearsalCostOptions } from './rehearsal-cost-options';
import type { SimulationMonth } from './simulation-month';
import type { TrafficProfile } from './traffic-profile';

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
   * Construct path (or logical id) of the ECS service, when the template has more than one.
   *
   * @default - the template's only Fargate service
   */
  readonly servicePath?: string;

  /**
   * A peak rehearsal's runs (`PeakRehearsal.costOptions`): its task, its requests at the edge and the origin, and
   * the responses it pulls through the NAT gateway, as one line of the bill.
   *
   * @default - no rehearsal
   */
  readonly rehearsal?: RehearsalCostOptions;
}

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

  /**
   * How the edge is priced: the cheapest way the month fits, pay-as-you-go, or one flat-rate plan (to compare).
   * Every option is priced beside the chosen one (`CostEstimate.edgePricing`).
   *
   * @default - the tier of the template's CloudFront plan subscription (`AWS::PricingPlanManager::Subscription`) when it
   * has one, else `EdgePricing.CHEAPEST`
   */
  readonly pricing?: EdgePricing;

  /**
   * Share of a flat-rate plan's allowances the month may use for the plan to count as fitting (greater than 0, at
   * most 1): the month's edge requests must be at most `headroom x` the plan's requests and its data transfer at most
   * `headroom x` the plan's transfer. The simulated month includes its peaks, so the peak month must fit.
   *
   * @default 0.8
   */
  readonly flatRatePlanHeadroom?: number;
}

/** Assumptions of the scaling model. The defaults follow what Application Auto Scaling and ECS do. */
export interface ScalingModelOptions {
  /**
   * Minutes from a task's launch until it serves traffic: Fargate placement, image pull, WordPress
   * start and two passing load balancer health checks (0 to 60).
   *
   * @default 3
   */
  readonly taskStartupMinutes?: number;

  /**
   * Consecutive 1-minute datapoints above target before target tracking scales out (1 to 60).
   *
   * @default 3 (the high alarm Application Auto Scaling creates)
   */
  readonly scaleOutAlarmMinutes?: number;

  /**
   * Consecutive 1-minute datapoints below the scale-in threshold before target tracking scales in (1 to 120).
   *
   * @default 15 (the low alarm Application Auto Scaling creates)
   */
  readonly scaleInAlarmMinutes?: number;

  /**
   * The low alarm's threshold as a share of the target (0.5 to 1).
   *
   * @default 0.9
   */
  readonly scaleInThresholdRatio?: number;

  /**
   * Days simulated before the month starts, so that the month begins with the task count the days
   * before left (0 to 7).
   *
   * @default 2
   */
  readonly warmUpDays?: number;

  /**
   * How tasks split between regular Fargate and Fargate Spot in strategy 4 when the service has no
   * Spot configured: this many tasks on regular Fargate, the rest split 1:1.
   *
   * @default - the service's minimum capacity (the floor never depends on Spot)
   */
  readonly assumedOnDemandBaseTasks?: number;
}
