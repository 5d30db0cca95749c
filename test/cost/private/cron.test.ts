import { wallTime, zonedInstant } from '../../../src/cost/private/calendar';
import { firings, parseSchedule } from '../../../src/cost/private/cron';

const iso = (instants: number[]) => instants.map((t) => new Date(t).toISOString());
const utc = (text: string) => Date.parse(text);

describe('schedule expressions', () => {
  test('the crons ScalableWordpressOnFargate writes fire at the local time, read in their time zone', () => {
    // 23:00 on the 4th in Seoul is 14:00 UTC.
    const fired = firings(parseSchedule('cron(0 23 4 * ? *)'), 'Asia/Seoul', utc('2026-01-01T00:00:00Z'), utc('2026-03-01T00:00:00Z'));
    expect(iso(fired)).toEqual(['2026-01-04T14:00:00.000Z', '2026-02-04T14:00:00.000Z']);
  });

  test('L is the last day of each month', () => {
    const fired = firings(parseSchedule('cron(0 23 L * ? *)'), 'UTC', utc('2026-01-01T00:00:00Z'), utc('2026-04-01T00:00:00Z'));
    expect(iso(fired)).toEqual(['2026-01-31T23:00:00.000Z', '2026-02-28T23:00:00.000Z', '2026-03-31T23:00:00.000Z']);
  });

  test('a month list fires only in those months', () => {
    const fired = firings(parseSchedule('cron(0 0 2 3 ? *)'), 'UTC', utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'));
    expect(iso(fired)).toEqual(['2026-03-02T00:00:00.000Z']);
  });

  test('ranges, steps, weekday names and years', () => {
    const weekdays = firings(parseSchedule('cron(30 8 ? * MON-FRI 2026)'), 'UTC', utc('2026-02-01T00:00:00Z'), utc('2026-02-08T00:00:00Z'));
    expect(weekdays).toHaveLength(5); // 2 to 6 February 2026
    expect(iso(weekdays)[0]).toBe('2026-02-02T08:30:00.000Z');
    const every15 = firings(parseSchedule('cron(0/15 1 1 1 ? *)'), 'UTC', utc('2026-01-01T00:00:00Z'), utc('2026-01-02T00:00:00Z'));
    expect(every15).toHaveLength(4);
    expect(firings(parseSchedule('cron(0 0 1 1 ? 2027)'), 'UTC', utc('2026-01-01T00:00:00Z'), utc('2026-12-31T00:00:00Z'))).toEqual([]);
  });

  test('at() fires once', () => {
    const fired = firings(parseSchedule('at(2026-05-05T09:00:00)'), 'Asia/Tokyo', utc('2026-05-01T00:00:00Z'), utc('2026-06-01T00:00:00Z'));
    expect(iso(fired)).toEqual(['2026-05-05T00:00:00.000Z']);
  });

  test('a wall time skipped by daylight saving does not fire that day', () => {
    // 02:30 does not exist in New York on 8 March 2026.
    const fired = firings(parseSchedule('cron(30 2 * 3 ? *)'), 'America/New_York', utc('2026-03-07T00:00:00Z'), utc('2026-03-10T00:00:00Z'));
    expect(iso(fired)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  test.each(['rate(1 hour)', 'cron(0 0 1 *)', 'cron(61 0 1 * ? *)', 'cron(0 0 1 * ? *'])('%s is refused with a clear message', (expression) => {
    expect(() => parseSchedule(expression)).toThrow(/unsupported schedule expression/);
  });
});

describe('time zones', () => {
  test('zonedInstant and wallTime are inverse, across a daylight saving change', () => {
    const instant = zonedInstant('Europe/Dublin', 2026, 3, 29, 12, 0);
    expect(new Date(instant).toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(wallTime('Europe/Dublin', instant)).toMatchObject({ year: 2026, month: 3, day: 29, hour: 12, minute: 0, weekday: 0 });
  });

  test('day overflow is normalized: day 32 of January is the 1st of February', () => {
    expect(new Date(zonedInstant('UTC', 2026, 1, 32)).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  test('a time in a daylight saving gap maps to just after it', () => {
    expect(new Date(zonedInstant('America/New_York', 2026, 3, 8, 2, 30)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
});
