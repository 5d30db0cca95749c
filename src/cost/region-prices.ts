/** Fargate price of one capacity option (Linux). */
export interface FargateRate {
  /** USD per vCPU-hour. */
  readonly vcpuHour: number;
  /** USD per GB-hour of memory. */
  readonly gbHour: number;
}

/**
 * Public on-demand list prices of one AWS region, in USD, for what the WordPress architecture
 * uses. Monthly prices are per month of use; nothing here includes the free tier, taxes or discounts.
 */
export interface RegionPrices {
  /** Region code, e.g. `ap-northeast-1`. */
  readonly region: string;
  /** When the figures were compiled (YYYY-MM-DD). Prices change: check them before quoting. */
  readonly asOf: string;
  /** Where the figures come from. */
  readonly source: string;

  /** Fargate, Linux/x86_64. */
  readonly fargateX86: FargateRate;
  /** Fargate, Linux/ARM64 (Graviton). */
  readonly fargateArm: FargateRate;
  /** Fargate Spot, Linux/x86_64 (a market price: this is a typical value). */
  readonly fargateSpotX86: FargateRate;
  /** Fargate Spot, Linux/ARM64 (a market price: this is a typical value). */
  readonly fargateSpotArm: FargateRate;

  /** Aurora Serverless v2 (Aurora Standard), USD per ACU-hour. */
  readonly auroraAcuHour: number;
  /** Aurora Standard storage, USD per GB-month. */
  readonly auroraStorageGbMonth: number;
  /** Aurora Standard I/O, USD per million requests. */
  readonly auroraIoPerMillion: number;
  /** RDS for MySQL, Single-AZ, USD per instance-hour by instance class (e.g. `db.t4g.small`). Multi-AZ costs twice. */
  readonly rdsMysqlHourly: { [instanceClass: string]: number };
  /** RDS gp3 storage, Single-AZ, USD per GB-month. */
  readonly rdsGp3StorageGbMonth: number;

  /** EFS Standard storage, USD per GB-month. */
  readonly efsStandardGbMonth: number;
  /** EFS Infrequent Access storage, USD per GB-month. */
  readonly efsInfrequentAccessGbMonth: number;
  /** EFS elastic throughput, reads, USD per GB transferred. */
  readonly efsElasticReadGb: number;
  /** EFS elastic throughput, writes, USD per GB transferred. */
  readonly efsElasticWriteGb: number;

  /** Application Load Balancer, USD per hour. */
  readonly albHour: number;
  /** Application Load Balancer, USD per LCU-hour. */
  readonly albLcuHour: number;

  /** NAT gateway, USD per hour. */
  readonly natGatewayHour: number;
  /** NAT gateway data processing, USD per GB. */
  readonly natGatewayGb: number;
  /** Public IPv4 address (NAT gateway EIP, internet-facing load balancer nodes), USD per hour. */
  readonly publicIpv4Hour: number;
  /** Data transfer out to the internet from the region (first 10 TB), USD per GB: used when no CDN fronts the site. */
  readonly internetDataOutGb: number;

  /** Which CloudFront price class the CloudFront figures are for (viewers near the region). */
  readonly cloudFrontGeography: string;
  /** CloudFront data transfer out to viewers (first 10 TB), USD per GB. */
  readonly cloudFrontDataOutGb: number;
  /** CloudFront HTTPS requests, USD per 10,000. */
  readonly cloudFrontHttpsPer10k: number;

  /** AWS WAF, USD per web ACL-month. */
  readonly wafWebAclMonth: number;
  /** AWS WAF, USD per rule (or rule group) per month. */
  readonly wafRuleMonth: number;
  /** AWS WAF, USD per million requests inspected. */
  readonly wafPerMillionRequests: number;
  /**
   * AWS WAF, USD per million requests for each further 500 web ACL capacity units (WCUs, a started
   * block counts whole) a web ACL uses above the 1,500 included in the base price.
   *
   * @default - capacity above 1,500 WCUs is not priced; the estimate's notes say so
   */
  readonly wafPerMillionRequestsPer500ExtraWcu?: number;

  /** Secrets Manager, USD per secret-month. */
  readonly secretsManagerSecretMonth: number;
  /** CloudWatch Logs ingestion (standard class), USD per GB. */
  readonly cloudWatchLogsIngestionGb: number;
  /** Route 53, USD per hosted zone-month (first 25 zones). */
  readonly route53HostedZoneMonth: number;

  /** AWS Backup, EFS warm backup storage, USD per GB-month. */
  readonly backupEfsGbMonth: number;
  /** AWS Backup, Aurora snapshot storage, USD per GB-month. */
  readonly backupAuroraGbMonth: number;
  /** AWS Backup, RDS snapshot storage, USD per GB-month. */
  readonly backupRdsGbMonth: number;

  /**
   * CloudFront flat-rate plans, cheapest first: each bundles the distribution's delivery and its AWS WAF web ACL (rules
   * and requests) for one monthly price, with request and data transfer allowances and no overage charges.
   *
   * @default - none: the edge is priced pay-as-you-go only
   */
  readonly cloudFrontFlatRatePlans?: FlatRatePlanPrice[];
}

/** A CloudFront flat-rate plan: what it costs in a month and the allowances it includes (for one distribution). */
export interface FlatRatePlanPrice {
  /** The plan's tier as the plan subscription names it: `FREE`, `PRO`, `BUSINESS` or `PREMIUM`. */
  readonly tier: string;
  /** USD per month. */
  readonly monthUsd: number;
  /** Requests per month the plan includes (requests AWS WAF blocks do not count). */
  readonly requestsPerMonth: number;
  /** Data transfer out to viewers per month the plan includes, in GB. */
  readonly dataTransferGbPerMonth: number;
}
