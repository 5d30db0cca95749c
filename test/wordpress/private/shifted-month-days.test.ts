import { shiftedMonthDays } from '../../../src/wordpress/private/peak-schedule';

describe('shiftedMonthDays: a day of the month moved by whole days, as cron day and month fields', () => {
  test('inside the month: one date, every month', () => {
    expect(shiftedMonthDays(5, -3)).toEqual([{ day: '2', month: '*' }]);
    expect(shiftedMonthDays(25, 3)).toEqual([{ day: '28', month: '*' }]);
  });

  test('before the 1st: the previous month\'s days, by the length of that month (February as 28 days)', () => {
    expect(shiftedMonthDays(1, -1)).toEqual([
      { day: '28', month: '2' }, // before March 1st
      { day: '30', month: '4,6,9,11' },
      { day: '31', month: '1,3,5,7,8,10,12' },
    ]);
  });

  test('past the end of the month: the next month\'s days, or the 29th to 31st of the months that have them', () => {
    // Day 30 exists in every month but February; after a 28-day February it is March 2nd.
    expect(shiftedMonthDays(28, 2)).toEqual([{ day: '2', month: '3' }, { day: '30', month: '1,3,4,5,6,7,8,9,10,11,12' }]);
  });
});
