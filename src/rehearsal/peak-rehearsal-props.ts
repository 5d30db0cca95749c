import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { TrafficProfile } from '../cost/traffic-profile';
import type { IWordpressSite } from '../wordpress/site-contract';

/** How the rehearsal's requests pass the web ACL's per-IP rate limit: a request header carrying a secret token. */
export interface RehearsalRateLimitExemption {
  /** Name of the request header the web ACL's rate-based rule exempts (its scope-down statement). */
  readonly headerName: string;

  /** The secret holding the token, in the site's region (e.g. a replica of the web ACL's token secret). */
  readonly token: secretsmanager.ISecret;
}

/** What a peak rehearsal does, when and how hard: everything but the site it rehearses. */
export interface PeakRehearsalOptions {
  /**
   * The traffic the site expects: the rehearsal's rate is its busiest hour at the peak, at the origin
   * (`requestsPerSecondByHour` x weekend factor x the largest peak multiplier x (1 - `cacheHitRatio`)), times
   * `rateMultiplier`. Its time zone must be the site's `scheduleTimeZone`.
   *
   * @default - the site's own `trafficProfile` (the profile its schedule follows); one of the two is required
   */
  readonly trafficProfile?: TrafficProfile;

  /**
   * How many days before each of the site's monthly peaks the rehearsal runs (1 to 27).
   *
   * @default 3
   */
  readonly daysBefore?: number;

  /**
   * Hour of the day the rehearsal starts, in the site's `scheduleTimeZone` (0 to 23).
   *
   * @default - the profile's quietest hour (the fewest real viewers see the rehearsal's load)
   */
  readonly hourOfDay?: number;

  /**
   * The rate as a multiple of the profile's peak at the origin (greater than 0), e.g. 1.2 for a margin.
   *
   * @default 1
   */
  readonly rateMultiplier?: number;

  /**
   * Most requests per second the rehearsal sends, whatever the profile says (1 to 5,000).
   *
   * @default 1000
   */
  readonly maxRequestsPerSecond?: number;

  /**
   * How long the load lasts (whole minutes, 1 to 60); the task stops by itself two minutes after it at the latest.
   *
   * @default Duration.minutes(15)
   */
  readonly duration?: Duration;

  /**
   * Path (with query string, if any) the rehearsal requests under the public URL. The site's page cache policy caches
   * nothing WordPress does not mark cacheable, so a page reaches the tasks on every request, as a peak's uncached
   * share does.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * Highest share of failed requests (HTTP 400 and above, timeouts, connection errors) at which the rehearsal still
   * counts as kept up, in percent (0 to 100).
   *
   * @default 1
   */
  readonly maxErrorRatePercent?: number;

  /**
   * Highest 95th percentile latency (as the load generator measures it, through CloudFront) at which the rehearsal still
   * counts as kept up.
   *
   * @default Duration.seconds(3)
   */
  readonly maxP95Latency?: Duration;

  /**
   * The container image that runs the load generator: it must have a POSIX shell, `awk`, `timeout` and either `hey` or
   * Debian's `apt-get` (the runner installs `hey` when it is missing).
   *
   * @default - Debian 12 slim from Amazon ECR Public (`public.ecr.aws/debian/debian:bookworm-slim`), `hey` installed
   * from Debian's archive at start
   */
  readonly image?: ecs.ContainerImage;
}

/** Properties of `PeakRehearsal`. */
export interface PeakRehearsalProps extends PeakRehearsalOptions {
  /** The site rehearsed: its cluster and VPC run the load generator, its peaks and time zone schedule it. */
  readonly site: IWordpressSite;

  /** The URL viewers use (through CloudFront and its web ACL), e.g. `https://www.example.com`. */
  readonly publicUrl: string;

  /**
   * The header and token that exempt the rehearsal from the web ACL's per-IP rate limit (`WordpressWebAcl`'s
   * `rateLimitExemption`).
   *
   * @default - none: the rehearsal's requests count against the rate limit like anyone's (a warning says so)
   */
  readonly rateLimitExemption?: RehearsalRateLimitExemption;

  /**
   * The topic told how each rehearsal ended (kept up, fell short, did not run) and alarmed when it fell short.
   *
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A dashboard the rehearsal's widgets are added to (its metrics and the site's serving tasks).
   *
   * @default - no widgets are added (`widgets()` returns them)
   */
  readonly dashboard?: cloudwatch.Dashboard;
}
