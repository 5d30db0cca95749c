import { MAX_SCHEDULED_ACTIONS, planShapedSchedule } from '../../../src/wordpress/private/shaped-peak-schedule';
import { cost } from 'cdk-fargate-wordpress';

const cron = (a: { minute: string; hour: string; day: string; month: string; weekDay?: string }) =>
  `${a.minute} ${a.hour} ${a.day} ${a.month} ${a.weekDay ?? '?'}`;

/** 10 requests/s all day but 30 at 08:00 and 09:00; one task carries 10/s: 1 task, 3 from 08:00 to 10:00. */
function smallProfile(extra: Partial<cost.TrafficProfile> = {}): cost.TrafficProfile {
  const hours = Array.from({ length: 24 }, (_, h) => (h === 8 || h === 9 ? 30 : 10));
  return { requestsPerSecondByHour: hours, requestsPerTaskPerSecond: 10, timeZone: 'Asia/Seoul', ...extra };
}

describe('planShapedSchedule', () => {
  test('a small profile: an hourly release, a daily raise before the 08:00 rise, the peak raised before 00:00 and 08:00', () => {
    // GIVEN a peak on the 10th for one day at 2x: 2 tasks, 6 from 08:00 to 10:00
    const plan = planShapedSchedule({
      profile: smallProfile({ peaks: [{ dayOfMonth: 10, multiplier: 2 }] }),
      peaks: [{ dayOfMonth: 10, durationDays: 1, multiplier: 2 }],
      leadMinutes: 15,
      minCapacity: 1,
      maxCapacity: 10,
    });
    // THEN exactly these actions: the peak's raise one minute after the ordinary one of the same hour
    expect(plan.actions.map((a) => [a.id, cron(a), a.minCapacity])).toEqual([
      ['ReleaseHourly', '5 * * * ?', 1],
      ['Raise0744To3', '44 7 ? * *', 3],
      ['Peak1Raise2345To2', '45 23 9 * ?', 2],
      ['Peak1Raise0745To6', '45 7 10 * ?', 6],
    ]);
    expect(plan.peaks).toEqual([{ dayOfMonth: 10, durationDays: 1, minCapacity: 6 }]);
  });

  test('weekends: separate raises by day of the week; a peak day planned for the busier of the two', () => {
    // GIVEN weekends at 0.5x: 08:00 needs 3 tasks on a weekday, 2 on a weekend day
    const plan = planShapedSchedule({
      profile: smallProfile({ weekendFactor: 0.5 }),
      peaks: [{ dayOfMonth: 10, durationDays: 2, multiplier: 2 }],
      leadMinutes: 15,
      minCapacity: 1,
      maxCapacity: 10,
    });
    expect(plan.actions.map((a) => [a.id, cron(a), a.minCapacity])).toEqual([
      ['ReleaseHourly', '5 * * * ?', 1],
      ['Raise0744To2', '44 7 ? * SUN,SAT', 2],
      ['Raise0744To3', '44 7 ? * MON,TUE,WED,THU,FRI', 3],
      // THEN both peak days, whatever their weekday, get the weekday's shape (the busier): one action for the two days;
      // 00:00 on the second day is raised too, since a weekend evening (1 task) may be followed by a weekday (2 tasks)
      ['Peak1Raise2345To2', '45 23 9-10 * ?', 2],
      ['Peak1Raise0745To6', '45 7 10-11 * ?', 6],
    ]);
  });

  test('a weekend busier at midnight than the weekday before: the raise fires on Friday evening', () => {
    // GIVEN 25 requests/s at 00:00 (3 tasks), 10 at 23:00 (1 task), weekends 2x (00:00 on Saturday: 5 tasks)
    const hours = Array.from({ length: 24 }, (_, h) => (h === 0 ? 25 : 10));
    const plan = planShapedSchedule({
      profile: { requestsPerSecondByHour: hours, requestsPerTaskPerSecond: 10, weekendFactor: 2 },
      peaks: [],
      leadMinutes: 15,
      minCapacity: 1,
      maxCapacity: 10,
    });
    expect(plan.actions.map((a) => [cron(a), a.minCapacity])).toEqual([
      ['5 * * * ?', 1],
      ['44 23 ? * SUN,MON,TUE,WED,THU', 3],
      ['44 23 ? * FRI,SAT', 5],
    ]);
  });

  test('a peak past the 28th: one action per set of dates, with month lists', () => {
    const plan = planShapedSchedule({
      profile: smallProfile(),
      peaks: [{ dayOfMonth: 28, durationDays: 3, multiplier: 2 }],
      leadMinutes: 15,
      minCapacity: 1,
      maxCapacity: 10,
    });
    const raises = plan.actions.filter((a) => a.id.startsWith('Peak1Raise0745'));
    // The 28th, 29th and 30th; February's peak runs on the 28th and on the 1st and 2nd of March, so March
    // has both its own peak days and February's.
    expect(raises.map((a) => [a.id, `${a.day} ${a.month}`])).toEqual([
      ['Peak1Raise0745To6Day28To30', '28-30 1,4,5,6,7,8,9,10,11,12'],
      ['Peak1Raise0745To6Day28', '28 2'],
      ['Peak1Raise0745To6Day1To2And28To30', '1-2,28-30 3'],
    ]);
  });

  test('a peak on the 1st is raised on the last day of the month before (L)', () => {
    const plan = planShapedSchedule({
      profile: smallProfile(), peaks: [{ dayOfMonth: 1, durationDays: 1, multiplier: 2 }], leadMinutes: 15, minCapacity: 1, maxCapacity: 10,
    });
    expect(plan.actions.filter((a) => a.id.startsWith('Peak1Raise2345')).map(cron)).toEqual(['45 23 L * ?']);
  });

  test('a quiet "peak" (below 1x): the first ordinary hour after it is raised back', () => {
    // GIVEN 30 requests/s all day (3 tasks) and a peak on the 10th at 0.5x (2 tasks)
    const plan = planShapedSchedule({
      profile: { requestsPerSecondByHour: Array.from({ length: 24 }, () => 30), requestsPerTaskPerSecond: 10 },
      peaks: [{ dayOfMonth: 10, durationDays: 1, multiplier: 0.5 }],
      leadMinutes: 15,
      minCapacity: 1,
      maxCapacity: 10,
    });
    // THEN 3 tasks again from 00:00 on the 11th, raised on the 10th at 23:45
    expect(plan.actions.map((a) => [a.id, cron(a), a.minCapacity])).toEqual([
      ['ReleaseHourly', '5 * * * ?', 1],
      ['Peak1Raise2345To2', '45 23 9 * ?', 2],
      ['Peak1Raise2345To3', '45 23 10 * ?', 3],
    ]);
  });

  test('the raises stop at maxCapacity and say what the busiest hour needed', () => {
    const plan = planShapedSchedule({
      profile: smallProfile(), peaks: [{ dayOfMonth: 10, durationDays: 1, multiplier: 3 }], leadMinutes: 15, minCapacity: 1, maxCapacity: 5,
    });
    expect(Math.max(...plan.actions.map((a) => a.minCapacity))).toBe(5);
    expect(plan.busiestHourTasks).toBe(9);
    expect(plan.peaks[0].minCapacity).toBe(5);
  });

  test('the reference profile fits well within the quota of scheduled actions per scalable target', () => {
    const profile = cost.TrafficProfiles.twoMonthlyPeaks();
    const plan = planShapedSchedule({
      profile,
      peaks: profile.peaks!.map((p) => ({ dayOfMonth: p.dayOfMonth, durationDays: p.durationDays ?? 1, multiplier: p.multiplier })),
      leadMinutes: 15,
      minCapacity: 2,
      maxCapacity: 10,
    });
    expect(plan.actions.length).toBeLessThanOrEqual(MAX_SCHEDULED_ACTIONS);
    expect(plan.actions.length).toBe(17);
    expect(plan.peaks).toEqual([{ dayOfMonth: 5, durationDays: 2, minCapacity: 7 }, { dayOfMonth: 25, durationDays: 2, minCapacity: 7 }]);
  });
});
