import { checkNumber, valueError } from '../../private/validation';
import { EdgePricing, EdgePricingOption } from '../edge-pricing';
import type { RegionPrices } from '../region-prices';
import type { CostLine } from '../strategy-cost';

/** WCUs included in a web ACL's base price, and the most a web ACL may use (AWS WAF quotas). */
const WAF_INCLUDED_WCU = 1500;
export const WAF_MAX_WCU = 5000;
const DEFAULT_HEADROOM = 0.8;
const PAY_AS_YOU_GO = 'PAY_AS_YOU_GO';

/** The edge of a month: what CloudFront served and the web ACL it has. */
export interface EdgeMonth {
  readonly prices: RegionPrices;
  /** Requests at the edge in the month. */
  readonly requests: number;
  /** GB sent to viewers in the month. */
  readonly dataOutGb: number;
  readonly webAclRules: number;
  readonly webAclCapacityUnits: number;
  /** `edge.pricing` as given. */
  readonly pricing?: EdgePricing;
  /** `edge.flatRatePlanHeadroom` as given. */
  readonly headroom?: number;
  /** The tier of the template's CloudFront plan subscription, if any. */
  readonly templateTier?: string;
}

/** The edge priced: the chosen lines, the pay-as-you-go lines and every option. */
export interface PricedEdge {
  readonly lines: CostLine[];
  readonly payAsYouGoLines: CostLine[];
  readonly options: EdgePricingOption[];
  /** The option the lines price. */
  readonly chosen: string;
  readonly headroom: number;
  readonly notes: string[];
}

/**
 * Price the edge pay-as-you-go (CloudFront requests and transfer, the web ACL, its rules, requests and capacity) and
 * under each flat-rate plan, which bundles all of that for its monthly price when the month fits its allowances.
 */
export function priceEdge(month: EdgeMonth): PricedEdge {
  checkNumber('edge.flatRatePlanHeadroom', month.headroom, 0, 1, true);
  const headroom = month.headroom ?? DEFAULT_HEADROOM;
  const notes: string[] = [];
  const payAsYouGoLines = payAsYouGo(month, notes);
  const payAsYouGoUsd = payAsYouGoLines.reduce((a, l) => a + l.usd, 0);
  const plans = month.prices.cloudFrontFlatRatePlans ?? [];
  const fitted = plans.map((plan) => {
    const requestShare = month.requests / plan.requestsPerMonth;
    const transferShare = month.dataOutGb / plan.dataTransferGbPerMonth;
    const over: string[] = [];
    if (requestShare > headroom) {
      over.push(`${millions(month.requests)} requests are ${pct(requestShare)} of its ${millions(plan.requestsPerMonth)}, `
        + `${millions(month.requests - headroom * plan.requestsPerMonth)} over ${headroom} x the allowance`);
    }
    if (transferShare > headroom) {
      over.push(`${gb(month.dataOutGb)} out is ${pct(transferShare)} of its ${gb(plan.dataTransferGbPerMonth)}, `
        + `${gb(month.dataOutGb - headroom * plan.dataTransferGbPerMonth)} over ${headroom} x the allowance`);
    }
    const reason = over.length > 0 ? `does not fit: ${over.join('; ')}`
      : `fits: ${pct(requestShare)} of its requests, ${pct(transferShare)} of its transfer (at most ${pct(headroom)})`;
    return { plan, requestShare, transferShare, fits: over.length === 0, reason };
  });

  const chosen = choose(month, headroom, payAsYouGoUsd, fitted, notes);
  const options: EdgePricingOption[] = [
    { name: PAY_AS_YOU_GO, usd: payAsYouGoUsd, fits: true, requestShare: 0, transferShare: 0, chosen: chosen === PAY_AS_YOU_GO, reason: 'no allowance: billed by usage' },
    ...fitted.map((f) => ({
      name: f.plan.tier,
      usd: f.plan.monthUsd,
      fits: f.fits,
      requestShare: f.requestShare,
      transferShare: f.transferShare,
      chosen: chosen === f.plan.tier,
      reason: f.reason,
    })),
  ];
  const plan = fitted.find((f) => f.plan.tier === chosen);
  if (plan) {
    notes.push(`The ${plan.plan.tier} plan also covers CloudWatch Logs ingestion of the distribution's standard and WAF logs (not priced here either) `
      + 'and a Route 53 hosted zone attached to the plan; GeoBlockedCloudFrontWaf attaches none (a zone often serves several sites), so Route 53 stays billed.');
  }
  const lines = plan ? [{
    service: 'CloudFront flat-rate plan',
    usd: plan.plan.monthUsd,
    detail: `${plan.plan.tier} plan $${plan.plan.monthUsd}: CloudFront and its web ACL (${month.webAclRules} rules and their requests); `
      + `${plan.reason}; pay-as-you-go would be $${payAsYouGoUsd.toFixed(2)}`,
  }] : payAsYouGoLines;
  return { lines, payAsYouGoLines, options, chosen, headroom, notes };
}

function choose(month: EdgeMonth, headroom: number, payAsYouGoUsd: number,
  fitted: Array<{ plan: { tier: string; monthUsd: number }; fits: boolean; reason: string }>, notes: string[]): string {
  const forced = month.pricing ?? (month.templateTier as EdgePricing | undefined);
  if (forced === undefined || forced === EdgePricing.CHEAPEST) {
    // Pay-as-you-go always fits; a plan wins only when it costs less (a tie keeps the edge unsubscribed).
    return fitted.filter((f) => f.fits).reduce((best, f) => (f.plan.monthUsd < best.usd ? { name: f.plan.tier, usd: f.plan.monthUsd } : best),
      { name: PAY_AS_YOU_GO, usd: payAsYouGoUsd }).name;
  }
  if (forced === EdgePricing.PAY_AS_YOU_GO) {
    return PAY_AS_YOU_GO;
  }
  const plan = fitted.find((f) => f.plan.tier === forced);
  if (!plan) {
    const field = month.pricing === undefined ? 'the template\'s plan subscription tier (PlanTier)' : 'edge.pricing';
    throw valueError(field, forced, `Allowed: ${[EdgePricing.CHEAPEST, PAY_AS_YOU_GO, ...fitted.map((f) => f.plan.tier)].join(', ')} `
      + `(the flat-rate plans of the ${month.prices.region} price table).`);
  }
  if (month.pricing === undefined) {
    notes.push(`The template subscribes the distribution to the ${forced} flat-rate plan: the edge is priced so (set edge.pricing to compare).`);
  }
  if (!plan.fits) {
    notes.push(`The edge is priced on the ${forced} plan, which the month ${plan.reason.replace(/^does not fit/, 'does not fit (headroom ' + headroom + ')')}: `
      + 'over an allowance AWS may throttle the distribution or ask for a higher plan.');
  }
  return plan.plan.tier;
}

function payAsYouGo(month: EdgeMonth, notes: string[]): CostLine[] {
  const p = month.prices;
  const millionRequests = month.requests / 1e6;
  const lines: CostLine[] = [{
    service: 'CloudFront',
    usd: month.dataOutGb * p.cloudFrontDataOutGb + (month.requests / 1e4) * p.cloudFrontHttpsPer10k,
    detail: `${fmt(month.dataOutGb)} GB out x $${p.cloudFrontDataOutGb} (${p.cloudFrontGeography}) + ${fmt(millionRequests)} M HTTPS requests `
      + `x $${p.cloudFrontHttpsPer10k}/10k`,
  }];
  if (month.webAclRules > 0) {
    const extraBlocks = Math.max(0, Math.ceil((month.webAclCapacityUnits - WAF_INCLUDED_WCU) / 500));
    const blockPrice = p.wafPerMillionRequestsPer500ExtraWcu;
    if (extraBlocks > 0 && blockPrice === undefined) {
      notes.push(`The web ACL uses ${month.webAclCapacityUnits} WCUs, above the ${WAF_INCLUDED_WCU} in AWS WAF's base price, but the price `
          + 'table has no wafPerMillionRequestsPer500ExtraWcu: that charge is not in the estimate.');
    }
    const capacityUsd = extraBlocks * (blockPrice ?? 0) * millionRequests;
    lines.push({
      service: 'AWS WAF',
      usd: p.wafWebAclMonth + month.webAclRules * p.wafRuleMonth + millionRequests * p.wafPerMillionRequests + capacityUsd,
      detail: `1 web ACL x $${p.wafWebAclMonth} + ${month.webAclRules} rules x $${p.wafRuleMonth} + ${fmt(millionRequests)} M requests `
        + `x $${p.wafPerMillionRequests}/M`
        + (capacityUsd > 0 ? ` + ${extraBlocks} x 500 WCUs above ${WAF_INCLUDED_WCU} (${month.webAclCapacityUnits} WCUs) x `
          + `${fmt(millionRequests)} M requests x $${blockPrice}/M` : ''),
    });
  }
  return lines;
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
}

function millions(n: number): string {
  return `${fmt(n / 1e6)} M`;
}

function gb(n: number): string {
  return n >= 1000 ? `${fmt(n / 1000)} TB` : `${fmt(n)} GB`;
}
