import { Stack } from 'aws-cdk-lib';
import { planMonthlyPeaks, resolveMonthlyPeaks } from '../../../src/wordpress/private/peak-schedule';

const cron = (a: { minute: string; hour: string; day: string; month: string }) => `${a.minute} ${a.hour} ${a.day} ${a.month}`;

describe('planMonthlyPeaks', () => {
  test('a peak inside the month: one scale-out the evening before, one scale-in the day after', () => {
    const plan = planMonthlyPeaks([{ dayOfMonth: 5, durationDays: 2, minCapacity: 6 }], 60, 2);
    expect(plan.map((a) => [a.id, cron(a), a.minCapacity])).toEqual([
      ['Peak1ScaleOut', '0 23 4 *', 6],
      ['Peak1ScaleIn', '0 0 7 *', 2],
    ]);
  });

  test('no lead time: scale out at 00:00 on the day itself', () => {
    const plan = planMonthlyPeaks([{ dayOfMonth: 12, durationDays: 1, minCapacity: 4 }], 0, 2);
    expect(plan.map(cron)).toEqual(['0 0 12 *', '0 0 13 *']);
  });

  test('a lead time with minutes', () => {
    expect(cron(planMonthlyPeaks([{ dayOfMonth: 3, durationDays: 1, minCapacity: 4 }], 135, 2)[0])).toBe('45 21 2 *');
  });

  test('a peak on the 1st scales out on the last day of the previous month (L), whatever its length', () => {
    const plan = planMonthlyPeaks([{ dayOfMonth: 1, durationDays: 2, minCapacity: 4 }], 60, 2);
    expect(plan.map(cron)).toEqual(['0 23 L *', '0 0 3 *']);
  });

  test('a peak ending on the 28th 00:00 needs one scale-in every month', () => {
    const plan = planMonthlyPeaks([{ dayOfMonth: 26, durationDays: 2, minCapacity: 4 }], 60, 2);
    expect(plan.map((a) => [a.id, cron(a)])).toEqual([['Peak1ScaleOut', '0 23 25 *'], ['Peak1ScaleIn', '0 0 28 *']]);
  });

  test('a peak that crosses the end of the month scales in on a date that depends on the month', () => {
    // The 27th for 3 days: over at 00:00 on the 30th, which February does not have (then the 2nd of March).
    const plan = planMonthlyPeaks([{ dayOfMonth: 27, durationDays: 3, minCapacity: 4 }], 60, 2);
    expect(plan.map((a) => [a.id, cron(a), a.minCapacity])).toEqual([
      ['Peak1ScaleOut', '0 23 26 *', 4],
      ['Peak1ScaleInDay2', '0 0 2 3', 2],
      ['Peak1ScaleInDay30', '0 0 30 1,3,4,5,6,7,8,9,10,11,12', 2],
    ]);
  });

  test('a peak ending after the 31st: 30-day months and February wrap into the next month', () => {
    // The 28th for 4 days: over on the 32nd, i.e. the 1st after a 31-day month, the 2nd after a 30-day one, the 4th of March.
    const plan = planMonthlyPeaks([{ dayOfMonth: 28, durationDays: 4, minCapacity: 4 }], 0, 2);
    expect(plan.slice(1).map(cron)).toEqual(['0 0 1 1,2,4,6,8,9,11', '0 0 2 5,7,10,12', '0 0 4 3']);
  });

  test('every scale-in of a month-crossing peak covers each of the twelve months exactly once', () => {
    for (let day = 20; day <= 28; day++) {
      for (let duration = 1; duration <= 10; duration++) {
        const scaleIns = planMonthlyPeaks([{ dayOfMonth: day, durationDays: duration, minCapacity: 3 }], 60, 1).slice(1);
        const months = scaleIns.flatMap((a) => (a.month === '*' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : a.month.split(',').map(Number)));
        // A month appears once per peak that ends in it: twelve peaks a year, twelve scale-ins.
        expect(months).toHaveLength(12);
      }
    }
  });
});

describe('resolveMonthlyPeaks', () => {
  const scope = new Stack();

  test('applies the defaults: one day, the site-wide peak minimum', () => {
    expect(resolveMonthlyPeaks(scope, [{ dayOfMonth: 9 }], 60, 5, 10)).toEqual([{ dayOfMonth: 9, durationDays: 1, minCapacity: 5 }]);
  });

  test('peaks may sit right after each other when a gap longer than the lead time is left', () => {
    expect(() => resolveMonthlyPeaks(scope, [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 8 }], 60, 4, 10)).not.toThrow();
    expect(() => resolveMonthlyPeaks(scope, [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 7 }], 0, 4, 10)).toThrow(/overlaps/);
  });

  test('a peak crossing the month end must end before the first peak of the next (shortest) month', () => {
    expect(() => resolveMonthlyPeaks(scope, [{ dayOfMonth: 3 }, { dayOfMonth: 27, durationDays: 3 }], 60, 4, 10)).not.toThrow();
    expect(() => resolveMonthlyPeaks(scope, [{ dayOfMonth: 2 }, { dayOfMonth: 27, durationDays: 3 }], 60, 4, 10)).toThrow(/overlaps/);
  });
});
