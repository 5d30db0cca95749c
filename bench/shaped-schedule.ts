/**
 * Benchmark section: the schedule shaped by a traffic profile (`trafficProfile`), strategy 3 (scheduled +
 * target tracking, regular Fargate, no Spot) against the oracle, on the reference profile (the reference
 * app's site as synthesized, priced by the estimate) and on the generated profiles (each configured as the
 * site configures it, `configureShapedFor`), in every bundled region and in 28-, 30- and 31-day months.
 * Goal: at most 1.10x the oracle's compute, 0 under-provisioned hours.
 */
import { configureShapedFor, generateCases } from './generated-profiles';
import { CapacitySimulation } from '../src/cost/private/capacity-simulation';
import { cost, ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

const { CapacityStrategy, CostEstimate, PriceTable, SimulationMonth } = cost;

/** The months every case runs in: 28, 30 and 31 days. */
const MONTHS = [SimulationMonth.of(2026, 2), SimulationMonth.of(2026, 4), SimulationMonth.of(2026, 1)];

/** The configurations table's rows for the shaped schedule (the site's other props as in the table). */
export function shapedVariants(profile: cost.TrafficProfile): Array<[string, ScalableWordpressOnFargateProps]> {
  return [
    ['trafficProfile (shaped schedule)', { trafficProfile: profile }],
    ['trafficProfile, fargateSpot {} (reference app)', { trafficProfile: profile, fargateSpot: {} }],
  ];
}

interface Row {
  readonly name: string;
  readonly region: string;
  readonly month: string;
  readonly ratio: number;
  readonly under: number;
}

/** Print the shaped schedule's figures and the worst case; `template` is the reference app's site, synthesized with the profile. */
export function printShapedSchedule(template: any, profile: cost.TrafficProfile, cases: number): void {
  const regions = PriceTable.regions();
  const rows: Row[] = [];
  console.log('');
  console.log('Schedule shaped by the traffic profile (trafficProfile), strategy 3 (scheduled + tracking, regular Fargate, no Spot):');
  console.log('goal: compute <= 1.10x the oracle, 0 under-provisioned hours, in every bundled region, in 28-, 30- and 31-day months.');
  console.log(`  reference profile, the reference app's site as synthesized (${regions.join(', ')}):`);
  for (const month of [...MONTHS, SimulationMonth.ofDays(31)]) {
    const line: string[] = [];
    for (const region of regions) {
      const s = CostEstimate.fromTemplate(template, { profile, month, region }).strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
      rows.push({ name: 'reference profile', region, month: month.toString(), ratio: s.computeRatioToOracle, under: s.capacity.underProvisionedHours });
      line.push(`${region} ${s.computeRatioToOracle.toFixed(3)}x / ${s.capacity.underProvisionedHours} h`);
    }
    console.log(`    ${month.toString()} (${month.days} days): ${line.join(', ')}`);
  }
  const reference = rows.length;

  // Without Spot the compute of a strategy is its task-hours x one region's task-hour price: each region's ratio.
  const taskHour = (region: string) => {
    const p = PriceTable.forRegion(region);
    return 2 * p.fargateX86.vcpuHour + 8 * p.fargateX86.gbHour;
  };
  for (const c of generateCases(cases)) {
    const service = configureShapedFor(c.profile);
    for (const month of [c.month, ...MONTHS]) {
      const sim = new CapacitySimulation({ service, profile: c.profile, month });
      const s3 = sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
      const oracle = sim.strategy(CapacityStrategy.ORACLE);
      for (const region of regions) {
        rows.push({
          name: c.name,
          region,
          month: month.toString(),
          ratio: (s3.onDemandTaskHours * taskHour(region)) / (oracle.onDemandTaskHours * taskHour(region)),
          under: s3.underProvisionedHours,
        });
      }
    }
  }
  const generated = rows.slice(reference);
  const sorted = [...generated].map((r) => r.ratio).sort((a, b) => a - b);
  const worst = rows.reduce((w, r) => (r.ratio > w.ratio ? r : w));
  const under = rows.filter((r) => r.under > 0);
  console.log(`  ${cases} generated profiles, each in its own month and in 2026-02, 2026-04 and 2026-01, every region (${generated.length} runs): `
    + `median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)}x, max ${sorted[sorted.length - 1].toFixed(3)}x the oracle; `
    + `under-provisioned hours ${generated.reduce((n, r) => n + r.under, 0)}`);
  console.log(`  worst case: ${worst.name}, ${worst.month}, ${worst.region}: ${worst.ratio.toFixed(3)}x the oracle, ${worst.under} h under-provisioned`);
  const met = worst.ratio <= 1.10 && under.length === 0;
  console.log(`  -> ${met ? 'meets the goal' : 'misses the goal'} in all ${rows.length} runs`
    + (under.length > 0 ? ` (${under.length} runs under-provisioned, e.g. ${under[0].name} ${under[0].month})` : ''));
}
