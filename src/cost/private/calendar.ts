/**
 * Time zone arithmetic on top of `Intl` (no dependency): wall-clock parts of an instant in an IANA
 * zone, and the instant of a wall-clock time. Instants are epoch milliseconds.
 */

/** Wall-clock parts of an instant in a time zone. */
export interface WallTime {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time of `instant` in `timeZone`. */
export function wallTime(timeZone: string, instant: number): WallTime {
  const parts: { [type: string]: number } = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') {
      parts[p.type] = Number(p.value);
    }
  }
  const year = parts.year;
  const month = parts.month;
  const day = parts.day;
  return {
    year,
    month,
    day,
    hour: parts.hour % 24,
    minute: parts.minute,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (local = UTC + offset). */
export function zoneOffset(timeZone: string, instant: number): number {
  const w = wallTime(timeZone, instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
}

/**
 * The instant of a wall-clock time in `timeZone`. Day overflow is normalized (day 32 of January is
 * 1 February). A time skipped by a daylight saving change maps to the instant just after the gap; a
 * time that occurs twice maps to its first occurrence.
 */
export function zonedInstant(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force around that time; keep the earliest candidate that reads back as the wall time.
  const candidates = [zoneOffset(timeZone, asUtc - DAY_MS), zoneOffset(timeZone, asUtc), zoneOffset(timeZone, asUtc + DAY_MS)]
    .map((offset) => asUtc - offset)
    .sort((a, b) => a - b);
  for (const instant of candidates) {
    if (instant + zoneOffset(timeZone, instant) === asUtc) {
      return instant;
    }
  }
  // In a gap: the wall time does not exist. Use the offset from before the gap, which lands after it.
  return asUtc - zoneOffset(timeZone, asUtc - DAY_MS);
}

/** Days in a month (month 1 to 12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month after (year, month). */
export function nextMonth(year: number, month: number): { year: number; month: number } {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** The month before (year, month). */
export function previousMonth(year: number, month: number): { year: number; month: number } {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** True when `name` is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) {
    return false;
  }
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}
