import { daysInMonth, DAY_MS, MINUTE_MS, wallTime, zonedInstant } from './calendar';

/**
 * Application Auto Scaling schedule expressions: `cron(minutes hours day-of-month month day-of-week year)`
 * and `at(yyyy-mm-ddThh:mm:ss)`, evaluated in a time zone. Supported cron fields: `*`, `?`, numbers,
 * lists (`1,15`), ranges (`1-5`), steps (`0/15`, `*\/2`), `L` (last day of the month) in the day
 * field, and weekday names or numbers (1 = SUN ... 7 = SAT) in the day-of-week field.
 */
export interface ParsedSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** Minutes and hours it can fire at (to enumerate firings per day). */
  readonly minutes: number[];
  readonly hours: number[];
  /** Whether the schedule fires at this wall-clock time. */
  matches(year: number, month: number, day: number, hour: number, minute: number, weekday: number): boolean;
}

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

class ScheduleError extends Error {
  constructor(expression: string, why: string) {
    super(`unsupported schedule expression ${JSON.stringify(expression)}: ${why}. Supported: cron(m h dom mon dow [year]) `
      + 'with *, ?, numbers, lists, ranges, steps and L, or at(yyyy-mm-ddThh:mm:ss).');
    this.name = 'ValidationError';
  }
}

/** Values of one cron field, or undefined for "any". */
function field(expression: string, text: string, min: number, max: number, names?: string[], nameBase = min): Set<number> | undefined {
  if (text === '*' || text === '?') {
    return undefined;
  }
  const values = new Set<number>();
  const value = (v: string): number => {
    const byName = names?.indexOf(v.toUpperCase()) ?? -1;
    const n = byName >= 0 ? byName + nameBase : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ScheduleError(expression, `"${v}" is out of range ${min}-${max}`);
    }
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) {
      throw new ScheduleError(expression, `bad step in "${part}"`);
    }
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [min, max];
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [value(a), value(b)];
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step) {
      values.add(v);
    }
  }
  return values;
}

/** Parse a schedule expression of a scheduled scaling action. */
export function parseSchedule(expression: string): ParsedSchedule {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [y, mo, d, h, mi] = at.slice(1, 6).map(Number);
    return {
      expression,
      minutes: [mi],
      hours: [h],
      matches: (year, month, day, hour, minute) => year === y && month === mo && day === d && hour === h && minute === mi,
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) {
    throw new ScheduleError(expression, 'only cron() and at() schedules can be simulated');
  }
  const parts = cron[1].trim().split(/\s+/);
  if (parts.length !== 6 && parts.length !== 5) {
    throw new ScheduleError(expression, `expected 6 fields, found ${parts.length}`);
  }
  const [minText, hourText, domText, monText, dowText, yearText = '*'] = parts;
  const minutes = field(expression, minText, 0, 59);
  const hours = field(expression, hourText, 0, 23);
  const lastDay = domText === 'L';
  const days = lastDay ? undefined : field(expression, domText, 1, 31);
  const months = field(expression, monText, 1, 12, MONTHS, 1);
  const weekdays = field(expression, dowText, 1, 7, WEEKDAYS, 1);
  const years = field(expression, yearText, 1970, 2199);
  return {
    expression,
    minutes: minutes ? [...minutes].sort((a, b) => a - b) : sequence(0, 59),
    hours: hours ? [...hours].sort((a, b) => a - b) : sequence(0, 23),
    matches: (year, month, day, hour, minute, weekday) =>
      (!minutes || minutes.has(minute))
      && (!hours || hours.has(hour))
      && (lastDay ? day === daysInMonth(year, month) : !days || days.has(day))
      && (!months || months.has(month))
      && (!weekdays || weekdays.has(weekday + 1))
      && (!years || years.has(year)),
  };
}

function sequence(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Instants (epoch ms, whole minutes) in [from, to) at which the schedule fires, read in `timeZone`. */
export function firings(schedule: ParsedSchedule, timeZone: string, from: number, to: number): number[] {
  const out: number[] = [];
  // Walk the local calendar days that overlap [from, to), with a day of margin on each side.
  const first = wallTime(timeZone, from - DAY_MS);
  const lastInstant = to + DAY_MS;
  for (let k = 0; ; k++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + k));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const dayStart = zonedInstant(timeZone, y, m, d);
    if (dayStart >= lastInstant) {
      break;
    }
    const weekday = date.getUTCDay();
    for (const h of schedule.hours) {
      for (const mi of schedule.minutes) {
        if (!schedule.matches(y, m, d, h, mi, weekday)) {
          continue;
        }
        const instant = zonedInstant(timeZone, y, m, d, h, mi);
        const back = wallTime(timeZone, instant);
        // Skip wall times that do not exist on that day (daylight saving gap).
        if (back.day === d && back.hour === h && back.minute === mi && instant >= from && instant < to) {
          out.push(Math.floor(instant / MINUTE_MS) * MINUTE_MS);
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}
