import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { TrafficProfile } from '../../cost/traffic-profile';
import { checkDuration, checkInteger, checkRange, propError, ValidationError } from '../../private/validation';
import { WordpressCapacity } from '../../wordpress/capacity';
import { shiftedMonthDays } from '../../wordpress/private/peak-schedule';
import type { PeakRehearsalProps } from '../peak-rehearsal-props';

/** One recurring run of the rehearsal: a cron in the site's time zone. */
export interface PlannedRehearsal {
  /** Construct id of its schedule (stable: renaming replaces the resource). */
  readonly id: string;
  readonly minute: string;
  readonly hour: string;
  readonly day: string;
  readonly month: string;
}

/** The rehearsal's props with every default applied and checked. */
export interface ResolvedRehearsal {
  readonly daysBefore: number;
  readonly hourOfDay: number;
  readonly timeZone: string;
  /** The profile's busiest hour at the peak, at the origin, times the multiplier, before the cap. */
  readonly profileRequestsPerSecond: number;
  /** What the rehearsal sends (rounded to a tenth), after the cap. */
  readonly requestsPerSecond: number;
  /** Tasks the profile says that rate needs (`requestsPerTaskPerSecond`). */
  readonly requiredTasks: number;
  readonly durationSeconds: number;
  readonly path: string;
  readonly maxErrorRatePercent: number;
  readonly maxP95LatencyMs: number;
  readonly schedules: PlannedRehearsal[];
}

/**
 * The busiest hour of the profile at the origin: the largest hourly rate, on a weekend if weekends are busier, times
 * the largest peak multiplier (1 without peaks), times the share CloudFront does not answer from its cache.
 */
export function peakOriginRequestsPerSecond(profile: TrafficProfile): number {
  const busiestHour = Math.max(...profile.requestsPerSecondByHour);
  const weekend = Math.max(1, profile.weekendFactor ?? 1);
  const peak = Math.max(1, ...(profile.peaks ?? []).map((p) => p.multiplier));
  return busiestHour * weekend * peak * (1 - (profile.cacheHitRatio ?? 0));
}

/** The hour of the day with the fewest requests (the first of equals). */
export function quietestHour(profile: TrafficProfile): number {
  const hours = profile.requestsPerSecondByHour;
  return hours.indexOf(Math.min(...hours));
}

/** The rehearsal's runs: `daysBefore` days before each peak at `hourOfDay`, in the previous month when that is before the 1st. */
export function planRehearsals(capacity: WordpressCapacity, daysBefore: number, hourOfDay: number): PlannedRehearsal[] {
  return capacity.monthlyPeaks.flatMap((peak, i) => {
    const dates = shiftedMonthDays(peak.dayOfMonth, -daysBefore);
    return dates.map((date) => ({
      id: dates.length === 1 ? `Peak${i + 1}Rehearsal` : `Peak${i + 1}RehearsalDay${date.day}`,
      minute: '0',
      hour: `${hourOfDay}`,
      day: date.day,
      month: date.month,
    }));
  });
}

/** Check the props (each error names the prop) and apply the defaults. */
export function resolveRehearsal(scope: IConstruct, props: PeakRehearsalProps): ResolvedRehearsal {
  const capacity = props.site.capacity;
  if (capacity.monthlyPeaks.length === 0) {
    throw propError(scope, 'site', 'a site without monthlyPeaks',
      'The rehearsal runs some days before each of the site\'s monthly peaks: give the site monthlyPeaks (site.monthlyPeaks with WordpressHosting).');
  }
  if (!Token.isUnresolved(props.publicUrl) && !/^https?:\/\/[^/\s]+/.test(props.publicUrl ?? '')) {
    throw propError(scope, 'publicUrl', props.publicUrl, 'Give the URL viewers use, e.g. https://www.example.com.');
  }
  const profile = props.trafficProfile ?? capacity.trafficProfile;
  if (!profile) {
    throw propError(scope, 'trafficProfile', undefined,
      'The rehearsal\'s rate comes from a traffic profile: give trafficProfile, or give the site one (its trafficProfile).');
  }
  const profileZone = profile.timeZone ?? 'UTC';
  if (profileZone !== capacity.scheduleTimeZone) {
    throw propError(scope, 'trafficProfile.timeZone', profileZone,
      `The rehearsal's hours and days are read in the site's scheduleTimeZone (${capacity.scheduleTimeZone}): give a profile in that time zone.`);
  }
  if (!Number.isFinite(profile.requestsPerTaskPerSecond) || profile.requestsPerTaskPerSecond <= 0) {
    throw propError(scope, 'trafficProfile.requestsPerTaskPerSecond', profile.requestsPerTaskPerSecond, 'Allowed: a number greater than 0.');
  }
  const daysBefore = props.daysBefore ?? 3;
  checkInteger(scope, 'daysBefore', daysBefore, 1, 27);
  checkInteger(scope, 'hourOfDay', props.hourOfDay, 0, 23);
  const hourOfDay = props.hourOfDay ?? quietestHour(profile);
  const multiplier = props.rateMultiplier ?? 1;
  checkRange(scope, 'rateMultiplier', multiplier, Number.MIN_VALUE, 100);
  const cap = props.maxRequestsPerSecond ?? 1000;
  checkRange(scope, 'maxRequestsPerSecond', cap, 1, 5000);
  const duration = props.duration ?? Duration.minutes(15);
  checkDuration(scope, 'duration', duration, 'minutes', 1, 60);
  const maxErrorRatePercent = props.maxErrorRatePercent ?? 1;
  checkRange(scope, 'maxErrorRatePercent', maxErrorRatePercent, 0, 100);
  const maxP95 = props.maxP95Latency ?? Duration.seconds(3);
  checkDuration(scope, 'maxP95Latency', maxP95, 'seconds', 1, 60);
  const path = props.path ?? '/';
  if (!path.startsWith('/') || /\s/.test(path)) {
    throw propError(scope, 'path', path, 'Give a path that starts with / and holds no white space, e.g. /?s=peak.');
  }

  const profileRequestsPerSecond = peakOriginRequestsPerSecond(profile) * multiplier;
  if (!(profileRequestsPerSecond > 0)) {
    throw new ValidationError(scope, 'trafficProfile: its busiest hour reaches the origin with no request (all hours zero or cacheHitRatio 1); '
      + 'there is no peak to rehearse.');
  }
  const requestsPerSecond = Math.max(0.1, Math.round(Math.min(profileRequestsPerSecond, cap) * 10) / 10);
  if (profileRequestsPerSecond > cap) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:rehearsalRateCapped',
      `The profile's peak at the origin is ${profileRequestsPerSecond.toFixed(1)} requests/s, above maxRequestsPerSecond (${cap}): `
      + `the rehearsal sends ${cap} requests/s and rehearses less than the peak.`);
  }
  return {
    daysBefore,
    hourOfDay,
    timeZone: capacity.scheduleTimeZone,
    profileRequestsPerSecond,
    requestsPerSecond,
    requiredTasks: Math.ceil(requestsPerSecond / profile.requestsPerTaskPerSecond),
    durationSeconds: duration.toSeconds(),
    path,
    maxErrorRatePercent,
    maxP95LatencyMs: maxP95.toMilliseconds(),
    schedules: planRehearsals(capacity, daysBefore, hourOfDay),
  };
}
