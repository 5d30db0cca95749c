import { Duration } from 'aws-cdk-lib';

/**
 * How WordPress's scheduled events (WP-Cron) run.
 *
 * By default WordPress checks for due events on page loads and, when one is due, calls its own `wp-cron.php` over
 * HTTP from the task serving the page: every task does it, at random, and not at all when nobody visits. With
 * scheduled cron, page loads no longer do it (`DISABLE_WP_CRON`); an EventBridge Scheduler schedule runs one Fargate
 * task from the site's task definition (on demand, never Spot, and smaller than the site's tasks) every `interval`
 * instead, which runs `wp-cron.php` once and stops.
 */
export interface WordpressCronOptions {
  /**
   * Run WP-Cron on a schedule instead of on page loads.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How often the scheduled task runs: whole minutes, at least one.
   *
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;

  /**
   * How long one run may take before it is stopped (and counts as failed): whole minutes, from 1 to 1440.
   *
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;

  /**
   * CPU units of each scheduled run (its task size, with `memoryLimitMiB`): one of Fargate's task sizes.
   *
   * The run is the site's task definition with a smaller task size, since it runs one PHP process rather than the
   * site's web server.
   *
   * @default 512
   */
  readonly cpu?: number;

  /**
   * Memory of each scheduled run, in MiB: with `cpu`, one of Fargate's task sizes.
   *
   * @default 1024
   */
  readonly memoryLimitMiB?: number;
}
