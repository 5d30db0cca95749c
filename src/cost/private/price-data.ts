import type { RegionPrices } from '../region-prices';

/**
 * THE price table: the only place in the library with prices. USD, public on-demand list prices,
 * Linux, no free tier, no taxes, no Savings Plans or reserved pricing.
 *
 * Source: the public AWS pricing pages of each service (aws.amazon.com/<service>/pricing), compiled on
 * the date in `asOf` from the compiler's reading of those pages; no live price API was reachable when
 * they were compiled. Fargate Spot is a market price that moves: its entries are a typical level
 * (about 69 % below on-demand; AWS advertises "up to 70 %"). Check every figure on the pricing pages
 * before quoting an estimate to a customer.
 */
const AS_OF = '2026-11-25';
const SOURCE = 'AWS public pricing pages (Fargate, Aurora, RDS for MySQL, EFS, Elastic Load Balancing, VPC, CloudFront, WAF, '
  + 'Secrets Manager, CloudWatch, Route 53, AWS Backup), compiled by hand; Fargate Spot: typical market level';

/** Fargate Spot as a share of on-demand (typical level). */
const SPOT_SHARE = 0.308;

function fargate(vcpuHour: number, gbHour: number) {
  return { vcpuHour, gbHour };
}

function spot(rate: { vcpuHour: number; gbHour: number }) {
  return { vcpuHour: round(rate.vcpuHour * SPOT_SHARE), gbHour: round(rate.gbHour * SPOT_SHARE) };
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

const US_EAST_1_X86 = fargate(0.04048, 0.004445);
const US_EAST_1_ARM = fargate(0.03238, 0.00356);
const TOKYO_X86 = fargate(0.05056, 0.00553);
const TOKYO_ARM = fargate(0.04045, 0.00442);
const SEOUL_X86 = fargate(0.04656, 0.00511);
const SEOUL_ARM = fargate(0.03725, 0.00409);
const IRELAND_X86 = fargate(0.04048, 0.004445);
const IRELAND_ARM = fargate(0.03238, 0.00356);

/**
 * AWS WAF above the 1,500 WCUs included in a web ACL's price: USD 0.20 per million requests for each
 * further 500 WCUs. Source: https://aws.amazon.com/waf/pricing/ ("Each additional 500 WCUs above 1,500:
 * additional $0.20 per million requests", as quoted from that page on 2026-08-15 in a public Terraform
 * module's cost table; the pricing page itself was not reachable when this was recorded, 2026-11-30),
 * consistent with AWS's announcement of 2023-04-11 (https://aws.amazon.com/about-aws/whats-new/2023/04/aws-waf-web-acl-capacity-units-limits/):
 * web ACLs may use up to 5,000 WCUs, and each 500 WCUs beyond the default 1,500 adds a charge per million requests.
 */
const WAF_PER_MILLION_REQUESTS_PER_500_EXTRA_WCU = 0.2;

/**
 * CloudFront flat-rate plans (the same in every region; one plan covers one distribution and its web ACL), read on
 * 2026-11-30. Prices and allowances: https://aws.amazon.com/cloudfront/pricing/ and
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/flat-rate-pricing-plan.html. Neither AWS page is
 * in the stored corpus this was compiled from: the figures are those pages as transcribed by
 * https://raw.githubusercontent.com/api-evangelist/cloudfront/refs/heads/main/plans/cloudfront-plans-pricing.yml
 * (generated 2026-09-05 from the two AWS pages), and agree with https://www.duckbillhq.com/?p=10291 and
 * https://bybowu.com/article/cloudfront-flatrate-pricing-who-should-switch-now: Free $0 (1 M requests, 100 GB),
 * Pro $15 (10 M, 50 TB), Business $200 (125 M, 50 TB), Premium $1,000 (500 M, 50 TB). A TB is counted here as
 * 1,000 GB (the smaller reading). What a plan bundles (delivery, the web ACL and its rules and requests, DDoS
 * protection, an attached Route 53 hosted zone, CloudWatch Logs ingestion of the standard and WAF logs) and that it
 * has no overage charges (over an allowance AWS may throttle or ask for a higher plan; requests AWS WAF blocks do not
 * count) are from the same sources. Premium also sells higher usage levels (up to 6 B requests and 600 TB for
 * $10,000); their names in `AWS::PricingPlanManager::Subscription`'s `UsageLevel` are not documented in the corpus,
 * so they are left out.
 */
const CLOUDFRONT_FLAT_RATE_PLANS = [
  { tier: 'FREE', monthUsd: 0, requestsPerMonth: 1e6, dataTransferGbPerMonth: 100 },
  { tier: 'PRO', monthUsd: 15, requestsPerMonth: 10e6, dataTransferGbPerMonth: 50_000 },
  { tier: 'BUSINESS', monthUsd: 200, requestsPerMonth: 125e6, dataTransferGbPerMonth: 50_000 },
  { tier: 'PREMIUM', monthUsd: 1000, requestsPerMonth: 500e6, dataTransferGbPerMonth: 50_000 },
];

/** Prices that are the same in every region of the table. */
const GLOBAL = {
  publicIpv4Hour: 0.005,
  wafWebAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillionRequests: 0.6,
  wafPerMillionRequestsPer500ExtraWcu: WAF_PER_MILLION_REQUESTS_PER_500_EXTRA_WCU,
  secretsManagerSecretMonth: 0.4,
  route53HostedZoneMonth: 0.5,
  albLcuHour: 0.008,
  cloudFrontFlatRatePlans: CLOUDFRONT_FLAT_RATE_PLANS,
};

export const PRICE_DATA: { [region: string]: RegionPrices } = {
  'us-east-1': {
    region: 'us-east-1',
    asOf: AS_OF,
    source: SOURCE,
    fargateX86: US_EAST_1_X86,
    fargateArm: US_EAST_1_ARM,
    fargateSpotX86: spot(US_EAST_1_X86),
    fargateSpotArm: spot(US_EAST_1_ARM),
    auroraAcuHour: 0.12,
    auroraStorageGbMonth: 0.1,
    auroraIoPerMillion: 0.2,
    rdsMysqlHourly: {
      'db.t4g.micro': 0.016,
      'db.t4g.small': 0.032,
      'db.t4g.medium': 0.065,
      'db.t4g.large': 0.129,
      'db.m6g.large': 0.152,
      'db.m7g.large': 0.168,
      'db.r6g.large': 0.215,
      'db.r7g.large': 0.239,
    },
    rdsGp3StorageGbMonth: 0.115,
    efsStandardGbMonth: 0.3,
    efsInfrequentAccessGbMonth: 0.016,
    efsElasticReadGb: 0.03,
    efsElasticWriteGb: 0.06,
    albHour: 0.0225,
    natGatewayHour: 0.045,
    natGatewayGb: 0.045,
    internetDataOutGb: 0.09,
    cloudFrontGeography: 'United States, Mexico, Canada',
    cloudFrontDataOutGb: 0.085,
    cloudFrontHttpsPer10k: 0.01,
    cloudWatchLogsIngestionGb: 0.5,
    backupEfsGbMonth: 0.05,
    backupAuroraGbMonth: 0.021,
    backupRdsGbMonth: 0.095,
    ...GLOBAL,
  },
  'eu-west-1': {
    region: 'eu-west-1',
    asOf: AS_OF,
    source: SOURCE,
    fargateX86: IRELAND_X86,
    fargateArm: IRELAND_ARM,
    fargateSpotX86: spot(IRELAND_X86),
    fargateSpotArm: spot(IRELAND_ARM),
    auroraAcuHour: 0.13,
    auroraStorageGbMonth: 0.11,
    auroraIoPerMillion: 0.22,
    rdsMysqlHourly: {
      'db.t4g.micro': 0.018,
      'db.t4g.small': 0.036,
      'db.t4g.medium': 0.072,
      'db.t4g.large': 0.144,
      'db.m6g.large': 0.168,
      'db.m7g.large': 0.185,
      'db.r6g.large': 0.236,
      'db.r7g.large': 0.262,
    },
    rdsGp3StorageGbMonth: 0.127,
    efsStandardGbMonth: 0.33,
    efsInfrequentAccessGbMonth: 0.0176,
    efsElasticReadGb: 0.033,
    efsElasticWriteGb: 0.066,
    albHour: 0.0252,
    natGatewayHour: 0.048,
    natGatewayGb: 0.048,
    internetDataOutGb: 0.09,
    cloudFrontGeography: 'Europe, Israel',
    cloudFrontDataOutGb: 0.085,
    cloudFrontHttpsPer10k: 0.012,
    cloudWatchLogsIngestionGb: 0.57,
    backupEfsGbMonth: 0.055,
    backupAuroraGbMonth: 0.021,
    backupRdsGbMonth: 0.095,
    ...GLOBAL,
  },
  'ap-northeast-1': {
    region: 'ap-northeast-1',
    asOf: AS_OF,
    source: SOURCE,
    fargateX86: TOKYO_X86,
    fargateArm: TOKYO_ARM,
    fargateSpotX86: spot(TOKYO_X86),
    fargateSpotArm: spot(TOKYO_ARM),
    auroraAcuHour: 0.15,
    auroraStorageGbMonth: 0.12,
    auroraIoPerMillion: 0.24,
    rdsMysqlHourly: {
      'db.t4g.micro': 0.025,
      'db.t4g.small': 0.049,
      'db.t4g.medium': 0.098,
      'db.t4g.large': 0.196,
      'db.m6g.large': 0.201,
      'db.m7g.large': 0.222,
      'db.r6g.large': 0.282,
      'db.r7g.large': 0.313,
    },
    rdsGp3StorageGbMonth: 0.138,
    efsStandardGbMonth: 0.36,
    efsInfrequentAccessGbMonth: 0.0192,
    efsElasticReadGb: 0.036,
    efsElasticWriteGb: 0.072,
    albHour: 0.0243,
    natGatewayHour: 0.062,
    natGatewayGb: 0.062,
    internetDataOutGb: 0.114,
    cloudFrontGeography: 'Japan',
    cloudFrontDataOutGb: 0.114,
    cloudFrontHttpsPer10k: 0.012,
    cloudWatchLogsIngestionGb: 0.76,
    backupEfsGbMonth: 0.06,
    backupAuroraGbMonth: 0.023,
    backupRdsGbMonth: 0.1,
    ...GLOBAL,
  },
  'ap-northeast-2': {
    region: 'ap-northeast-2',
    asOf: AS_OF,
    source: SOURCE,
    fargateX86: SEOUL_X86,
    fargateArm: SEOUL_ARM,
    fargateSpotX86: spot(SEOUL_X86),
    fargateSpotArm: spot(SEOUL_ARM),
    auroraAcuHour: 0.14,
    auroraStorageGbMonth: 0.11,
    auroraIoPerMillion: 0.22,
    rdsMysqlHourly: {
      'db.t4g.micro': 0.025,
      'db.t4g.small': 0.049,
      'db.t4g.medium': 0.098,
      'db.t4g.large': 0.196,
      'db.m6g.large': 0.197,
      'db.m7g.large': 0.218,
      'db.r6g.large': 0.27,
      'db.r7g.large': 0.3,
    },
    rdsGp3StorageGbMonth: 0.131,
    efsStandardGbMonth: 0.33,
    efsInfrequentAccessGbMonth: 0.0176,
    efsElasticReadGb: 0.033,
    efsElasticWriteGb: 0.066,
    albHour: 0.0225,
    natGatewayHour: 0.059,
    natGatewayGb: 0.059,
    internetDataOutGb: 0.126,
    cloudFrontGeography: 'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand',
    cloudFrontDataOutGb: 0.12,
    cloudFrontHttpsPer10k: 0.012,
    cloudWatchLogsIngestionGb: 0.76,
    backupEfsGbMonth: 0.055,
    backupAuroraGbMonth: 0.022,
    backupRdsGbMonth: 0.095,
    ...GLOBAL,
  },
};
