import { checkNumber, checkWholeNumber, valueError } from '../../private/validation';
import { TrafficProfile } from '../traffic-profile';
import { isTimeZone } from './calendar';

/** Throws naming the field unless the profile is valid (peak days are checked against the month by the simulation). */
export function validateTrafficProfile(profile: TrafficProfile, prefix = 'profile'): void {
  const hours = profile.requestsPerSecondByHour;
  if (!Array.isArray(hours) || hours.length !== 24) {
    throw valueError(`${prefix}.requestsPerSecondByHour`, hours, 'Allowed: exactly 24 numbers, one per hour of the day (00:00 to 23:00).');
  }
  hours.forEach((v, h) => checkNumber(`${prefix}.requestsPerSecondByHour[${h}]`, v, 0, Infinity));
  if (hours.every((v) => v === 0)) {
    throw valueError(`${prefix}.requestsPerSecondByHour`, hours, 'At least one hour must have traffic (a number greater than 0).');
  }
  if (profile.timeZone !== undefined && !isTimeZone(profile.timeZone)) {
    throw valueError(`${prefix}.timeZone`, profile.timeZone, 'Allowed: an IANA time zone name such as "Asia/Seoul" or "UTC".');
  }
  checkNumber(`${prefix}.weekendFactor`, profile.weekendFactor, 0, Infinity, true);
  checkNumber(`${prefix}.cacheHitRatio`, profile.cacheHitRatio, 0, 1);
  if (profile.cacheHitRatio === 1) {
    throw valueError(`${prefix}.cacheHitRatio`, 1, 'Allowed: a number from 0 to 1 (1 excluded: some requests always reach the origin).');
  }
  checkNumber(`${prefix}.requestsPerTaskPerSecond`, profile.requestsPerTaskPerSecond, 0, Infinity, true);
  if (profile.requestsPerTaskPerSecond === undefined) {
    throw valueError(`${prefix}.requestsPerTaskPerSecond`, undefined, 'Required: the requests per second one task sustains at the target utilization.');
  }
  checkNumber(`${prefix}.averageResponseKiB`, profile.averageResponseKiB, 0, Infinity, true);
  (profile.peaks ?? []).forEach((peak, i) => {
    checkWholeNumber(`${prefix}.peaks[${i}].dayOfMonth`, peak.dayOfMonth, 1, 31);
    checkWholeNumber(`${prefix}.peaks[${i}].durationDays`, peak.durationDays, 1, 27);
    checkNumber(`${prefix}.peaks[${i}].multiplier`, peak.multiplier, 0, Infinity, true);
    if (peak.multiplier === undefined) {
      throw valueError(`${prefix}.peaks[${i}].multiplier`, undefined, 'Required: traffic during the peak as a multiple of the usual traffic.');
    }
  });
}
