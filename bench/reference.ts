/**
 * Benchmark (not a timed test): the quest's reference traffic profile against the reference app's site,
 * as synthesized. Prints, for each capacity strategy, the month's cost, its ratio to static provisioning
 * and to the oracle, and the under-provisioned hours; then checks the issue's targets for the configured
 * strategies and shows how the figures move across every 31-day month of a year (the weekday each peak
 * falls on changes). `npx projen bench` runs it.
 */
import { App } from 'aws-cdk-lib';
import { CapacityStrategy, CostEstimate, SimulationMonth, TrafficProfiles } from 'cdk-fargate-wordpress';
import { buildReferenceApp, SITE_ENV } from '../examples/reference/app';

const app = buildReferenceApp(new App());
const template = app.synth().getStackByName('WordpressSite').template;
const profile = TrafficProfiles.questReference();
const estimate = (month: SimulationMonth) => CostEstimate.fromTemplate(template, { profile, month, region: SITE_ENV.region });

const month = SimulationMonth.ofDays(31);
const e = estimate(month);
const pad = (s: string, n: number) => s.padStart(n);
console.log(`Reference profile (issue #5): Asia/Seoul, ${month.toString()} (${month.days} days, starts on a Monday), `
  + 'edge mean 100 req/s shaped 1 + 0.7 cos(2 pi (h - 21) / 24), weekends 0.8x,');
console.log('peaks 00:00 on the 5th and 25th for 48 h at 5x, cache hit ratio 0.8, 25 req/s per 2 vCPU / 8 GiB task, min 2 tasks.');
console.log(`Site: examples/reference/app.ts as synthesized (${e.site.service.minCapacity}-${e.site.service.maxCapacity} tasks, `
  + `${(e.site.service.targetTracking ?? []).map((p) => `${p.metric} ${p.targetValue}`).join(', ')}, `
  + `${(e.site.service.scheduledActions ?? []).length} scheduled actions), prices ${e.prices.region} as of ${e.prices.asOf}.`);
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

console.log('');
console.log('The same site and profile over every 31-day month of 2026 (strategy 4, compute):');
for (const m of [1, 3, 5, 7, 8, 10, 12]) {
  const s = estimate(SimulationMonth.of(2026, m)).strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
  console.log(`  2026-${String(m).padStart(2, '0')}: ${s.computeRatioToStatic.toFixed(3)}x static, ${s.computeRatioToOracle.toFixed(3)}x oracle, `
    + `${s.capacity.underProvisionedHours} h under-provisioned`);
}
