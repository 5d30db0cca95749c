/** What a peak rehearsal adds to a month's bill (`PeakRehearsal.costOptions` gives it for a rehearsal). */
export interface RehearsalCostOptions {
  /** Rehearsals in the month (one before each monthly peak). */
  readonly runsPerMonth: number;

  /** Requests per second a rehearsal sends. */
  readonly requestsPerSecond: number;

  /** Minutes of load a rehearsal lasts. */
  readonly durationMinutes: number;

  /**
   * CPU units of the load generator's task.
   *
   * @default 1024
   */
  readonly taskCpu?: number;

  /**
   * Memory of the load generator's task, in MiB.
   *
   * @default 2048
   */
  readonly taskMemoryMiB?: number;
}
