import type { TrafficProfile } from '../../cost/traffic-profile';
import type { ResolvedMonthlyPeak } from '../monthly-peak';
import type { PlannedScheduledAction } from './peak-schedule';

/**
 * Application Auto Scaling allows 200 scheduled actions per scalable target, a quota that cannot be raised
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-quotas.html).
 */
export const MAX_SCHEDULED_ACTIONS = 200;

/** Minute of every hour at which the shaped schedule hands the minimum back to target tracking. */
export const RELEASE_MINUTE = 5;

/** Longest lead the shaped schedule allows: a raise must come after the previous hour's release. */
export const MAX_SHAPED_LEAD_MINUTES = 60 - RELEASE_MINUTE - 5;

const MINUTES_PER_DAY = 24 * 60;
/** Days in each month of a common year (a leap-year February is treated as 28 days: see docs/site.md). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A peak to shape: its days and its traffic multiplier. */
export interface PeakToShape {
  readonly dayOfMonth: number;
  readonly durationDays: number;
  readonly multiplier: number;
}

/** Inputs of `planShapedSchedule`. */
export interface ShapedScheduleInput {
  readonly profile: TrafficProfile;
  readonly peaks: PeakToShape[];
  /** How long before an hour whose traffic rises the minimum is raised (at most `MAX_SHAPED_LEAD_MINUTES`). */
  readonly leadMinutes: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** The shaped schedule. */
export interface ShapedSchedule {
  /** The scheduled actions, in the order they are created. */
  readonly actions: PlannedScheduledAction[];
  /** Each peak's window and the most tasks its busiest hour is raised to. */
  readonly peaks: ResolvedMonthlyPeak[];
  /** Tasks the busiest hour needs before the cap at `maxCapacity`. */
  readonly busiestHourTasks: number;
}

/** Tasks an hour needs: origin requests per second over one task's rate, rounded up, within the capacity bounds. */
function tasksFor(profile: TrafficProfile, edgeRequestsPerSecond: number, min: number, max: number): number {
  const origin = edgeRequestsPerSecond * (1 - (profile.cacheHitRatio ?? 0));
  return Math.max(min, Math.min(max, Math.ceil(origin / profile.requestsPerTaskPerSecond - 1e-9)));
}

/**
 * Plan scheduled actions that follow a traffic profile: the minimum task count is raised `leadMinutes` before
 * each hour whose traffic needs more tasks than the hour before, to what that hour needs (its origin requests
 * per second over `requestsPerTaskPerSecond`, rounded up), and handed back to target tracking at minute 5 of
 * every hour (one action setting it to `minCapacity`): once the tasks serve, target tracking at one task's
 * rate keeps as many as the traffic needs and scales in as it falls.
 *
 * - Ordinary days: one action per raise time and task count, on the days of the week it applies to
 *   (weekdays and weekends differ by the profile's `weekendFactor`).
 * - Peak days: one action per raise time, task count and set of dates, firing one minute after the
 *   ordinary raise of the same hour, so that the peak's count is the one in force. A recurring action on a
 *   day of the month cannot know the weekday (Application Auto Scaling's cron takes a day of the month or a
 *   day of the week, the other field being `?`:
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html),
 *   so a peak day is planned for the busier of a weekday and a weekend day.
 * - Dates past the 28th depend on the month's length: one action per set of dates, with month lists.
 */
export function planShapedSchedule(input: ShapedScheduleInput): ShapedSchedule {
  const { profile, peaks, minCapacity: min, maxCapacity: max } = input;
  const lead = Math.round(input.leadMinutes);
  const rps = profile.requestsPerSecondByHour;
  const weekend = profile.weekendFactor ?? 1;
  const unbounded = (edge: number) => tasksFor(profile, edge, 0, Infinity);
  let busiestHourTasks = 0;

  // ---------------------------------------------------------------- ordinary days, by day of the week
  const dayFactor = (dow: number) => (dow === 0 || dow === 6 ? weekend : 1);
  const weekNeed = (dow: number, hour: number) => {
    busiestHourTasks = Math.max(busiestHourTasks, unbounded(rps[hour] * dayFactor(dow)));
    return tasksFor(profile, rps[hour] * dayFactor(dow), min, max);
  };
  const weekly = new Map<string, { minute: number; hour: number; minCapacity: number; days: number[] }>();
  for (let dow = 0; dow < 7; dow++) {
    for (let hour = 0; hour < 24; hour++) {
      const need = weekNeed(dow, hour);
      const before = hour === 0 ? weekNeed((dow + 6) % 7, 23) : weekNeed(dow, hour - 1);
      if (need <= before) {
        continue;
      }
      const at = hour * 60 - lead - 1; // one minute before a peak's raise of the same hour
      const fireDow = at < 0 ? (dow + 6) % 7 : dow;
      const minuteOfDay = (at + MINUTES_PER_DAY) % MINUTES_PER_DAY;
      const key = `${minuteOfDay}/${need}`;
      const entry = weekly.get(key) ?? { minute: minuteOfDay % 60, hour: Math.floor(minuteOfDay / 60), minCapacity: need, days: [] };
      entry.days.push(fireDow);
      weekly.set(key, entry);
    }
  }
  const actions: PlannedScheduledAction[] = [
    { id: 'ReleaseHourly', minute: `${RELEASE_MINUTE}`, hour: '*', day: '*', month: '*', minCapacity: min },
  ];
  for (const e of [...weekly.values()].sort((a, b) => a.hour - b.hour || a.minute - b.minute || a.minCapacity - b.minCapacity)) {
    const days = [...new Set(e.days)].sort((a, b) => a - b);
    actions.push({
      id: `Raise${pad(e.hour)}${pad(e.minute)}To${e.minCapacity}`,
      minute: `${e.minute}`,
      hour: `${e.hour}`,
      day: '?',
      weekDay: days.length === 7 ? '*' : days.map((d) => WEEKDAYS[d]).join(','),
      month: '*',
      minCapacity: e.minCapacity,
    });
  }

  // ---------------------------------------------------------------- peak days
  const busier = Math.max(1, weekend);
  const resolvedPeaks: ResolvedMonthlyPeak[] = [];
  peaks.forEach((peak, i) => {
    const peakNeed = (hour: number, factor = busier) => {
      busiestHourTasks = Math.max(busiestHourTasks, unbounded(rps[hour] * factor * peak.multiplier));
      return tasksFor(profile, rps[hour] * factor * peak.multiplier, min, max);
    };
    // Target tracking follows the day's real traffic between raises, so an hour is raised when it may need more
    // tasks than the hour before (on a weekday, a weekend day, or across midnight from one to the other), to what
    // the busier of the two needs.
    const factors = [1, weekend];
    const rises = (hour: number) => (hour === 0
      ? Math.max(...factors.map((f) => peakNeed(0, f))) > Math.min(...factors.map((f) => peakNeed(23, f)))
      : factors.some((f) => peakNeed(hour, f) > peakNeed(hour - 1, f)));
    // Raises by minute offset from 00:00 on the peak's first day: which days of the peak, to how many tasks.
    const raises = new Map<string, { offset: number; minCapacity: number; dayIndexes: number[] }>();
    const add = (dayIndex: number, hour: number, minCapacity: number) => {
      const offset = hour * 60 - lead;
      const key = `${offset < 0 ? 'prev' : 'same'}/${(offset + MINUTES_PER_DAY) % MINUTES_PER_DAY}/${minCapacity}`;
      const entry = raises.get(key) ?? { offset, minCapacity, dayIndexes: [] };
      entry.dayIndexes.push(dayIndex + (offset < 0 ? -1 : 0));
      raises.set(key, entry);
    };
    for (let d = 0; d < peak.durationDays; d++) {
      for (let hour = 0; hour < 24; hour++) {
        const need = peakNeed(hour);
        if (d === 0 && hour === 0) {
          add(d, hour, need); // the peak's first hour: always
        } else if (rises(hour)) {
          add(d, hour, need);
        }
      }
    }
    // The first ordinary hour after the peak, if it needs more than the peak's last (a peak below 1x).
    const after = Math.max(weekNeed(1, 0), weekNeed(6, 0));
    if (after > peakNeed(23)) {
      add(peak.durationDays, 0, after);
    }
    let minCapacity = 0;
    for (let hour = 0; hour < 24; hour++) {
      minCapacity = Math.max(minCapacity, peakNeed(hour));
    }
    resolvedPeaks.push({ dayOfMonth: peak.dayOfMonth, durationDays: peak.durationDays, minCapacity });
    const ordered = [...raises.values()].sort((a, b) => a.offset - b.offset || a.minCapacity - b.minCapacity);
    for (const r of ordered) {
      const minuteOfDay = (r.offset + MINUTES_PER_DAY) % MINUTES_PER_DAY;
      const base = `Peak${i + 1}Raise${pad(Math.floor(minuteOfDay / 60))}${pad(minuteOfDay % 60)}To${r.minCapacity}`;
      actions.push(...onDays(base, peak.dayOfMonth, r.dayIndexes, minuteOfDay, r.minCapacity));
    }
  });
  return { actions, peaks: resolvedPeaks, busiestHourTasks };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The recurring action(s) firing at `minuteOfDay` on the days `dayIndexes` after day `dayOfMonth` of every month
 * (-1 before the 1st is the previous month's last day, `L`). One action for the dates in force in every month;
 * past the 28th, one per set of dates, with the months it applies to.
 */
function onDays(id: string, dayOfMonth: number, dayIndexes: number[], minuteOfDay: number, minCapacity: number): PlannedScheduledAction[] {
  const time = { minute: `${minuteOfDay % 60}`, hour: `${Math.floor(minuteOfDay / 60)}` };
  const out: PlannedScheduledAction[] = [];
  const dates = [...new Set(dayIndexes)].map((k) => dayOfMonth + k);
  if (dates.some((d) => d < 1)) {
    out.push({ id: `${id}Last`, ...time, day: 'L', month: '*', minCapacity });
  }
  // For each month, the dates it fires on (a date past the month's end falls in the next month).
  const byMonth: number[][] = DAYS_IN_MONTH.map(() => []);
  for (const date of dates.filter((d) => d >= 1)) {
    DAYS_IN_MONTH.forEach((length, m) => {
      if (date <= length) {
        byMonth[m].push(date);
      } else {
        byMonth[(m + 1) % 12].push(date - length);
      }
    });
  }
  const groups = new Map<string, number[]>();
  byMonth.forEach((days, m) => {
    const key = ranges([...new Set(days)].sort((a, b) => a - b));
    groups.set(key, [...(groups.get(key) ?? []), m + 1]);
  });
  const keys = [...groups.keys()].filter((k) => k !== '');
  for (const key of keys) {
    const months = groups.get(key)!;
    out.push({
      id: keys.length === 1 ? id : `${id}Day${key.replace(/,/g, 'And').replace(/-/g, 'To')}`,
      ...time,
      day: key,
      month: months.length === 12 ? '*' : months.join(','),
      minCapacity,
    });
  }
  return out;
}

/** `[1, 2, 3, 7]` -> `1-3,7`. */
function ranges(days: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) {
      j++;
    }
    parts.push(j > i ? `${days[i]}-${days[j]}` : `${days[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}
