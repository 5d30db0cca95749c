import { SITE } from './fixtures';
import { CapacityStrategy, CostEstimate, EdgePricing, FlatRatePlanPrice, PriceTable, RegionPrices, SimulationMonth, TrafficProfile } from '../../src/cost';
import { readPlanTier } from '../../src/cost/private/plan-subscription';
import { priceMonth } from '../../src/cost/private/pricing';


/**
 * 10 req/s all day (UTC) and 30 req/s on the 10th, 64 KiB a response: February 2026 has 27 x 864,000 + 2,592,000 =
 * 25,920,000 edge requests and 25,920,000 x 64 KiB = 1,582.03125 GB out.
 */
const PROFILE: TrafficProfile = {
  requestsPerSecondByHour: Array(24).fill(10),
  requestsPerTaskPerSecond: 10,
  peaks: [{ dayOfMonth: 10, multiplier: 3 }],
  averageResponseKiB: 64,
};
const FEBRUARY = SimulationMonth.of(2026, 2);
const REQUESTS = 25_920_000;
const GB = (REQUESTS * 64) / 1024 / 1024;

/**
 * Pay-as-you-go: $1 per 10,000 requests and nothing else, so the month's edge costs $2,592 that way; the plans as given.
 */
function prices(plans: FlatRatePlanPrice[] | undefined): RegionPrices {
  const zero = { vcpuHour: 0, gbHour: 0 };
  return {
    ...PriceTable.forRegion('ap-northeast-1'),
    fargateX86: zero,
    fargateArm: zero,
    fargateSpotX86: zero,
    fargateSpotArm: zero,
    cloudFrontDataOutGb: 0,
    cloudFrontHttpsPer10k: 1,
    wafWebAclMonth: 0,
    wafRuleMonth: 0,
    wafPerMillionRequests: 0,
    cloudWatchLogsIngestionGb: 0,
    cloudFrontFlatRatePlans: plans,
  };
}
const PAYG_USD = REQUESTS / 1e4;

const plan = (tier: string, monthUsd: number, requestsPerMonth: number, dataTransferGbPerMonth = 1e9): FlatRatePlanPrice =>
  ({ tier, monthUsd, requestsPerMonth, dataTransferGbPerMonth });

function estimate(plans: FlatRatePlanPrice[] | undefined, edge: { pricing?: EdgePricing; flatRatePlanHeadroom?: number } = {}) {
  return CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: prices(plans), edge });
}

const option = (e: CostEstimate, name: string) => e.edgePricing.find((o) => o.name === name)!;
const chosen = (e: CostEstimate) => e.edgePricing.find((o) => o.chosen)!.name;

describe('the cheapest way to pay for the edge that the month fits', () => {
  test('the month counts the peak: the hand-computed requests and transfer', () => {
    const e = estimate([]);
    expect(e.edgeRequests).toBe(REQUESTS);
    expect(option(e, 'PAY_AS_YOU_GO').usd).toBeCloseTo(PAYG_USD, 9);
  });

  test('headroom 1: a month of exactly the allowance fits; one request more does not, and the reason says which allowance and by how much', () => {
    // GIVEN a $100 plan whose allowance is the month's requests exactly, and one whose allowance is one request short
    const exact = estimate([plan('PRO', 100, REQUESTS)], { flatRatePlanHeadroom: 1 });
    const short = estimate([plan('PRO', 100, REQUESTS - 1)], { flatRatePlanHeadroom: 1 });
    // THEN the first is chosen (it is cheaper than $2,592 pay-as-you-go); the second does not fit and pay-as-you-go stays
    expect(option(exact, 'PRO')).toMatchObject({ fits: true, chosen: true, requestShare: 1 });
    expect(chosen(exact)).toBe('PRO');
    expect(option(short, 'PRO').fits).toBe(false);
    expect(option(short, 'PRO').requestShare).toBeGreaterThan(1);
    expect(option(short, 'PRO').reason).toMatch(/^does not fit: 25\.9 M requests are 100 % of its 25\.9 M, 0\.00 M over 1 x the allowance$/);
    expect(chosen(short)).toBe('PAY_AS_YOU_GO');
  });

  test('headroom 0.5: the month may use half of an allowance, not one request more', () => {
    expect(option(estimate([plan('PRO', 100, 2 * REQUESTS)], { flatRatePlanHeadroom: 0.5 }), 'PRO')).toMatchObject({ fits: true, requestShare: 0.5 });
    expect(option(estimate([plan('PRO', 100, 2 * REQUESTS - 1)], { flatRatePlanHeadroom: 0.5 }), 'PRO').fits).toBe(false);
  });

  test('the default headroom is 0.8', () => {
    expect(option(estimate([plan('PRO', 100, REQUESTS / 0.8)]), 'PRO').fits).toBe(true);
    expect(option(estimate([plan('PRO', 100, REQUESTS / 0.8 - 10)]), 'PRO').fits).toBe(false);
  });

  test('the data transfer allowance counts too: a plan with requests to spare but too little transfer does not fit', () => {
    const e = estimate([plan('BUSINESS', 100, 10 * REQUESTS, GB - 1)], { flatRatePlanHeadroom: 1 });
    expect(option(e, 'BUSINESS').fits).toBe(false);
    expect(option(e, 'BUSINESS').transferShare).toBeCloseTo(GB / (GB - 1), 9);
    expect(option(e, 'BUSINESS').reason).toMatch(/^does not fit: 1\.58 TB out is 100 % of its 1\.58 TB, 1\.00 GB over 1 x the allowance$/);
    expect(option(estimate([plan('BUSINESS', 100, 10 * REQUESTS, GB)], { flatRatePlanHeadroom: 1 }), 'BUSINESS').fits).toBe(true);
  });

  test('of the plans that fit, the cheapest; a plan dearer than pay-as-you-go is not chosen', () => {
    const e = estimate([plan('FREE', 0, 1e6), plan('PRO', 300, 10 * REQUESTS), plan('BUSINESS', 200, 10 * REQUESTS), plan('PREMIUM', 3000, 100 * REQUESTS)]);
    expect(e.edgePricing.map((o) => [o.name, o.fits, o.chosen])).toEqual([
      ['PAY_AS_YOU_GO', true, false], ['FREE', false, false], ['PRO', true, false], ['BUSINESS', true, true], ['PREMIUM', true, false],
    ]);
    expect(chosen(estimate([plan('PREMIUM', PAYG_USD + 1, 10 * REQUESTS)]))).toBe('PAY_AS_YOU_GO');
  });

  test('a month no plan fits is priced pay-as-you-go, each plan saying why it does not fit', () => {
    const e = estimate([plan('FREE', 0, 1e6, 100), plan('PRO', 15, 10e6, 50_000)]);
    expect(chosen(e)).toBe('PAY_AS_YOU_GO');
    expect(option(e, 'FREE').reason).toMatch(/requests are 2592 % of its 1\.00 M, 25\.1 M over 0\.8 x the allowance; 1\.58 TB out is 1582 % of its 100 GB, 1\.50 TB over 0\.8 x the allowance$/);
    expect(option(e, 'PRO').reason).toMatch(/^does not fit: 25\.9 M requests are 259 % of its 10\.0 M, 17\.9 M over 0\.8 x the allowance$/);
    const lines = e.strategy(CapacityStrategy.ORACLE).lines.map((l) => l.service);
    expect(lines).toEqual(expect.arrayContaining(['CloudFront', 'AWS WAF']));
    expect(lines).not.toContain('CloudFront flat-rate plan');
  });

  test('a chosen plan replaces the CloudFront and AWS WAF lines with its price; the totals with a pay-as-you-go edge stay beside', () => {
    const e = estimate([plan('BUSINESS', 200, 10 * REQUESTS)]);
    const oracle = e.strategy(CapacityStrategy.ORACLE);
    const statics = e.strategy(CapacityStrategy.STATIC_FOR_PEAK);
    expect(oracle.lines.map((l) => l.service)).toEqual(['Fargate', 'CloudFront flat-rate plan', 'CloudWatch Logs']);
    expect(oracle.lines[1].usd).toBe(200);
    expect(oracle.lines[1].detail).toMatch(/^BUSINESS plan \$200: CloudFront and its web ACL \(10 rules and their requests\); fits: 10 % of its requests.*pay-as-you-go would be \$2592\.00$/);
    expect(oracle.totalUsd).toBeCloseTo(200, 9);
    expect(oracle.totalWithPayAsYouGoEdgeUsd).toBeCloseTo(PAYG_USD, 9);
    expect(statics.totalWithPayAsYouGoEdgeUsd).toBeCloseTo(PAYG_USD, 9);
    expect(oracle.totalRatioToStaticWithPayAsYouGoEdge).toBeCloseTo(200 / PAYG_USD, 9);
  });

  test('forcing a plan prices the edge on it even when the month does not fit, with a note; forcing pay-as-you-go keeps the usage lines', () => {
    const plans = [plan('PRO', 15, 10e6), plan('BUSINESS', 200, 10 * REQUESTS)];
    const pro = estimate(plans, { pricing: EdgePricing.PRO });
    expect(chosen(pro)).toBe('PRO');
    expect(pro.strategy(CapacityStrategy.ORACLE).totalUsd).toBeCloseTo(15, 9);
    expect(pro.notes).toContainEqual(expect.stringMatching(/^The edge is priced on the PRO plan, which the month does not fit \(headroom 0\.8\): .* AWS may throttle/));
    const payg = estimate(plans, { pricing: EdgePricing.PAY_AS_YOU_GO });
    expect(chosen(payg)).toBe('PAY_AS_YOU_GO');
    expect(payg.strategy(CapacityStrategy.ORACLE).totalUsd).toBeCloseTo(PAYG_USD, 9);
  });

  test('a template subscribed to a plan is priced on it unless edge.pricing says otherwise', () => {
    const plans = [plan('PRO', 15, 10e6), plan('BUSINESS', 200, 10 * REQUESTS)];
    const options = { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: prices(plans) };
    const subscribed = priceMonth(SITE, options, 'PRO');
    expect(subscribed.edge!.chosen).toBe('PRO');
    expect(subscribed.notes).toContainEqual(expect.stringMatching(/^The template subscribes the distribution to the PRO flat-rate plan/));
    expect(priceMonth(SITE, { ...options, edge: { pricing: EdgePricing.CHEAPEST } }, 'PRO').edge!.chosen).toBe('BUSINESS');
    expect(readPlanTier({ Resources: { Plan: { Type: 'AWS::PricingPlanManager::Subscription', Properties: { PlanFamily: 'CloudFront', PlanTier: 'PRO' } } } }))
      .toBe('PRO');
    expect(readPlanTier({ Resources: {} })).toBeUndefined();
  });

  test('without plans in the price table, pay-as-you-go is the only option', () => {
    const e = estimate(undefined);
    expect(e.edgePricing.map((o) => o.name)).toEqual(['PAY_AS_YOU_GO']);
    expect(e.toText()).not.toMatch(/Edge pricing/);
  });
});

describe('bad input', () => {
  test.each([0, -0.1, 1.01, Number.NaN])('a headroom of %p is refused, naming the field and the range (0, 1]', (headroom) => {
    expect(() => estimate([], { flatRatePlanHeadroom: headroom }))
      .toThrow(/invalid edge\.flatRatePlanHeadroom: .*Allowed: a number from 0 \(excluded\) to 1\./);
  });

  test('a plan name the price table does not have is refused, naming where it came from', () => {
    expect(() => estimate([plan('PRO', 15, 10e6)], { pricing: 'GOLD' as EdgePricing }))
      .toThrow(/invalid edge\.pricing: "GOLD"\. Allowed: CHEAPEST, PAY_AS_YOU_GO, PRO \(the flat-rate plans of the ap-northeast-1 price table\)/);
    expect(() => priceMonth(SITE, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: prices([]) }, 'GOLD'))
      .toThrow(/invalid the template's plan subscription tier \(PlanTier\): "GOLD"/);
  });
});

describe('the report', () => {
  test('the text lists every way of paying for the edge, the chosen one starred, and the totals with a pay-as-you-go edge', () => {
    const text = estimate([plan('FREE', 0, 1e6), plan('BUSINESS', 200, 10 * REQUESTS)]).toText();
    expect(text).toMatch(/Edge pricing \(CloudFront and its web ACL\) for 25\.9 M requests, plans fitting within 0\.8 x their allowances:/);
    expect(text).toMatch(/^ {2}PAY_AS_YOU_GO {7}2,592\.00 {2}no allowance: billed by usage$/m);
    expect(text).toMatch(/^\* BUSINESS {14}200\.00 {2}fits: 10 % of its requests/m);
    expect(text).toMatch(/^ {2}FREE {20}0\.00 {2}does not fit: /m);
    expect(text).toMatch(/^Total, edge pay-as-you-go {2}/m);
    expect(text).toMatch(/^Total \/ static, PAYG edge/m);
  });

  test('the plot says which plan the edge is on and what pay-as-you-go would cost', () => {
    expect(estimate([plan('BUSINESS', 200, 10 * REQUESTS)]).toSvg()).toContain('edge on the BUSINESS flat-rate plan $200.00 instead of $2,592.00 pay-as-you-go');
    expect(estimate([]).toSvg()).not.toContain('flat-rate plan');
  });

  test('the bundled table: Free, Pro, Business and Premium with their prices and allowances, the same in every region', () => {
    for (const region of PriceTable.regions()) {
      expect(PriceTable.forRegion(region).cloudFrontFlatRatePlans).toEqual([
        { tier: 'FREE', monthUsd: 0, requestsPerMonth: 1e6, dataTransferGbPerMonth: 100 },
        { tier: 'PRO', monthUsd: 15, requestsPerMonth: 10e6, dataTransferGbPerMonth: 50_000 },
        { tier: 'BUSINESS', monthUsd: 200, requestsPerMonth: 125e6, dataTransferGbPerMonth: 50_000 },
        { tier: 'PREMIUM', monthUsd: 1000, requestsPerMonth: 500e6, dataTransferGbPerMonth: 50_000 },
      ]);
    }
  });
});
