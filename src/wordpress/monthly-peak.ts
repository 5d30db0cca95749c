/**
 * A traffic peak that comes back every month on the same days, e.g. paydays.
 *
 * The peak starts at 00:00 (in the site's `scheduleTimeZone`) on `dayOfMonth` and lasts
 * `durationDays` whole days. The service's minimum task count is raised `peakLeadTime` before
 * the start and lowered again when the peak is over; target tracking keeps working on top.
 */
export interface MonthlyPeak {
  /**
   * Day of the month the peak starts (1 to 28, so that it exists in every month).
   */
  readonly dayOfMonth: number;

  /**
   * How many days the peak lasts (1 to 27). A peak may run past the end of a month.
   *
   * @default 1
   */
  readonly durationDays?: number;

  /**
   * Minimum number of running tasks during this peak.
   *
   * @default - the site's `peakMinCapacity`
   */
  readonly minCapacity?: number;
}

/** A validated peak with every default applied. */
export interface ResolvedMonthlyPeak {
  /** Day of the month the peak starts, 00:00 local time. */
  readonly dayOfMonth: number;
  /** Length of the peak in days. */
  readonly durationDays: number;
  /**
   * Minimum number of tasks during the peak; for a peak shaped by a traffic profile, the most tasks the
   * schedule raises the minimum to (its busiest hour).
   */
  readonly minCapacity: number;
}
