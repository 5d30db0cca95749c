/** How an estimate prices the edge: CloudFront and its AWS WAF web ACL. */
export enum EdgePricing {
  /** The cheapest of pay-as-you-go and the flat-rate plans the month fits within the headroom. */
  CHEAPEST = 'CHEAPEST',
  /** CloudFront and AWS WAF by usage (requests, data transfer, rules). */
  PAY_AS_YOU_GO = 'PAY_AS_YOU_GO',
  /** The Free flat-rate plan, whether the month fits it or not. */
  FREE = 'FREE',
  /** The Pro flat-rate plan, whether the month fits it or not. */
  PRO = 'PRO',
  /** The Business flat-rate plan, whether the month fits it or not. */
  BUSINESS = 'BUSINESS',
  /** The Premium flat-rate plan, whether the month fits it or not. */
  PREMIUM = 'PREMIUM',
}

/** One way of paying for the edge, priced for the month: pay-as-you-go or a flat-rate plan. */
export interface EdgePricingOption {
  /** `PAY_AS_YOU_GO` or the plan's tier (`FREE`, `PRO`, `BUSINESS`, `PREMIUM`). */
  readonly name: string;
  /** USD in the month for CloudFront and its web ACL this way. */
  readonly usd: number;
  /** Whether the month's requests and data transfer stay within the headroom's share of the allowances (pay-as-you-go always fits). */
  readonly fits: boolean;
  /** The month's edge requests as a share of the plan's request allowance (0 for pay-as-you-go). */
  readonly requestShare: number;
  /** The month's data transfer out as a share of the plan's transfer allowance (0 for pay-as-you-go). */
  readonly transferShare: number;
  /** Whether the estimate priced the edge this way. */
  readonly chosen: boolean;
  /** Why it fits or not: which allowance, by how much. */
  readonly reason: string;
}
