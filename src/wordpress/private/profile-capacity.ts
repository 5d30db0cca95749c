import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { planMonthlyPeaks, PlannedScheduledAction, resolveMonthlyPeaks } from './peak-schedule';
import { MAX_SCHEDULED_ACTIONS, MAX_SHAPED_LEAD_MINUTES, PeakToShape, planShapedSchedule } from './shaped-peak-schedule';
import { validateTrafficProfile } from '../../cost/private/validate-profile';
import type { TrafficProfile } from '../../cost/traffic-profile';
import { isUnresolved, propError, ValidationError } from '../../private/validation';
import type { WordpressCapacity } from '../capacity';
import type { MonthlyPeak, ResolvedMonthlyPeak } from '../monthly-peak';
import type { ScalableWordpressOnFargateProps } from '../scalable-wordpress-on-fargate-props';

/** Lead time of the shaped schedule's raises when `peakLeadTime` is not given, in minutes. */
export const DEFAULT_SHAPED_LEAD_MINUTES = 15;

/** What a traffic profile decides in the site's capacity. */
export interface ProfileCapacity {
  readonly monthlyPeaks: ResolvedMonthlyPeak[];
  readonly peakLeadTimeMinutes: number;
  readonly scheduleTimeZone: string;
  readonly requestsPerTargetPerMinute: number;
  readonly trafficProfile: TrafficProfile;
}

/**
 * Validate `trafficProfile` against the other capacity props and resolve what it decides: the peak windows
 * (the profile's), the time zone (the profile's), the lead time and the requests target of target tracking
 * (one task's rate, unless given). Warns when `monthlyPeaks` disagree with the profile's peaks, when
 * peak minimums are given that the profile replaces, and when the busiest hour needs more than `maxCapacity`.
 */
export function resolveProfileCapacity(scope: IConstruct, props: ScalableWordpressOnFargateProps,
  minCapacity: number, maxCapacity: number): ProfileCapacity {
  const profile = props.trafficProfile!;
  if (isUnresolved(minCapacity)) {
    throw propError(scope, 'minCapacity', minCapacity, 'With trafficProfile, a literal number: the scheduled actions set it at synthesis.');
  }
  try {
    validateTrafficProfile(profile, 'trafficProfile');
  } catch (e) {
    throw new ValidationError(scope, (e as Error).message);
  }
  const timeZone = profile.timeZone ?? 'UTC';
  if (props.scheduleTimeZone !== undefined && props.scheduleTimeZone !== timeZone) {
    throw propError(scope, 'scheduleTimeZone', props.scheduleTimeZone, `trafficProfile.timeZone is ${JSON.stringify(timeZone)}: the schedule `
      + 'follows the profile\'s hours and days, so the two must be the same zone (or leave scheduleTimeZone out).');
  }
  const leadMinutes = props.peakLeadTime ? props.peakLeadTime.toMinutes({ integral: false }) : DEFAULT_SHAPED_LEAD_MINUTES;
  if (leadMinutes > MAX_SHAPED_LEAD_MINUTES) {
    throw propError(scope, 'peakLeadTime', props.peakLeadTime, `With trafficProfile, at most ${MAX_SHAPED_LEAD_MINUTES} minutes: the shaped `
      + 'schedule raises the minimum before each hour whose traffic rises and hands it back to target tracking every hour.');
  }
  (profile.peaks ?? []).forEach((peak, i) => {
    if (peak.dayOfMonth > 28) {
      throw propError(scope, `trafficProfile.peaks[${i}].dayOfMonth`, peak.dayOfMonth,
        'The site schedules peaks on days 1 to 28 (days that exist in every month).');
    }
  });
  const peaks = shapedPeaks(profile);
  // Same rule as monthlyPeaks: peaks must not touch or overlap, lead time included.
  resolveMonthlyPeaks(scope, peaks.map((p) => ({ dayOfMonth: p.dayOfMonth, durationDays: p.durationDays, minCapacity: minCapacity })),
    leadMinutes, minCapacity, maxCapacity, 'trafficProfile.peaks');
  warnMismatchedPeaks(scope, peaks, props.monthlyPeaks ?? []);
  const flatMinimums = [
    ...(props.peakMinCapacity !== undefined ? ['peakMinCapacity'] : []),
    ...(props.monthlyPeaks ?? []).flatMap((p, j) => (p.minCapacity !== undefined ? [`monthlyPeaks[${j}].minCapacity`] : [])),
  ];
  if (flatMinimums.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:profile-replaces-peak-minimum',
      `${flatMinimums.join(', ')} ${flatMinimums.length === 1 ? 'is' : 'are'} not used: with trafficProfile the minimum follows the profile hour `
      + 'by hour. Remove them, or remove trafficProfile for one flat minimum per peak.');
  }
  const rate = profile.requestsPerTaskPerSecond;
  const requestsPerTargetPerMinute = props.requestsPerTargetPerMinute ?? Math.max(1, Math.floor(60 * rate));
  const plan = planShapedSchedule({ profile, peaks, leadMinutes, minCapacity, maxCapacity: literalOrInfinity(maxCapacity) });
  if (!isUnresolved(maxCapacity) && plan.busiestHourTasks > maxCapacity) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:profile-above-max-capacity',
      `trafficProfile's busiest hour needs ${plan.busiestHourTasks} tasks at ${rate} requests/s per task, above maxCapacity (${maxCapacity}): `
      + 'the schedule stops at maxCapacity and the site will be short then. Raise maxCapacity or check the profile.');
  }
  if (plan.actions.length > MAX_SCHEDULED_ACTIONS) {
    throw propError(scope, 'trafficProfile', `${plan.actions.length} scheduled actions`, 'Application Auto Scaling allows at most '
      + `${MAX_SCHEDULED_ACTIONS} per scalable target: use fewer or shorter peaks, or a smoother requestsPerSecondByHour.`);
  }
  return {
    monthlyPeaks: plan.peaks,
    peakLeadTimeMinutes: leadMinutes,
    scheduleTimeZone: timeZone,
    requestsPerTargetPerMinute,
    trafficProfile: profile,
  };
}

/** The scheduled actions of a site: shaped by its traffic profile, or one flat minimum per monthly peak. */
export function planSiteSchedule(capacity: WordpressCapacity): PlannedScheduledAction[] {
  if (!capacity.trafficProfile) {
    return planMonthlyPeaks(capacity.monthlyPeaks, capacity.peakLeadTimeMinutes, capacity.minCapacity);
  }
  return planShapedSchedule({
    profile: capacity.trafficProfile,
    peaks: shapedPeaks(capacity.trafficProfile),
    leadMinutes: capacity.peakLeadTimeMinutes,
    minCapacity: capacity.minCapacity,
    maxCapacity: literalOrInfinity(capacity.maxCapacity),
  }).actions;
}

/** A deploy-time maximum (a token) does not cap the plan. */
function literalOrInfinity(value: number): number {
  return isUnresolved(value) ? Infinity : value;
}

function shapedPeaks(profile: TrafficProfile): PeakToShape[] {
  return (profile.peaks ?? []).map((p) => ({ dayOfMonth: p.dayOfMonth, durationDays: p.durationDays ?? 1, multiplier: p.multiplier }));
}

/** One warning per profile peak and per monthly peak without an equal partner (same day, same duration), naming both. */
function warnMismatchedPeaks(scope: IConstruct, peaks: PeakToShape[], monthlyPeaks: MonthlyPeak[]): void {
  if (monthlyPeaks.length === 0) {
    return;
  }
  const describe = (p: { dayOfMonth: number; durationDays?: number }) => `day ${p.dayOfMonth} for ${p.durationDays ?? 1} day(s)`;
  const same = (a: PeakToShape, b: MonthlyPeak) => a.dayOfMonth === b.dayOfMonth && a.durationDays === (b.durationDays ?? 1);
  const loneProfile = peaks.map((p, i) => ({ p, i })).filter(({ p }) => !monthlyPeaks.some((m) => same(p, m)));
  const loneMonthly = monthlyPeaks.map((m, j) => ({ m, j })).filter(({ m }) => !peaks.some((p) => same(p, m)));
  const messages: string[] = [];
  const pairs = Math.max(loneProfile.length, loneMonthly.length);
  for (let k = 0; k < pairs; k++) {
    const a = loneProfile[k];
    const b = loneMonthly[k];
    if (a && b) {
      messages.push(`trafficProfile.peaks[${a.i}] (${describe(a.p)}) and monthlyPeaks[${b.j}] (${describe(b.m)}) disagree`);
    } else if (a) {
      messages.push(`trafficProfile.peaks[${a.i}] (${describe(a.p)}) has no monthlyPeaks entry`);
    } else {
      messages.push(`monthlyPeaks[${b.j}] (${describe(b.m)}) has no trafficProfile.peaks entry`);
    }
  }
  for (const message of messages) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:profile-peaks-disagree',
      `${message}: the schedule follows trafficProfile.peaks. Make the two lists the same days and durations, or remove monthlyPeaks.`);
  }
}
