import { checkNumber, checkWholeNumber } from '../private/validation';

/** A traffic peak that comes back every month on the same days (e.g. paydays). */
export interface TrafficPeak {
  /**
   * Day of the month the peak starts, at 00:00 in the profile's time zone (1 to 31; the day must
   * exist in the simulated month).
   */
  readonly dayOfMonth: number;

  /**
   * How many days the peak lasts (1 to 27). A peak may run past the end of the month.
   *
   * @default 1
   */
  readonly durationDays?: number;

  /** Traffic during the peak as a multiple of the usual traffic at that hour (greater than 0). */
  readonly multiplier: number;
}

/**
 * The traffic a site receives: a daily shape, a weekend factor, monthly peaks, and what the CDN and
 * one task can absorb.
 */
export interface TrafficProfile {
  /**
   * Requests per second arriving at the edge (CloudFront) for each hour of the day, 00:00 to 23:00
   * local time, on a weekday outside peaks: exactly 24 numbers, none negative, not all zero.
   * `TrafficProfiles.dailyCosine()` builds the usual one-crest day.
   */
  readonly requestsPerSecondByHour: number[];

  /**
   * IANA time zone of the hours, weekdays and peak days, e.g. `Asia/Seoul`.
   *
   * @default 'UTC'
   */
  readonly timeZone?: string;

  /**
   * Traffic on Saturdays and Sundays as a multiple of a weekday's (greater than 0).
   *
   * @default 1
   */
  readonly weekendFactor?: number;

  /**
   * Monthly peaks. Where two overlap, the larger multiplier applies.
   *
   * @default - no peaks
   */
  readonly peaks?: TrafficPeak[];

  /**
   * Share of the edge requests CloudFront answers from its cache (0 inclusive to 1 exclusive); the
   * rest reaches the WordPress tasks.
   *
   * @default 0
   */
  readonly cacheHitRatio?: number;

  /**
   * Requests per second one task sustains at the target CPU utilization, from a load test of the
   * site's task size (greater than 0).
   */
  readonly requestsPerTaskPerSecond: number;

  /**
   * Average size of a response to a viewer, in KiB (greater than 0): drives CloudFront data out and
   * load balancer processed bytes.
   *
   * @default 32
   */
  readonly averageResponseKiB?: number;
}

/** Ready-made traffic profiles and daily shapes. */
export class TrafficProfiles {
  /**
   * A day with one crest: hour h (0 to 23) gets `mean * (1 + amplitude * cos(2 pi (h - crestHour) / 24))`
   * requests per second. The 24 values average exactly `mean`.
   *
   * @param meanRequestsPerSecond daily mean at the edge (greater than 0)
   * @param amplitude relative swing, 0 (flat) to 1 (the trough reaches zero)
   * @param crestHour hour of the busiest hour, 0 to 23
   */
  public static dailyCosine(meanRequestsPerSecond: number, amplitude: number, crestHour: number): number[] {
    checkNumber('meanRequestsPerSecond', meanRequestsPerSecond, 0, Infinity, true);
    checkNumber('amplitude', amplitude, 0, 1);
    checkWholeNumber('crestHour', crestHour, 0, 23);
    return Array.from({ length: 24 }, (_, h) => meanRequestsPerSecond * (1 + amplitude * Math.cos((2 * Math.PI * (h - crestHour)) / 24)));
  }

  /**
   * A site with an evening crest and two monthly peaks, on the 5th and the 25th: the command line's
   * default profile and the benchmark's.
   *
   * Asia/Seoul; a daily mean of 100 requests/s at the edge shaped
   * `dailyCosine(100, 0.7, 21)` (0.3x at 09:00, 1.7x at 21:00); weekends 0.8x; peaks from 00:00 on
   * the 5th and the 25th for 48 hours at 5x; CloudFront cache hit ratio 0.8; one 2 vCPU / 8 GiB task
   * sustains 25 requests/s at the target utilization. It is fixed, so that estimates made with it
   * compare configurations, not profiles.
   */
  public static twoMonthlyPeaks(): TrafficProfile {
    return {
      timeZone: 'Asia/Seoul',
      requestsPerSecondByHour: TrafficProfiles.dailyCosine(100, 0.7, 21),
      weekendFactor: 0.8,
      peaks: [
        { dayOfMonth: 5, durationDays: 2, multiplier: 5 },
        { dayOfMonth: 25, durationDays: 2, multiplier: 5 },
      ],
      cacheHitRatio: 0.8,
      requestsPerTaskPerSecond: 25,
    };
  }

  private constructor() {}
}
