/**
 * Generated traffic profiles of the same kind as `TrafficProfiles.twoMonthlyPeaks()` (a daily crest,
 * weekends, monthly peaks several times the usual traffic, a CDN in front), each with the site
 * configured by one documented rule. The
 * property tests (test/cost/properties.test.ts) and the benchmark use them to show that the
 * simulation's figures are a model's, not answers tuned to one profile.
 */
import { SimulationMonth, TrafficProfile, TrafficProfiles } from '../src/cost';
import { FargateServiceScaling, ScalingMetric } from '../src/cost/private/service-scaling';
import { planMonthlyPeaks } from '../src/wordpress/private/peak-schedule';
import { DEFAULT_SHAPED_LEAD_MINUTES } from '../src/wordpress/private/profile-capacity';
import { planShapedSchedule } from '../src/wordpress/private/shaped-peak-schedule';

/** One generated case: a profile, a month and the service configured for it. */
export interface GeneratedCase {
  readonly name: string;
  readonly profile: TrafficProfile;
  readonly month: SimulationMonth;
  readonly service: FargateServiceScaling;
}

/** A small deterministic random generator (LCG), so that every run sees the same cases. */
function random(seed: number): () => number {
  const modulus = 2 ** 32;
  let state = seed % modulus;
  return () => {
    state = (state * 1664525 + 1013904223) % modulus; // exact: the product stays below 2^53
    return state / modulus;
  };
}

const TIME_ZONES = ['Asia/Seoul', 'Asia/Tokyo', 'UTC', 'Europe/Dublin', 'America/New_York', 'Australia/Sydney'];

/**
 * The configuration rule (what a consultant would do with a load test and the profile in hand):
 * - target tracking on CPU (60 %) and on requests per task, with the requests target lowered by the
 *   steepest hour-to-hour rise of the profile outside peaks (so that the tasks running for one hour
 *   carry the next one while new tasks start);
 * - each peak's minimum = the tasks its first hour needs (weekday or weekend, whichever is busier),
 *   raised one hour before, as `ScalableWordpressOnFargate` schedules it;
 * - 2 tasks at least, Fargate Spot 1:1 above those 2.
 */
export function configureFor(profile: TrafficProfile): FargateServiceScaling {
  const hours = profile.requestsPerSecondByHour;
  const weekend = profile.weekendFactor ?? 1;
  const rate = profile.requestsPerTaskPerSecond;
  const miss = 1 - (profile.cacheHitRatio ?? 0);
  let steepest = 1;
  for (let h = 0; h < 24; h++) {
    steepest = Math.max(steepest, hours[(h + 1) % 24] / hours[h]);
  }
  // Midnight into and out of a weekend: Friday 23:00 -> Saturday 00:00 and Sunday 23:00 -> Monday 00:00.
  steepest = Math.max(steepest, (hours[0] * weekend) / hours[23], hours[0] / (hours[23] * weekend));
  const busiestDay = Math.max(1, weekend);
  const peaks = (profile.peaks ?? []).map((p) => ({
    dayOfMonth: p.dayOfMonth,
    durationDays: p.durationDays ?? 1,
    minCapacity: Math.max(2, Math.ceil((hours[0] * busiestDay * p.multiplier * miss) / rate - 1e-9)),
  }));
  return {
    ...benchService(Math.floor((60 * rate) / steepest)),
    scheduledActions: planMonthlyPeaks(peaks, 60, 2).map((a) => ({
      name: a.id,
      schedule: `cron(${a.minute} ${a.hour} ${a.day} ${a.month} ? *)`,
      timeZone: profile.timeZone,
      minCapacity: a.minCapacity,
    })),
    spotOnDemandBaseTasks: 2,
    spotOnDemandWeight: 1,
    spotWeight: 1,
  };
}

/**
 * The service `ScalableWordpressOnFargate` configures with `trafficProfile: profile` (2 to 200 tasks, its
 * defaults otherwise): target tracking on CPU (60 %) and on requests at one task's rate, and the shaped
 * schedule from the same planner the site calls. Fargate on demand only.
 */
export function configureShapedFor(profile: TrafficProfile): FargateServiceScaling {
  const plan = planShapedSchedule({
    profile,
    peaks: (profile.peaks ?? []).map((p) => ({ dayOfMonth: p.dayOfMonth, durationDays: p.durationDays ?? 1, multiplier: p.multiplier })),
    leadMinutes: DEFAULT_SHAPED_LEAD_MINUTES,
    minCapacity: 2,
    maxCapacity: 200,
  });
  return {
    ...benchService(Math.floor(60 * profile.requestsPerTaskPerSecond)),
    scheduledActions: plan.actions.map((a) => ({
      name: a.id,
      schedule: `cron(${a.minute} ${a.hour} ${a.day} ${a.month} ${a.weekDay ?? '?'} *)`,
      timeZone: profile.timeZone,
      minCapacity: a.minCapacity,
    })),
  };
}

/** `count` cases from `seed`. */
export function generateCases(count: number, seed = 5): GeneratedCase[] {
  const next = random(seed);
  const between = (a: number, b: number) => a + (b - a) * next();
  const whole = (a: number, b: number) => Math.floor(between(a, b + 1));
  return Array.from({ length: count }, (_, k) => {
    // 1 to 3 peaks of 1 to 3 days on days 1-28, apart enough for the site's schedule (lead time included).
    const peaks: Array<{ dayOfMonth: number; durationDays: number; multiplier: number }> = [];
    const wanted = whole(1, 3);
    for (let tries = 0; peaks.length < wanted && tries < 100; tries++) {
      const candidate = { dayOfMonth: whole(1, 28), durationDays: whole(1, 3), multiplier: Number(between(2, 6).toFixed(1)) };
      const clear = peaks.every((p) => {
        const [a, b] = p.dayOfMonth < candidate.dayOfMonth ? [p, candidate] : [candidate, p];
        return a.dayOfMonth + a.durationDays + 1 < b.dayOfMonth && b.dayOfMonth + b.durationDays + 1 < a.dayOfMonth + 28;
      });
      if (clear && candidate.durationDays + 2 < 28) {
        peaks.push(candidate);
      }
    }
    const profile: TrafficProfile = {
      timeZone: TIME_ZONES[whole(0, TIME_ZONES.length - 1)],
      requestsPerSecondByHour: TrafficProfiles.dailyCosine(Math.round(between(30, 400)), Number(between(0.2, 0.8).toFixed(2)), whole(0, 23)),
      weekendFactor: Number(between(0.5, 1.2).toFixed(2)),
      peaks,
      cacheHitRatio: Number(between(0.5, 0.9).toFixed(2)),
      requestsPerTaskPerSecond: whole(10, 50),
    };
    const month = SimulationMonth.of(whole(2025, 2027), whole(1, 12));
    return { name: `case ${k + 1} (${profile.timeZone}, ${month.toString()})`, profile, month, service: configureFor(profile) };
  });
}

/** 2 vCPU / 8 GiB tasks, 2 to 200 of them, target tracking on CPU (60 %) and on requests per target at `requestsTarget` a minute. */
function benchService(requestsTarget: number): Pick<FargateServiceScaling, 'cpu' | 'memoryMiB' | 'minCapacity' | 'maxCapacity' | 'targetTracking'> {
  return {
    cpu: 2048,
    memoryMiB: 8192,
    minCapacity: 2,
    maxCapacity: 200,
    targetTracking: [
      { metric: ScalingMetric.CPU_UTILIZATION, targetValue: 60, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
      { metric: ScalingMetric.REQUESTS_PER_TARGET, targetValue: requestsTarget, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 300 },
    ],
  };
}
