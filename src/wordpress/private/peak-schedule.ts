import { IConstruct } from 'constructs';
import { checkInteger, isUnresolved, propError } from '../../private/validation';
import { MonthlyPeak, ResolvedMonthlyPeak } from '../monthly-peak';

/** One recurring scheduled action of the plan: a cron in the site's time zone and the capacity it sets. */
export interface PlannedScheduledAction {
  /** Construct id of the action (stable: renaming replaces the resource). */
  readonly id: string;
  readonly minute: string;
  readonly hour: string;
  readonly day: string;
  readonly month: string;
  /** Days of the week (then `day` is `?`); undefined for a day-of-month schedule. */
  readonly weekDay?: string;
  readonly minCapacity: number;
}

const MINUTES_PER_DAY = 24 * 60;
/** Days in each month of a common year; a leap-year February is discussed in `planMonthlyPeaks`. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Validate the peaks and apply defaults. Throws naming `<prop>[i].<field>` (`monthlyPeaks` unless told).
 */
export function resolveMonthlyPeaks(
  scope: IConstruct, peaks: MonthlyPeak[], leadMinutes: number, peakMinCapacity: number, maxCapacity: number, prop = 'monthlyPeaks',
): ResolvedMonthlyPeak[] {
  const resolved = peaks.map((peak, i) => {
    const field = `${prop}[${i}]`;
    checkInteger(scope, `${field}.dayOfMonth`, peak.dayOfMonth, 1, 28);
    checkInteger(scope, `${field}.durationDays`, peak.durationDays, 1, 27);
    const minCapacity = peak.minCapacity ?? peakMinCapacity;
    if (!isUnresolved(maxCapacity)) {
      checkInteger(scope, `${field}.minCapacity`, minCapacity, 1, maxCapacity);
    }
    return { dayOfMonth: peak.dayOfMonth, durationDays: peak.durationDays ?? 1, minCapacity };
  });

  // Peaks must not touch or overlap, even in February (the shortest month) and counting the lead time:
  // otherwise one peak's scale-in would cut the next peak's scale-out.
  const order = resolved.map((p, i) => ({ ...p, i })).sort((a, b) => a.dayOfMonth - b.dayOfMonth);
  for (let k = 0; k < order.length; k++) {
    const current = order[k];
    const next = order[(k + 1) % order.length];
    const endMinute = (current.dayOfMonth - 1 + current.durationDays) * MINUTES_PER_DAY;
    const wraps = k === order.length - 1;
    const nextStartMinute = (next.dayOfMonth - 1 + (wraps ? 28 : 0)) * MINUTES_PER_DAY - leadMinutes;
    if (endMinute >= nextStartMinute) {
      throw propError(scope, `${prop}[${next.i}]`, { dayOfMonth: next.dayOfMonth, durationDays: next.durationDays },
        `It overlaps ${next.i === current.i ? 'itself in the next month' : `${prop}[${current.i}]`} `
        + `(day ${current.dayOfMonth}, ${current.durationDays} day(s)) once the ${Math.round(leadMinutes)} minute `
        + 'peakLeadTime is counted, at least in a 28-day February. Peaks must leave a gap between them: merge or move them.');
    }
  }
  return resolved;
}

/**
 * Turn resolved peaks into recurring Application Auto Scaling scheduled actions.
 *
 * - Scale-out: `leadMinutes` before 00:00 on the start day. When that falls on the previous month's
 *   last day, the cron uses `L` (last day of the month), which is right in every month.
 * - Scale-in: 00:00 on the day after the peak. When the peak runs past the 28th, the end day depends on
 *   the month's length, so one action is generated per distinct end date (month lists in the cron).
 *   A leap-year February is treated as 28 days long: in those years a peak that spans the end of
 *   February scales in one day late (more capacity, never less).
 */
export function planMonthlyPeaks(peaks: ResolvedMonthlyPeak[], leadMinutes: number, baseMinCapacity: number): PlannedScheduledAction[] {
  const actions: PlannedScheduledAction[] = [];
  peaks.forEach((peak, i) => {
    const name = `Peak${i + 1}`;

    // Scale out.
    const lead = Math.round(leadMinutes);
    if (lead === 0) {
      actions.push({ id: `${name}ScaleOut`, minute: '0', hour: '0', day: `${peak.dayOfMonth}`, month: '*', minCapacity: peak.minCapacity });
    } else {
      const at = MINUTES_PER_DAY - lead; // minute of the previous day
      const day = peak.dayOfMonth === 1 ? 'L' : `${peak.dayOfMonth - 1}`;
      actions.push({
        id: `${name}ScaleOut`, minute: `${at % 60}`, hour: `${Math.floor(at / 60)}`, day, month: '*', minCapacity: peak.minCapacity,
      });
    }

    // Scale in.
    const endDay = peak.dayOfMonth + peak.durationDays;
    if (endDay <= 28) {
      actions.push({ id: `${name}ScaleIn`, minute: '0', hour: '0', day: `${endDay}`, month: '*', minCapacity: baseMinCapacity });
      return;
    }
    const dates = shiftedMonthDays(peak.dayOfMonth, peak.durationDays);
    for (const date of dates) {
      actions.push({
        id: dates.length === 1 ? `${name}ScaleIn` : `${name}ScaleInDay${date.day}`,
        minute: '0',
        hour: '0',
        day: date.day,
        month: date.month,
        minCapacity: baseMinCapacity,
      });
    }
  });
  return actions;
}

/** A day of the month and the months (cron fields) on which it falls. */
export interface MonthDays {
  /** Day of the month, as a cron field. */
  readonly day: string;
  /** Months of the year, as a cron field (`*` for every month). */
  readonly month: string;
}

/**
 * The dates `offsetDays` days after (negative: before) `dayOfMonth` of every month, as cron day and month fields: one
 * entry when the date stays inside the month, else one entry per distinct day with the months it falls in. Months are
 * those the shifted date lies in (the next month past the end, the previous month before the 1st). A leap-year February
 * is treated as 28 days long: in those years a date counted back across it falls one day earlier, one counted forward
 * across it one day later.
 */
export function shiftedMonthDays(dayOfMonth: number, offsetDays: number): MonthDays[] {
  const target = dayOfMonth + offsetDays;
  if (target >= 1 && target <= 28) {
    return [{ day: `${target}`, month: '*' }];
  }
  const monthsByDay = new Map<number, number[]>();
  DAYS_IN_MONTH.forEach((length, m) => {
    // m is the peak's month (0-based); the shifted date lies in it, in the next month or in the previous one.
    const previousLength = DAYS_IN_MONTH[(m + 11) % 12];
    const [month, day] = target < 1 ? [((m + 11) % 12) + 1, previousLength + target]
      : target <= length ? [m + 1, target] : [((m + 1) % 12) + 1, target - length];
    monthsByDay.set(day, [...(monthsByDay.get(day) ?? []), month]);
  });
  const days = [...monthsByDay.keys()].sort((a, b) => a - b);
  return days.map((day) => {
    const months = monthsByDay.get(day)!.sort((a, b) => a - b);
    return { day: `${day}`, month: months.length === 12 ? '*' : months.join(',') };
  });
}
