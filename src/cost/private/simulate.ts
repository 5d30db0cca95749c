/**
 * The minute-by-minute engine behind `CapacitySimulation`: Application Auto Scaling target tracking
 * and scheduled actions acting on an ECS service whose new tasks need a while before they serve.
 *
 * Model (documented in docs/cost.md):
 * - demand is constant within each hour (the profile is hourly), so every hour starts with a step;
 * - metrics are 1-minute datapoints taken over the tasks in service (registered and healthy);
 *   CPU is proportional to requests per task and saturates at 100 %;
 * - a policy's high alarm fires after `scaleOutAlarmMinutes` consecutive datapoints above target, its
 *   low alarm after `scaleInAlarmMinutes` consecutive datapoints below `scaleInThresholdRatio` x target
 *   (Application Auto Scaling creates 3-of-3 and 15-of-15 one-minute alarms);
 * - while a high alarm is on and the scale-out cooldown is over, the desired count becomes
 *   ceil(in-service x metric / target) (never lower); scale-in happens only when every policy that may
 *   scale in has its low alarm on and the scale-in cooldown is over, to the largest count any asks for;
 * - a scheduled action changes the minimum (or maximum) at its minute; a desired count below the new
 *   minimum rises to it at once;
 * - a launched task is billed from its launch (image pull) and serves `taskStartupMinutes` later;
 *   scale-in stops pending tasks first, then the newest;
 * - a minute is under-provisioned when the tasks in service times the requests one task sustains
 *   at target is below the demand.
 */

/** A target tracking policy reduced to what the engine needs. */
export interface EnginePolicy {
  /** Requests per second one task serves when the metric is exactly at target. */
  readonly ratePerTask: number;
  /** Highest metric / target ratio the metric can show (CPU saturates at 100 %), or Infinity. */
  readonly maxRatio: number;
  readonly scaleOutCooldownMinutes: number;
  readonly scaleInCooldownMinutes: number;
  readonly scaleIn: boolean;
}

/** A change of the task count bounds at a minute of the timeline. */
export interface EngineEvent {
  readonly minute: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export interface EngineModel {
  readonly taskStartupMinutes: number;
  readonly scaleOutAlarmMinutes: number;
  readonly scaleInAlarmMinutes: number;
  readonly scaleInThresholdRatio: number;
}

/** How tasks split between regular Fargate and Fargate Spot. */
export interface SpotSplit {
  readonly base: number;
  readonly onDemandWeight: number;
  readonly spotWeight: number;
}

export interface EngineInput {
  /** Demand at the origin, requests per second, for each hour of the timeline. */
  readonly demandByHour: number[];
  /** Requests per second one task sustains at target (the capacity that counts for under-provisioning). */
  readonly requestsPerTask: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly policies: EnginePolicy[];
  /** Sorted by minute. */
  readonly events: EngineEvent[];
  readonly model: EngineModel;
  readonly split?: SpotSplit;
}

/** Per hour of the timeline. */
export interface EngineHour {
  /** Task-minutes billed (pending tasks included). */
  readonly taskMinutes: number;
  /** Of those, on Fargate Spot under `split` (0 without a split). */
  readonly spotTaskMinutes: number;
  /** Fewest tasks in service during the hour. */
  readonly minInService: number;
  /** Most tasks billed during the hour. */
  readonly maxTasks: number;
  /** Minutes whose in-service capacity was below demand. */
  readonly underMinutes: number;
  /** Tasks launched during the hour. */
  readonly launches: number;
}

const EPSILON = 1e-9;

/** ceil() that ignores floating-point noise (4.0000000001 -> 4). */
export function ceilTolerant(x: number): number {
  return Math.ceil(x - EPSILON);
}

/** Tasks on regular Fargate when `n` run under a capacity provider split. */
export function onDemandTasks(n: number, split: SpotSplit): number {
  if (n <= split.base) {
    return n;
  }
  const extra = n - split.base;
  const total = split.onDemandWeight + split.spotWeight;
  // ECS spreads the tasks above the base by weight; an odd one out is counted on regular Fargate (the dearer).
  return split.base + (total === 0 ? extra : ceilTolerant((extra * split.onDemandWeight) / total));
}

/** Steady-state task count of target tracking for a demand: what every policy settles on. */
export function steadyTasks(demand: number, policies: EnginePolicy[]): number {
  return policies.reduce((n, p) => Math.max(n, ceilTolerant(demand / p.ratePerTask)), 0);
}

/** Run target tracking (and scheduled actions) minute by minute over the timeline. */
export function runEngine(input: EngineInput): EngineHour[] {
  const { demandByHour, policies, events, model, split } = input;
  const totalMinutes = demandByHour.length * 60;
  let floor = input.minCapacity;
  let ceiling = input.maxCapacity;
  const bounded = (n: number) => Math.max(floor, Math.min(ceiling, n));

  // Every task's first serving minute, oldest first (so pending tasks are at the end).
  const readyAt: number[] = [];
  const initial = bounded(steadyTasks(demandByHour[0], policies));
  for (let i = 0; i < initial; i++) {
    readyAt.push(-Infinity);
  }
  let launchesThisHour = 0;
  const launch = (count: number, minute: number) => {
    for (let i = 0; i < count; i++) {
      readyAt.push(minute + model.taskStartupMinutes);
    }
    launchesThisHour += count;
  };
  const stop = (count: number) => {
    readyAt.splice(readyAt.length - count, count);
  };
  const inService = (minute: number) => {
    let n = 0;
    for (const t of readyAt) {
      if (t <= minute) {
        n++;
      }
    }
    return n;
  };

  const highStreak = policies.map(() => 0);
  const lowStreak = policies.map(() => 0);
  let lastScaleOut = -Infinity;
  let lastScaleIn = -Infinity;
  let nextEvent = 0;

  const hours: EngineHour[] = [];
  let taskMinutes = 0;
  let spotTaskMinutes = 0;
  let minInService = Infinity;
  let maxTasks = 0;
  let underMinutes = 0;

  for (let minute = 0; minute < totalMinutes; minute++) {
    const demand = demandByHour[Math.floor(minute / 60)];

    // Scheduled actions due now.
    while (nextEvent < events.length && events[nextEvent].minute <= minute) {
      const e = events[nextEvent++];
      floor = e.minCapacity ?? floor;
      ceiling = e.maxCapacity ?? ceiling;
    }
    if (readyAt.length < floor) {
      launch(floor - readyAt.length, minute);
    } else if (readyAt.length > ceiling) {
      stop(readyAt.length - ceiling);
    }

    // Target tracking on the tasks in service.
    const serving = inService(minute);
    const ratios = policies.map((p) => (serving === 0 ? Infinity : Math.min(p.maxRatio, demand / serving / p.ratePerTask)));
    ratios.forEach((r, i) => {
      highStreak[i] = r > 1 + EPSILON ? highStreak[i] + 1 : 0;
      lowStreak[i] = r < model.scaleInThresholdRatio - EPSILON ? lowStreak[i] + 1 : 0;
    });
    const desiredFor = (i: number) => (serving === 0 ? ceiling : ceilTolerant(serving * ratios[i]));

    const outPolicies = policies.map((_, i) => i).filter((i) => highStreak[i] >= model.scaleOutAlarmMinutes
      && minute - lastScaleOut >= policies[i].scaleOutCooldownMinutes);
    const inPolicies = policies.map((_, i) => i).filter((i) => policies[i].scaleIn);
    if (outPolicies.length > 0) {
      const desired = Math.min(ceiling, Math.max(...outPolicies.map(desiredFor)));
      if (desired > readyAt.length) {
        launch(desired - readyAt.length, minute);
        lastScaleOut = minute;
      }
    } else if (inPolicies.length > 0 && inPolicies.every((i) => lowStreak[i] >= model.scaleInAlarmMinutes)
      && inPolicies.every((i) => minute - lastScaleIn >= policies[i].scaleInCooldownMinutes)) {
      const desired = bounded(Math.max(...policies.map((_, i) => desiredFor(i))));
      if (desired < readyAt.length) {
        stop(readyAt.length - desired);
        lastScaleIn = minute;
      }
    }

    // Bill and check capacity.
    const billed = readyAt.length;
    const servingNow = inService(minute);
    taskMinutes += billed;
    if (split) {
      spotTaskMinutes += billed - onDemandTasks(billed, split);
    }
    minInService = Math.min(minInService, servingNow);
    maxTasks = Math.max(maxTasks, billed);
    if (servingNow * input.requestsPerTask < demand - EPSILON) {
      underMinutes++;
    }

    if (minute % 60 === 59) {
      hours.push({ taskMinutes, spotTaskMinutes, minInService, maxTasks, underMinutes, launches: launchesThisHour });
      taskMinutes = 0;
      spotTaskMinutes = 0;
      minInService = Infinity;
      maxTasks = 0;
      underMinutes = 0;
      launchesThisHour = 0;
    }
  }
  return hours;
}
