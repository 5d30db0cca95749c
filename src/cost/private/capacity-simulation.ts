import { checkNumber, checkWholeNumber, valueError } from '../../private/validation';
import type { ScalingModelOptions } from '../cost-estimate-options';
import type { SimulationMonth } from '../simulation-month';
import { CapacityStrategy, StrategyCapacity } from '../strategy-cost';
import type { TrafficProfile } from '../traffic-profile';
import { daysInMonth, DAY_MS, HOUR_MS, isTimeZone, MINUTE_MS, nextMonth, previousMonth, wallTime, zonedInstant } from './calendar';
import { firings, parseSchedule } from './cron';
import { FargateServiceScaling, ScalingMetric } from './service-scaling';
import { ceilTolerant, EngineEvent, EngineHour, EnginePolicy, runEngine, SpotSplit } from './simulate';
import { validateTrafficProfile } from './validate-profile';

/** Properties of a `CapacitySimulation`. */
export interface CapacitySimulationProps {
  /** The service's sizing and scaling, e.g. from `readSiteTemplate()`. */
  readonly service: FargateServiceScaling;
  /** The traffic. */
  readonly profile: TrafficProfile;
  /** The month to simulate. */
  readonly month: SimulationMonth;
  /**
   * Assumptions of the scaling model.
   *
   * @default - the defaults of each `ScalingModelOptions` field
   */
  readonly model?: ScalingModelOptions;
}

/** One hour of the simulated month. */
export interface SimulatedHour {
  /** Start of the hour, ISO 8601 UTC. */
  readonly startUtc: string;
  /** Day of the month in the profile's time zone. */
  readonly dayOfMonth: number;
  /** Hour of the day in the profile's time zone. */
  readonly hourOfDay: number;
  /** Whether a traffic peak is on. */
  readonly peak: boolean;
  /** Requests per second at the edge. */
  readonly edgeRequestsPerSecond: number;
  /** Requests per second reaching the tasks. */
  readonly originRequestsPerSecond: number;
  /** Tasks the demand needs at target utilization (at least the minimum capacity). */
  readonly tasksNeeded: number;
  /** Average tasks billed during the hour, per strategy (in `CapacitySimulation.strategies` order). */
  readonly averageTasks: number[];
  /** Fewest tasks in service during the hour, per strategy. */
  readonly minTasksInService: number[];
  /** Under-provisioned minutes during the hour, per strategy. */
  readonly underProvisionedMinutes: number[];
}

const LABELS: { [s: string]: string } = {
  STATIC_FOR_PEAK: '1 static for peak',
  TARGET_TRACKING: '2 target tracking',
  SCHEDULED_AND_TARGET_TRACKING: '3 scheduled + tracking',
  SCHEDULED_TARGET_TRACKING_AND_SPOT: '4 scheduled + tracking + Spot',
  ORACLE: '5 oracle',
};

/**
 * Simulates a month of a traffic profile hour by hour (target tracking minute by minute) against a
 * Fargate service's scaling configuration, for five strategies side by side: static provisioning for
 * the peak, target tracking alone, the service's scheduled actions with target tracking, the same
 * with Fargate Spot, and the oracle. Pure computation: nothing is deployed or called.
 */
export class CapacitySimulation {
  /** The strategies, in order 1 to 5. */
  public readonly strategies: StrategyCapacity[];
  /** Every hour of the month. */
  public readonly hours: SimulatedHour[];
  /** The month simulated. */
  public readonly month: SimulationMonth;
  /** Hours in the month (differs from days x 24 across a daylight saving change). */
  public readonly monthHours: number;
  /** Edge requests in the month. */
  public readonly edgeRequests: number;
  /** Requests reaching the tasks in the month. */
  public readonly originRequests: number;
  /** The profile simulated. */
  public readonly profile: TrafficProfile;
  /** The service simulated. */
  public readonly service: FargateServiceScaling;
  /** Things the reader of the results should know (e.g. a policy the model cannot simulate). */
  public readonly notes: string[];
  /** The split between regular Fargate and Spot used by strategy 4. */
  public readonly spotSplitDescription: string;

  constructor(props: CapacitySimulationProps) {
    const { profile, month, service } = props;
    validateTrafficProfile(profile);
    validateService(service);
    const model = resolveModel(props.model);
    const timeZone = profile.timeZone ?? 'UTC';
    const notes: string[] = [];
    this.profile = profile;
    this.service = service;
    this.month = month;

    (profile.peaks ?? []).forEach((peak, i) => {
      if (peak.dayOfMonth > month.days) {
        throw valueError(`profile.peaks[${i}].dayOfMonth`, peak.dayOfMonth,
          `The simulated month ${month.toString()} has ${month.days} days: use a day from 1 to ${month.days}.`);
      }
    });

    // ---------------------------------------------------------------- the timeline
    const monthStart = zonedInstant(timeZone, month.year, month.month, 1);
    const next = nextMonth(month.year, month.month);
    const monthEnd = zonedInstant(timeZone, next.year, next.month, 1);
    const start = monthStart - model.warmUpDays * DAY_MS;
    const totalHours = Math.round((monthEnd - start) / HOUR_MS);
    const warmUpHours = Math.round((monthStart - start) / HOUR_MS);
    this.monthHours = totalHours - warmUpHours;

    const peakWindows = peakWindowsAround(profile, timeZone, month);
    const cacheMiss = 1 - (profile.cacheHitRatio ?? 0);
    const weekendFactor = profile.weekendFactor ?? 1;
    const hourInfo = Array.from({ length: totalHours }, (_, i) => {
      const instant = start + i * HOUR_MS;
      const wall = wallTime(timeZone, instant);
      const multiplier = peakWindows.filter((w) => instant >= w.from && instant < w.to).reduce((m, w) => Math.max(m, w.multiplier), 0);
      const weekend = wall.weekday === 0 || wall.weekday === 6;
      const edge = profile.requestsPerSecondByHour[wall.hour] * (weekend ? weekendFactor : 1) * (multiplier > 0 ? multiplier : 1);
      return { instant, wall, peak: multiplier > 0, edge, origin: edge * cacheMiss };
    });
    const demandByHour = hourInfo.map((h) => h.origin);
    const rate = profile.requestsPerTaskPerSecond;
    const needed = (demand: number) => Math.max(service.minCapacity, ceilTolerant(demand / rate));

    // ---------------------------------------------------------------- target tracking and schedules
    const policies: EnginePolicy[] = (service.targetTracking ?? []).map((p) => ({
      ratePerTask: p.metric === ScalingMetric.CPU_UTILIZATION ? rate : p.targetValue / 60,
      maxRatio: p.metric === ScalingMetric.CPU_UTILIZATION ? 100 / p.targetValue : Infinity,
      scaleOutCooldownMinutes: (p.scaleOutCooldownSeconds ?? 300) / 60,
      scaleInCooldownMinutes: (p.scaleInCooldownSeconds ?? 300) / 60,
      scaleIn: !(p.disableScaleIn ?? false),
    }));
    if (policies.length === 0) {
      notes.push('The service has no target tracking policy: strategies 2 to 4 move only with the scheduled actions.');
    }
    const { events, initialMin, initialMax } = scheduleEvents(service, start, monthEnd);
    const baseInput = {
      demandByHour,
      requestsPerTask: rate,
      minCapacity: service.minCapacity,
      maxCapacity: service.maxCapacity,
      policies,
      model,
    };
    const trackingOnly = runEngine({ ...baseInput, events: [] });
    const split: SpotSplit = service.spotWeight !== undefined
      ? { base: service.spotOnDemandBaseTasks ?? 0, onDemandWeight: service.spotOnDemandWeight ?? 1, spotWeight: service.spotWeight }
      : { base: model.assumedOnDemandBaseTasks ?? service.minCapacity, onDemandWeight: 1, spotWeight: 1 };
    this.spotSplitDescription = `${service.spotWeight !== undefined ? 'the service\'s' : 'an assumed'} split: `
      + `${split.base} task(s) on regular Fargate, the rest ${split.onDemandWeight}:${split.spotWeight} regular:Spot`;
    const scheduled = runEngine({ ...baseInput, minCapacity: initialMin, maxCapacity: initialMax, events, split });

    // ---------------------------------------------------------------- the month only
    const inMonth = <T>(values: T[]) => values.slice(warmUpHours);
    const monthInfo = inMonth(hourInfo);
    const staticTasks = Math.max(...monthInfo.map((h) => needed(h.origin)));
    if (staticTasks > service.maxCapacity) {
      notes.push(`The busiest hour needs ${staticTasks} tasks but the service's maximum is ${service.maxCapacity}: `
        + 'strategies 2 to 4 are capped there and fall short.');
    }
    const staticHours: EngineHour[] = monthInfo.map(() => ({
      taskMinutes: staticTasks * 60, spotTaskMinutes: 0, minInService: staticTasks, maxTasks: staticTasks, underMinutes: 0, launches: 0,
    }));
    let previousOracle = needed(hourInfo[Math.max(0, warmUpHours - 1)].origin);
    const oracleHours: EngineHour[] = monthInfo.map((h) => {
      const n = needed(h.origin);
      const launches = Math.max(0, n - previousOracle);
      previousOracle = n;
      return { taskMinutes: n * 60, spotTaskMinutes: 0, minInService: n, maxTasks: n, underMinutes: 0, launches };
    });
    const scheduledMonth = inMonth(scheduled);
    const perStrategy: Array<[CapacityStrategy, EngineHour[], boolean]> = [
      [CapacityStrategy.STATIC_FOR_PEAK, staticHours, false],
      [CapacityStrategy.TARGET_TRACKING, inMonth(trackingOnly), false],
      [CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING, scheduledMonth, false],
      [CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT, scheduledMonth, true],
      [CapacityStrategy.ORACLE, oracleHours, false],
    ];
    this.strategies = perStrategy.map(([strategy, hours, spot]) => {
      const taskHours = sum(hours.map((h) => h.taskMinutes)) / 60;
      const spotTaskHours = spot ? sum(hours.map((h) => h.spotTaskMinutes)) / 60 : 0;
      return {
        strategy,
        label: LABELS[strategy],
        taskHours,
        onDemandTaskHours: taskHours - spotTaskHours,
        spotTaskHours,
        underProvisionedHours: hours.filter((h) => h.underMinutes > 0).length,
        underProvisionedMinutes: sum(hours.map((h) => h.underMinutes)),
        maxTasks: Math.max(...hours.map((h) => h.maxTasks)),
        minTasksInService: Math.min(...hours.map((h) => h.minInService)),
        taskLaunches: sum(hours.map((h) => h.launches)),
      };
    });
    this.hours = monthInfo.map((h, i) => ({
      startUtc: new Date(h.instant).toISOString(),
      dayOfMonth: h.wall.day,
      hourOfDay: h.wall.hour,
      peak: h.peak,
      edgeRequestsPerSecond: h.edge,
      originRequestsPerSecond: h.origin,
      tasksNeeded: needed(h.origin),
      averageTasks: perStrategy.map(([, hours]) => hours[i].taskMinutes / 60),
      minTasksInService: perStrategy.map(([, hours]) => hours[i].minInService),
      underProvisionedMinutes: perStrategy.map(([, hours]) => hours[i].underMinutes),
    }));
    this.edgeRequests = sum(monthInfo.map((h) => h.edge)) * 3600;
    this.originRequests = sum(monthInfo.map((h) => h.origin)) * 3600;
    this.notes = notes;
  }

  /** The result of one strategy. */
  public strategy(strategy: CapacityStrategy): StrategyCapacity {
    return this.strategies.find((s) => s.strategy === strategy)!;
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function resolveModel(o: ScalingModelOptions = {}) {
  checkWholeNumber('model.taskStartupMinutes', o.taskStartupMinutes, 0, 60);
  checkWholeNumber('model.scaleOutAlarmMinutes', o.scaleOutAlarmMinutes, 1, 60);
  checkWholeNumber('model.scaleInAlarmMinutes', o.scaleInAlarmMinutes, 1, 120);
  checkNumber('model.scaleInThresholdRatio', o.scaleInThresholdRatio, 0.5, 1);
  checkWholeNumber('model.warmUpDays', o.warmUpDays, 0, 7);
  checkWholeNumber('model.assumedOnDemandBaseTasks', o.assumedOnDemandBaseTasks, 0, 100000);
  return {
    taskStartupMinutes: o.taskStartupMinutes ?? 3,
    scaleOutAlarmMinutes: o.scaleOutAlarmMinutes ?? 3,
    scaleInAlarmMinutes: o.scaleInAlarmMinutes ?? 15,
    scaleInThresholdRatio: o.scaleInThresholdRatio ?? 0.9,
    warmUpDays: o.warmUpDays ?? 2,
    assumedOnDemandBaseTasks: o.assumedOnDemandBaseTasks,
  };
}

function validateService(s: FargateServiceScaling): void {
  checkNumber('service.cpu', s.cpu, 0, Infinity, true);
  checkNumber('service.memoryMiB', s.memoryMiB, 0, Infinity, true);
  if (s.cpuArchitecture !== undefined && s.cpuArchitecture !== 'X86_64' && s.cpuArchitecture !== 'ARM64') {
    throw valueError('service.cpuArchitecture', s.cpuArchitecture, 'Allowed: "X86_64" or "ARM64".');
  }
  checkWholeNumber('service.minCapacity', s.minCapacity, 1, 100000);
  checkWholeNumber('service.maxCapacity', s.maxCapacity, s.minCapacity, 100000);
  (s.targetTracking ?? []).forEach((p, i) => {
    if (!Object.values(ScalingMetric).includes(p.metric)) {
      throw valueError(`service.targetTracking[${i}].metric`, p.metric, `Allowed: ${Object.values(ScalingMetric).join(', ')}.`);
    }
    checkNumber(`service.targetTracking[${i}].targetValue`, p.targetValue, 0, p.metric === ScalingMetric.CPU_UTILIZATION ? 100 : Infinity, true);
    checkWholeNumber(`service.targetTracking[${i}].scaleOutCooldownSeconds`, p.scaleOutCooldownSeconds, 0, 86400);
    checkWholeNumber(`service.targetTracking[${i}].scaleInCooldownSeconds`, p.scaleInCooldownSeconds, 0, 86400);
  });
  (s.scheduledActions ?? []).forEach((a, i) => {
    if (a.timeZone !== undefined && !isTimeZone(a.timeZone)) {
      throw valueError(`service.scheduledActions[${i}].timeZone`, a.timeZone, 'Allowed: an IANA time zone name such as "Asia/Seoul".');
    }
    checkWholeNumber(`service.scheduledActions[${i}].minCapacity`, a.minCapacity, 0, 100000);
    checkWholeNumber(`service.scheduledActions[${i}].maxCapacity`, a.maxCapacity, 0, 100000);
    parseSchedule(a.schedule);
  });
  checkWholeNumber('service.spotOnDemandBaseTasks', s.spotOnDemandBaseTasks, 0, 100000);
  checkWholeNumber('service.spotOnDemandWeight', s.spotOnDemandWeight, 0, 1000);
  checkWholeNumber('service.spotWeight', s.spotWeight, 1, 1000);
}

/** Traffic peak windows (instants) that can touch the simulated month, its warm-up included. */
function peakWindowsAround(profile: TrafficProfile, timeZone: string, month: SimulationMonth) {
  const before = previousMonth(month.year, month.month);
  const months = [previousMonth(before.year, before.month), before, { year: month.year, month: month.month }];
  return months.flatMap(({ year, month: m }) => (profile.peaks ?? [])
    .filter((p) => p.dayOfMonth <= daysInMonth(year, m))
    .map((p) => ({
      from: zonedInstant(timeZone, year, m, p.dayOfMonth),
      to: zonedInstant(timeZone, year, m, p.dayOfMonth + (p.durationDays ?? 1)),
      multiplier: p.multiplier,
    })));
}

/**
 * The scheduled actions as events on the timeline (minutes from `start`), and the bounds in force at
 * `start` (found by replaying the actions of the five weeks before).
 */
function scheduleEvents(service: FargateServiceScaling, start: number, end: number) {
  const all = (service.scheduledActions ?? []).flatMap((a, order) => {
    const schedule = parseSchedule(a.schedule);
    return firings(schedule, a.timeZone ?? 'UTC', start - 35 * DAY_MS, end)
      .map((instant) => ({ instant, order, minCapacity: a.minCapacity, maxCapacity: a.maxCapacity }));
  }).sort((a, b) => a.instant - b.instant || a.order - b.order);
  let initialMin = service.minCapacity;
  let initialMax = service.maxCapacity;
  const events: EngineEvent[] = [];
  for (const f of all) {
    if (f.instant < start) {
      initialMin = f.minCapacity ?? initialMin;
      initialMax = f.maxCapacity ?? initialMax;
    } else {
      events.push({ minute: Math.round((f.instant - start) / MINUTE_MS), minCapacity: f.minCapacity, maxCapacity: f.maxCapacity });
    }
  }
  return { events, initialMin, initialMax };
}
