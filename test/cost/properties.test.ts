import { configureFor, generateCases } from '../../bench/generated-profiles';
import { CapacityStrategy, TrafficProfile } from '../../src/cost';
import { CapacitySimulation } from '../../src/cost/private/capacity-simulation';

/**
 * Properties of the simulation over generated profiles of the two-monthly-peaks kind (bench/generated-profiles.ts):
 * daily crests anywhere, weekends up or down, 1 to 3 peaks of 1 to 3 days at 2x to 6x, six time zones,
 * months of 2025 to 2027, each site configured by one documented rule. None of them is the reference profile.
 */
const CASES = generateCases(16);
const runs = CASES.map((c) => ({ c, sim: new CapacitySimulation(c) }));

describe.each(runs.map((r) => [r.c.name, r] as const))('%s', (_, { c, sim }) => {
  test('the configured strategies (3 and 4) are never under-provisioned', () => {
    expect(sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).underProvisionedHours).toBe(0);
    expect(sim.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT).underProvisionedHours).toBe(0);
  });

  test('an hour with no minute short runs at least what the oracle runs; nothing runs below the minimum', () => {
    sim.hours.forEach((h) => {
      h.averageTasks.forEach((tasks, k) => {
        if (h.underProvisionedMinutes[k] === 0) {
          expect(tasks).toBeGreaterThanOrEqual(h.tasksNeeded - 1e-9);
        }
        expect(h.minTasksInService[k]).toBeGreaterThanOrEqual(c.service.minCapacity);
      });
    });
  });

  test('the oracle is the lower bound of every strategy that keeps up, and static covers the busiest hour all month', () => {
    const oracle = sim.strategy(CapacityStrategy.ORACLE);
    const staticPeak = sim.strategy(CapacityStrategy.STATIC_FOR_PEAK);
    for (const s of sim.strategies.filter((x) => x.underProvisionedHours === 0)) {
      expect(s.taskHours).toBeGreaterThanOrEqual(oracle.taskHours - 1e-9);
    }
    expect(staticPeak.taskHours).toBe(oracle.maxTasks * sim.monthHours);
    // (Target tracking may run more than static: it keeps headroom above what the hour needs.)
  });

  test('Spot changes what the tasks cost, not how many run; the on-demand base always stays on regular Fargate', () => {
    const s3 = sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
    const s4 = sim.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
    expect(s4.taskHours).toBeCloseTo(s3.taskHours, 9);
    expect(s4.onDemandTaskHours).toBeGreaterThanOrEqual(c.service.spotOnDemandBaseTasks! * sim.monthHours - 1e-9);
    expect(s4.spotTaskHours).toBeLessThanOrEqual((s4.taskHours - c.service.spotOnDemandBaseTasks! * sim.monthHours) / 2 + 1e-9);
  });
});

describe('the model scales and moves the right way', () => {
  const { c, sim } = runs[0];
  const scaled = (profile: TrafficProfile, k: number): TrafficProfile => ({
    ...profile,
    requestsPerSecondByHour: profile.requestsPerSecondByHour.map((v) => v * k),
    requestsPerTaskPerSecond: profile.requestsPerTaskPerSecond * k,
  });

  test('k times the traffic with tasks k times as strong: the same task counts', () => {
    const k = 3;
    const profile = scaled(c.profile, k);
    const bigger = new CapacitySimulation({ ...c, profile, service: configureFor(profile) });
    bigger.strategies.forEach((s, i) => expect(s.taskHours).toBeCloseTo(sim.strategies[i].taskHours, 6));
  });

  test('a better cache hit ratio never needs more tasks', () => {
    const better = new CapacitySimulation({ ...c, profile: { ...c.profile, cacheHitRatio: Math.min(0.95, (c.profile.cacheHitRatio ?? 0) + 0.05) } });
    expect(better.strategy(CapacityStrategy.ORACLE).taskHours).toBeLessThanOrEqual(sim.strategy(CapacityStrategy.ORACLE).taskHours);
  });

  test('a stronger peak never needs fewer tasks', () => {
    const peaks = c.profile.peaks!.map((p) => ({ ...p, multiplier: p.multiplier * 1.5 }));
    const stronger = new CapacitySimulation({ ...c, profile: { ...c.profile, peaks } });
    expect(stronger.strategy(CapacityStrategy.ORACLE).taskHours).toBeGreaterThanOrEqual(sim.strategy(CapacityStrategy.ORACLE).taskHours);
    expect(stronger.strategy(CapacityStrategy.STATIC_FOR_PEAK).taskHours).toBeGreaterThan(sim.strategy(CapacityStrategy.STATIC_FOR_PEAK).taskHours);
  });
});
