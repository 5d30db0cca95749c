import { CapacityStrategy, SimulationMonth, TrafficProfile } from '../../../src/cost';
import { CapacitySimulation } from '../../../src/cost/private/capacity-simulation';
import { FargateServiceScaling, ScalingMetric } from '../../../src/cost/private/service-scaling';

/** 10 requests/s every hour, UTC, one task sustains 10/s. */
const flat = (overrides: Partial<TrafficProfile> = {}): TrafficProfile => ({
  requestsPerSecondByHour: Array(24).fill(10),
  requestsPerTaskPerSecond: 10,
  ...overrides,
});

/** 1 to 5 tasks, target tracking on requests at 10/s per task, no cooldowns. */
const tracking = (overrides: Partial<FargateServiceScaling> = {}): FargateServiceScaling => ({
  cpu: 1024,
  memoryMiB: 2048,
  minCapacity: 1,
  maxCapacity: 5,
  targetTracking: [{ metric: ScalingMetric.REQUESTS_PER_TARGET, targetValue: 600, scaleOutCooldownSeconds: 0, scaleInCooldownSeconds: 0 }],
  ...overrides,
});

const FEBRUARY = SimulationMonth.of(2026, 2); // 28 days, 672 hours, starts on a Sunday

describe('a flat profile', () => {
  test('every strategy runs exactly what the demand needs: 672 task-hours in a 28-day month', () => {
    // GIVEN 10 req/s, 10 req/s per task  WHEN simulated over February 2026
    const sim = new CapacitySimulation({ profile: flat(), month: FEBRUARY, service: tracking() });
    // THEN one task every hour, for every strategy, never short
    expect(sim.monthHours).toBe(672);
    expect(sim.hours).toHaveLength(672);
    for (const s of sim.strategies) {
      expect(s.taskHours).toBeCloseTo(672, 9);
      expect(s.underProvisionedHours).toBe(0);
    }
    expect(sim.edgeRequests).toBeCloseTo(10 * 3600 * 672, 3);
  });

  test('the cache takes its share before the tasks: 30 req/s at the edge, 0.5 hit ratio, 10 req/s per task -> 2 tasks', () => {
    const profile = flat({ requestsPerSecondByHour: Array(24).fill(30), cacheHitRatio: 0.5 });
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking() });
    expect(sim.hours[0].originRequestsPerSecond).toBeCloseTo(15, 9);
    expect(sim.strategy(CapacityStrategy.ORACLE).taskHours).toBeCloseTo(2 * 672, 9);
    expect(sim.strategy(CapacityStrategy.STATIC_FOR_PEAK).taskHours).toBeCloseTo(2 * 672, 9);
  });

  test('never fewer than the minimum, even with no traffic to speak of', () => {
    const profile = flat({ requestsPerSecondByHour: Array(24).fill(0.1) });
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking({ minCapacity: 2 }) });
    for (const s of sim.strategies) {
      expect(s.taskHours).toBeCloseTo(2 * 672, 9);
      expect(s.minTasksInService).toBe(2);
    }
  });
});

describe('a one-day peak at 3x on the 10th', () => {
  const profile = flat({ peaks: [{ dayOfMonth: 10, multiplier: 3 }] });

  test('static runs 3 tasks all month and the oracle 3 only during the peak', () => {
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking() });
    expect(sim.strategy(CapacityStrategy.STATIC_FOR_PEAK).taskHours).toBe(3 * 672);
    expect(sim.strategy(CapacityStrategy.ORACLE).taskHours).toBe(672 - 24 + 3 * 24);
    expect(sim.hours.filter((h) => h.peak)).toHaveLength(24);
    expect(sim.hours[9 * 24].peak).toBe(true);
    expect(sim.hours[9 * 24].tasksNeeded).toBe(3);
  });

  test('target tracking alone: 3 minutes of alarm, 3 minutes of start-up, 15 minutes before scaling in (exact task-hours)', () => {
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking() });
    const s = sim.strategy(CapacityStrategy.TARGET_TRACKING);
    // Day 10 00:00: demand triples. Minutes 0-2 above target (3 datapoints), scale-out at minute 2 to 3 tasks,
    // ready at minute 5: minutes 0-4 short. Billed: 2 minutes x 1 task + 58 x 3.
    // Day 11 00:00: back to 10 req/s; the 15th low datapoint (minute 14) scales in to 1: 14 x 3 + 46 x 1.
    // (An action takes effect in the minute it happens, for billing as for capacity.)
    const expected = (672 - 25) + (2 + 58 * 3) / 60 + 23 * 3 + (14 * 3 + 46) / 60;
    expect(s.taskHours).toBeCloseTo(expected, 9);
    expect(s.underProvisionedMinutes).toBe(5);
    expect(s.underProvisionedHours).toBe(1);
    expect(s.taskLaunches).toBe(2);
    expect(sim.hours[9 * 24].minTasksInService[1]).toBe(1);
    expect(sim.hours[9 * 24].underProvisionedMinutes[1]).toBe(5);
  });

  test('a scheduled minimum raised an hour before the peak leaves no minute short (exact task-hours)', () => {
    const service = tracking({
      scheduledActions: [
        { schedule: 'cron(0 23 9 * ? *)', minCapacity: 3 },
        { schedule: 'cron(0 0 11 * ? *)', minCapacity: 1 },
      ],
    });
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service });
    const s = sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
    // 3 tasks from day 9 23:00 (the floor holds them through the quiet hour), day 10 at target,
    // day 11 00:00 the floor drops and target tracking scales in after 15 minutes.
    expect(s.taskHours).toBeCloseTo((672 - 26) + 3 + 24 * 3 + (14 * 3 + 46) / 60, 9);
    expect(s.underProvisionedHours).toBe(0);
    expect(sim.strategy(CapacityStrategy.TARGET_TRACKING).underProvisionedHours).toBe(1);
  });

  test('the Spot share: tasks above the on-demand base split by weight, an odd one out on regular Fargate', () => {
    const service = tracking({
      scheduledActions: [
        { schedule: 'cron(0 23 9 * ? *)', minCapacity: 3 },
        { schedule: 'cron(0 0 11 * ? *)', minCapacity: 1 },
      ],
      spotOnDemandBaseTasks: 1,
      spotOnDemandWeight: 1,
      spotWeight: 1,
    });
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service });
    const scheduled = sim.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
    const spot = sim.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
    // 3 tasks = 1 base + 2 above it, split 1:1 -> 1 on Spot, for 1 h + 24 h + 14 min.
    const spotHours = 1 + 24 + 14 / 60;
    expect(spot.spotTaskHours).toBeCloseTo(spotHours, 9);
    expect(spot.taskHours).toBeCloseTo(scheduled.taskHours, 9);
    expect(spot.onDemandTaskHours).toBeCloseTo(scheduled.taskHours - spotHours, 9);
    expect(scheduled.spotTaskHours).toBe(0);
    expect(sim.spotSplitDescription).toMatch(/the service's split: 1 task\(s\) on regular Fargate/);
  });

  test('without Spot on the service, strategy 4 assumes the minimum on regular Fargate and 1:1 above it', () => {
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking({ minCapacity: 1 }) });
    expect(sim.spotSplitDescription).toMatch(/assumed split: 1 task\(s\) on regular Fargate, the rest 1:1/);
  });

  test('a CPU policy saturates at 100 %: the first scale-out stops short and a second one follows', () => {
    // CPU target 50 %: at 3x the load a task would need 150 % CPU; it shows 100 %, so target tracking asks for
    // ceil(1 x 100 / 50) = 2 tasks first, then 3 once the metric over 2 tasks (75 %) stays high.
    const service = tracking({
      targetTracking: [{ metric: ScalingMetric.CPU_UTILIZATION, targetValue: 50, scaleOutCooldownSeconds: 0, scaleInCooldownSeconds: 0 }],
    });
    const sim = new CapacitySimulation({ profile, month: FEBRUARY, service });
    const peakHour = sim.hours[9 * 24];
    // Minute 2: 2 tasks (ready at 5). The high alarm stays on, so at minute 5 the metric over 2 tasks (1.5x target)
    // asks for 3, ready at 8: minutes 0-7 short. Billed: 2 x 1 + 3 x 2 + 55 x 3.
    expect(peakHour.underProvisionedMinutes[1]).toBe(8);
    expect(peakHour.averageTasks[1]).toBeCloseTo((2 * 1 + 3 * 2 + 55 * 3) / 60, 9);
  });
});

describe('the calendar', () => {
  test.each([
    [2026, 1, 744], [2026, 2, 672], [2024, 2, 696], [2026, 4, 720], [2026, 12, 744],
  ])('%i-%i has %i hours in UTC', (year, month, hours) => {
    expect(new CapacitySimulation({ profile: flat(), month: SimulationMonth.of(year, month), service: tracking() }).monthHours).toBe(hours);
  });

  test('a month across a daylight saving change has 743 or 745 hours in its time zone', () => {
    const march = new CapacitySimulation({ profile: flat({ timeZone: 'America/New_York' }), month: SimulationMonth.of(2026, 3), service: tracking() });
    const november = new CapacitySimulation({ profile: flat({ timeZone: 'America/New_York' }), month: SimulationMonth.of(2026, 11), service: tracking() });
    expect(march.monthHours).toBe(743);
    expect(november.monthHours).toBe(721);
    expect(march.hours[0].startUtc).toBe('2026-03-01T05:00:00.000Z');
  });

  test('hours are read in the profile\'s time zone: the 1st starts at 00:00 in Seoul (15:00 UTC the day before)', () => {
    const sim = new CapacitySimulation({ profile: flat({ timeZone: 'Asia/Seoul' }), month: SimulationMonth.of(2026, 1), service: tracking() });
    expect(sim.hours[0]).toMatchObject({ startUtc: '2025-12-31T15:00:00.000Z', dayOfMonth: 1, hourOfDay: 0 });
    expect(sim.hours[21]).toMatchObject({ dayOfMonth: 1, hourOfDay: 21 });
  });

  test('weekends: Saturday and Sunday get the weekend factor', () => {
    // February 2026 starts on a Sunday.
    const sim = new CapacitySimulation({ profile: flat({ weekendFactor: 0.5 }), month: FEBRUARY, service: tracking() });
    expect(sim.hours[0].edgeRequestsPerSecond).toBe(5); // Sunday 1st
    expect(sim.hours[24].edgeRequestsPerSecond).toBe(10); // Monday 2nd
    expect(sim.hours[6 * 24].edgeRequestsPerSecond).toBe(5); // Saturday 7th
  });

  test('the daily shape: hour h of the profile is the demand from h:00 to h:59', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => h + 1);
    const profile = flat({ requestsPerSecondByHour: byHour });
    const sim = new CapacitySimulation({ profile, month: SimulationMonth.of(2026, 1), service: tracking({ maxCapacity: 10 }) });
    expect(sim.hours.slice(0, 24).map((h) => h.edgeRequestsPerSecond)).toEqual(byHour);
  });

  test('ofDays: a month of that length starting on a Monday', () => {
    expect(SimulationMonth.ofDays(31).toString()).toBe('2025-12');
    expect(SimulationMonth.ofDays(30).toString()).toBe('2025-09');
    expect(SimulationMonth.ofDays(28).days).toBe(28);
    expect(SimulationMonth.ofDays(29).toString()).toBe('2027-02'.replace('2027', String(SimulationMonth.ofDays(29).year)));
    expect(new Date(Date.UTC(SimulationMonth.ofDays(29).year, 1, 1)).getUTCDay()).toBe(1);
  });
});

describe('peaks across the end of a month', () => {
  test('a traffic peak from the 30th of March for 3 days covers the 1st of April, and April\'s own starts on the 30th', () => {
    const profile = flat({ peaks: [{ dayOfMonth: 30, durationDays: 3, multiplier: 2 }] });
    const sim = new CapacitySimulation({ profile, month: SimulationMonth.of(2026, 4), service: tracking() });
    const peakDays = [...new Set(sim.hours.filter((h) => h.peak).map((h) => h.dayOfMonth))];
    expect(peakDays).toEqual([1, 30]);
    expect(sim.hours.filter((h) => h.peak)).toHaveLength(48);
  });

  test('a peak on a day February does not have is skipped in the month before (warm-up), not an error', () => {
    const profile = flat({ peaks: [{ dayOfMonth: 30, durationDays: 3, multiplier: 2 }] });
    const sim = new CapacitySimulation({ profile, month: SimulationMonth.of(2026, 3), service: tracking() });
    expect([...new Set(sim.hours.filter((h) => h.peak).map((h) => h.dayOfMonth))]).toEqual([30, 31]);
  });

  test('a scheduled minimum raised in the previous month is still in force when the month starts', () => {
    // Raised on the 30th at 00:00, lowered on the 2nd at 00:00 (UTC): April starts with 3 tasks.
    const service = tracking({
      scheduledActions: [{ schedule: 'cron(0 0 30 * ? *)', minCapacity: 3 }, { schedule: 'cron(0 0 2 * ? *)', minCapacity: 1 }],
    });
    const sim = new CapacitySimulation({ profile: flat(), month: SimulationMonth.of(2026, 4), service });
    const scheduled = sim.hours.map((h) => h.minTasksInService[2]);
    expect(scheduled.slice(0, 24)).toEqual(Array(24).fill(3));
    // The 2nd, 00:00: the minimum drops; the low alarm has been on for days, so target tracking scales in at once.
    expect(scheduled[24]).toBe(1);
    expect(sim.hours[24].averageTasks[2]).toBe(1);
    expect(scheduled[29 * 24 + 1]).toBe(3); // raised again on the 30th at 00:00, serving from 00:03
  });
});

describe('bad input names the field', () => {
  const run = (profile: Partial<TrafficProfile>, service: Partial<FargateServiceScaling> = {}, month = FEBRUARY) =>
    () => new CapacitySimulation({ profile: flat(profile), month, service: tracking(service) });

  test.each<[string, Partial<TrafficProfile>, RegExp]>([
    ['zero requests per task', { requestsPerTaskPerSecond: 0 }, /invalid profile\.requestsPerTaskPerSecond: 0\. Allowed: a number greater than 0/],
    ['a negative rate', { requestsPerSecondByHour: [...Array(23).fill(1), -1] }, /invalid profile\.requestsPerSecondByHour\[23\]: -1/],
    ['no traffic at all', { requestsPerSecondByHour: Array(24).fill(0) }, /invalid profile\.requestsPerSecondByHour: .*At least one hour/],
    ['23 hours', { requestsPerSecondByHour: Array(23).fill(1) }, /invalid profile\.requestsPerSecondByHour: .*exactly 24 numbers/],
    ['a cache hit ratio of 1', { cacheHitRatio: 1 }, /invalid profile\.cacheHitRatio: 1\. .*1 excluded/],
    ['a negative cache hit ratio', { cacheHitRatio: -0.1 }, /invalid profile\.cacheHitRatio: -0\.1\. Allowed: a number from 0 to 1/],
    ['a zero weekend factor', { weekendFactor: 0 }, /invalid profile\.weekendFactor: 0/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /invalid profile\.timeZone: "Mars\/Olympus"\. Allowed: an IANA time zone/],
    ['a peak on day 32', { peaks: [{ dayOfMonth: 32, multiplier: 2 }] }, /invalid profile\.peaks\[0\]\.dayOfMonth: 32\. Allowed: a whole number from 1 to 31/],
    ['a zero multiplier', { peaks: [{ dayOfMonth: 3, multiplier: 0 }] }, /invalid profile\.peaks\[0\]\.multiplier: 0/],
    ['a 28-day peak', { peaks: [{ dayOfMonth: 3, durationDays: 28, multiplier: 2 }] }, /invalid profile\.peaks\[0\]\.durationDays: 28/],
    ['a zero response size', { averageResponseKiB: 0 }, /invalid profile\.averageResponseKiB: 0/],
  ])('%s', (_, profile, message) => {
    expect(run(profile)).toThrow(message);
  });

  test('a peak on a day the simulated month does not have', () => {
    expect(run({ peaks: [{ dayOfMonth: 31, multiplier: 2 }] }, {}, SimulationMonth.of(2026, 4)))
      .toThrow(/invalid profile\.peaks\[0\]\.dayOfMonth: 31\. The simulated month 2026-04 has 30 days/);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['month 13', () => SimulationMonth.of(2026, 13), /invalid month\.month: 13\. Allowed: a whole number from 1 to 12/],
    ['month 0', () => SimulationMonth.of(2026, 0), /invalid month\.month: 0/],
    ['a 27-day month', () => SimulationMonth.ofDays(27), /invalid month\.days: 27\. Allowed: a whole number from 28 to 31/],
    ['an unknown architecture', run({}, { cpuArchitecture: 'RISCV' }), /invalid service\.cpuArchitecture: "RISCV"/],
    ['max below min', run({}, { minCapacity: 3, maxCapacity: 2 }), /invalid service\.maxCapacity: 2\. Allowed: a whole number from 3/],
    ['a CPU target above 100', run({}, { targetTracking: [{ metric: ScalingMetric.CPU_UTILIZATION, targetValue: 120 }] }), /invalid service\.targetTracking\[0\]\.targetValue: 120/],
    ['a rate() schedule', run({}, { scheduledActions: [{ schedule: 'rate(5 minutes)', minCapacity: 2 }] }), /unsupported schedule expression "rate\(5 minutes\)"/],
    ['a bad schedule time zone', run({}, { scheduledActions: [{ schedule: 'cron(0 0 1 * ? *)', timeZone: 'Nowhere' }] }), /invalid service\.scheduledActions\[0\]\.timeZone/],
    ['a negative start-up', () => new CapacitySimulation({ profile: flat(), month: FEBRUARY, service: tracking(), model: { taskStartupMinutes: -1 } }), /invalid model\.taskStartupMinutes: -1/],
  ])('%s', (_, action, message) => {
    expect(action).toThrow(message);
  });
});

describe('model defaults', () => {
  test('a slower start-up leaves more minutes short; a longer scale-in alarm bills more task-hours', () => {
    const profile = flat({ peaks: [{ dayOfMonth: 10, multiplier: 3 }] });
    const base = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking() }).strategy(CapacityStrategy.TARGET_TRACKING);
    const slow = new CapacitySimulation({ profile, month: FEBRUARY, service: tracking(), model: { taskStartupMinutes: 10, scaleInAlarmMinutes: 30 } })
      .strategy(CapacityStrategy.TARGET_TRACKING);
    expect(base.underProvisionedMinutes).toBe(5); // scale-out on the 3rd datapoint (minute 2), serving at minute 5
    expect(slow.underProvisionedMinutes).toBe(12); // serving at minute 12
    expect(slow.taskHours - base.taskHours).toBeCloseTo((15 * 2) / 60, 9); // 2 extra tasks kept 15 minutes longer
  });

  test('Application Auto Scaling\'s default cooldown (300 s) applies when a policy gives none', () => {
    // The saturating CPU policy above needs a second scale-out 3 minutes after the first: the default cooldown
    // holds it until minute 7 (ready at 10) instead of minute 5 (ready at 8).
    const profile = flat({ peaks: [{ dayOfMonth: 10, multiplier: 3 }] });
    const sim = new CapacitySimulation({
      profile, month: FEBRUARY, service: tracking({ targetTracking: [{ metric: ScalingMetric.CPU_UTILIZATION, targetValue: 50 }] }),
    });
    expect(sim.hours[9 * 24].underProvisionedMinutes[1]).toBe(10);
  });
});
