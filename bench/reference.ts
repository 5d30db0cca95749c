/**
 * Benchmark (not a timed test): the two-monthly-peaks traffic profile (`TrafficProfiles.twoMonthlyPeaks()`)
 * against the reference app's site, as synthesized. Prints, for each capacity strategy, the month's cost,
 * its ratio to static provisioning and to the oracle, and the under-provisioned hours; then checks the
 * targets for the configured strategies (compute at most 0.35x static and 1.15x the oracle, no
 * under-provisioned hour) and shows how the figures move across every 31-day month of a year (the weekday
 * each peak falls on changes). `npx projen bench` runs it.
 */
import { App, Stack } from 'aws-cdk-lib';
import { generateCases } from './generated-profiles';
import { shapedVariants, printShapedSchedule } from './shaped-schedule';
import { buildReferenceApp, SITE_ENV, TRAFFIC_PROFILE } from '../examples/reference/app';
import { CapacitySimulation } from '../src/cost/private/capacity-simulation';
import { readSiteTemplate } from '../src/cost/private/site-template';
import { cost, ScalableWordpressOnFargate, ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

const { CapacityStrategy, CostEstimate, PriceTable, SimulationMonth } = cost;

const { app, production } = buildReferenceApp(new App());
const template = app.synth().getStackByName(production.siteStack.stackName).template;
const profile = TRAFFIC_PROFILE; // the object the reference app's site follows
const estimate = (month: cost.SimulationMonth) => CostEstimate.fromTemplate(template, { profile, month, region: SITE_ENV.region });

const month = SimulationMonth.ofDays(31);
const e = estimate(month);
const site = readSiteTemplate(template);
const pad = (s: string, n: number) => s.padStart(n);
console.log(`Traffic profile, two monthly peaks (TrafficProfiles.twoMonthlyPeaks()): Asia/Seoul, ${month.toString()} (${month.days} days, starts on a Monday), `
  + 'edge mean 100 req/s shaped 1 + 0.7 cos(2 pi (h - 21) / 24), weekends 0.8x,');
console.log('peaks 00:00 on the 5th and 25th for 48 h at 5x, cache hit ratio 0.8, 25 req/s per 2 vCPU / 8 GiB task, min 2 tasks.');
console.log(`Site: examples/reference/app.ts as synthesized (${site.service.minCapacity}-${site.service.maxCapacity} tasks, `
  + `${(site.service.targetTracking ?? []).map((p) => `${p.metric} ${p.targetValue}`).join(', ')}, `
  + `${(site.service.scheduledActions ?? []).length} scheduled actions), prices ${e.prices.region} as of ${e.prices.asOf}.`);
console.log('');
console.log(`${'strategy'.padEnd(32)}${pad('compute $', 11)}${pad('total $', 11)}${pad('compute/static', 16)}${pad('compute/oracle', 16)}`
  + `${pad('total/static', 14)}${pad('total/oracle', 14)}${pad('under-prov. h', 15)}`);
for (const s of e.strategies) {
  console.log(`${s.label.padEnd(32)}${pad(s.computeUsd.toFixed(2), 11)}${pad(s.totalUsd.toFixed(2), 11)}`
    + `${pad(s.computeRatioToStatic.toFixed(3), 16)}${pad(s.computeRatioToOracle.toFixed(3), 16)}`
    + `${pad(s.totalRatioToStatic.toFixed(3), 14)}${pad(s.totalRatioToOracle.toFixed(3), 14)}${pad(String(s.capacity.underProvisionedHours), 15)}`);
}

console.log('');
console.log('Targets for the configured strategy (3 or 4): compute <= 0.35x static, <= 1.15x oracle, 0 under-provisioned hours');
for (const strategy of [CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING, CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT]) {
  const s = e.strategy(strategy);
  const ok = s.computeRatioToStatic <= 0.35 && s.computeRatioToOracle <= 1.15 && s.capacity.underProvisionedHours === 0;
  console.log(`  ${s.label}: ${s.computeRatioToStatic.toFixed(3)}x static, ${s.computeRatioToOracle.toFixed(3)}x oracle, `
    + `${s.capacity.underProvisionedHours} h under-provisioned -> ${ok ? 'meets the targets' : 'misses the targets'}`);
}

// ------------------------------------------------------------------ the whole bill: pay-as-you-go edge vs a flat-rate plan
const plan = e.edgePricing.find((o) => o.chosen)!;
console.log('');
console.log('The whole bill (every service), edge pay-as-you-go vs the cheapest CloudFront flat-rate plan the month fits within '
  + `0.8 x its allowances (${(e.edgeRequests / 1e6).toFixed(1)} M edge requests):`);
for (const o of e.edgePricing) {
  console.log(`  ${o.chosen ? '*' : ' '} ${o.name.padEnd(14)}${pad(o.usd.toFixed(2), 10)}  ${o.reason}`);
}
console.log(`${'strategy'.padEnd(32)}${pad('PAYG edge $', 13)}${pad(`${plan.name} $`, 13)}${pad('/ static PAYG', 15)}`);
for (const s of e.strategies) {
  console.log(`${s.label.padEnd(32)}${pad(s.totalWithPayAsYouGoEdgeUsd.toFixed(2), 13)}${pad(s.totalUsd.toFixed(2), 13)}`
    + `${pad(s.totalRatioToStaticWithPayAsYouGoEdge.toFixed(3), 15)}`);
}
const configuredStrategy = e.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
console.log(`Goal: the whole month at most 0.55x static provisioning with a pay-as-you-go edge: strategy 4 on the ${plan.name} plan `
  + `${configuredStrategy.totalRatioToStaticWithPayAsYouGoEdge.toFixed(3)}x -> ${configuredStrategy.totalRatioToStaticWithPayAsYouGoEdge <= 0.55 ? 'meets' : 'misses'} the goal`);

console.log('');
console.log('The same site and profile over every 31-day month of 2026 (strategy 4, compute):');
for (const m of [1, 3, 5, 7, 8, 10, 12]) {
  const s = estimate(SimulationMonth.of(2026, m)).strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
  console.log(`  2026-${String(m).padStart(2, '0')}: ${s.computeRatioToStatic.toFixed(3)}x static, ${s.computeRatioToOracle.toFixed(3)}x oracle, `
    + `${s.capacity.underProvisionedHours} h under-provisioned`);
}

// ------------------------------------------------------------------ which configuration meets the targets
console.log('');
console.log('Configurations of the reference app\'s site (peaks on the 5th and 25th in Asia/Seoul), same profile and month, compute:');
const variants: Array<[string, ScalableWordpressOnFargateProps]> = [
  ['site defaults (peakMinCapacity = 2 x min = 4)', {}],
  ['peakMinCapacity 6', { peakMinCapacity: 6 }],
  ['peakMinCapacity 6, fargateSpot {}', { peakMinCapacity: 6, fargateSpot: {} }],
  ['peakMinCapacity 7, 1500 requests/task/min', { peakMinCapacity: 7, requestsPerTargetPerMinute: 1500 }],
  ['peakMinCapacity 7, 1500 requests/task/min, fargateSpot {}', { peakMinCapacity: 7, requestsPerTargetPerMinute: 1500, fargateSpot: {} }],
  ...shapedVariants(profile),
];
for (const [name, props] of variants) {
  const variantApp = new App();
  const stack = new Stack(variantApp, 'Variant', { env: SITE_ENV });
  new ScalableWordpressOnFargate(stack, 'Wordpress', {
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
    monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
    scheduleTimeZone: 'Asia/Seoul',
    ...props,
  });
  const v = CostEstimate.fromTemplate(variantApp.synth().getStackByName('Variant').template, { profile, month, region: SITE_ENV.region });
  const s3 = v.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
  const s4 = v.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
  const configured = props.fargateSpot ? s4 : s3;
  console.log(`  ${name.padEnd(58)} strategy ${props.fargateSpot ? 4 : 3}: ${configured.computeRatioToStatic.toFixed(3)}x static, `
    + `${configured.computeRatioToOracle.toFixed(3)}x oracle, ${configured.capacity.underProvisionedHours} h under-provisioned`);
}

// ------------------------------------------------------------------ other profiles
const CASES = 40;
console.log('');
console.log(`${CASES} generated profiles of the same kind (bench/generated-profiles.ts: crest anywhere, weekends 0.5-1.2x, 1-3 peaks of`);
console.log('1-3 days at 2-6x, cache 0.5-0.9, 10-50 req/s per task, six time zones, 2025-2027), site configured by the documented rule,');
console.log(`compute priced with ${SITE_ENV.region} Fargate prices:`);
const tokyo = PriceTable.forRegion(SITE_ENV.region);
const taskHour = 2 * tokyo.fargateX86.vcpuHour + 8 * tokyo.fargateX86.gbHour;
const spotTaskHour = 2 * tokyo.fargateSpotX86.vcpuHour + 8 * tokyo.fargateSpotX86.gbHour;
const rows = generateCases(CASES).map((c) => {
  const sim = new CapacitySimulation(c);
  const compute = (st: cost.CapacityStrategy) => sim.strategy(st).onDemandTaskHours * taskHour + sim.strategy(st).spotTaskHours * spotTaskHour;
  const oracle = compute(CapacityStrategy.ORACLE);
  const staticCost = compute(CapacityStrategy.STATIC_FOR_PEAK);
  return {
    s3Oracle: compute(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING) / oracle,
    s4Oracle: compute(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT) / oracle,
    s4Static: compute(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT) / staticCost,
    oracleStatic: oracle / staticCost,
    under: sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).underProvisionedHours,
    trackingUnder: sim.strategy(CapacityStrategy.TARGET_TRACKING).underProvisionedHours,
  };
});
const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `min ${sorted[0].toFixed(3)}, median ${at(0.5).toFixed(3)}, 90th percentile ${at(0.9).toFixed(3)}, max ${sorted[sorted.length - 1].toFixed(3)}`;
};
console.log(`  strategy 3 compute / oracle: ${quantiles(rows.map((r) => r.s3Oracle))}`);
console.log(`  strategy 4 compute / oracle: ${quantiles(rows.map((r) => r.s4Oracle))}; <= 1.15 in ${rows.filter((r) => r.s4Oracle <= 1.15).length} of ${CASES}`);
console.log(`  strategy 4 compute / static: ${quantiles(rows.map((r) => r.s4Static))}`);
console.log(`  oracle / static (the floor no strategy can beat): ${quantiles(rows.map((r) => r.oracleStatic))}`);
console.log(`  under-provisioned hours, strategies 3 and 4: ${rows.reduce((n, r) => n + r.under, 0)} in all ${CASES}; `
  + `strategy 2 (target tracking alone): ${rows.reduce((n, r) => n + r.trackingUnder, 0)} in ${rows.filter((r) => r.trackingUnder > 0).length} of ${CASES}`);

printShapedSchedule(template, profile, CASES);
