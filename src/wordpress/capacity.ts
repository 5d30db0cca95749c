import { ResolvedMonthlyPeak } from './monthly-peak';
import { TrafficProfile } from '../cost/traffic-profile';

/** Capacity settings of a site with every default applied (what the cost estimator reads). */
export interface WordpressCapacity {
  /** CPU units of one task. */
  readonly cpu: number;
  /** Memory of one task in MiB. */
  readonly memoryLimitMiB: number;
  /** CPU architecture of the tasks (`X86_64` or `ARM64`). */
  readonly cpuArchitecture: string;
  /** Fewest tasks. */
  readonly minCapacity: number;
  /** Most tasks. */
  readonly maxCapacity: number;
  /** Target CPU utilization of target tracking, in percent. */
  readonly targetCpuUtilizationPercent: number;
  /** Target requests per task per minute of target tracking. */
  readonly requestsPerTargetPerMinute: number;
  /** Scale-out cooldown in seconds. */
  readonly scaleOutCooldownSeconds: number;
  /** Scale-in cooldown in seconds. */
  readonly scaleInCooldownSeconds: number;
  /** The monthly peaks, resolved (with a traffic profile: its peaks, each with the most tasks its busiest hour is raised to). */
  readonly monthlyPeaks: ResolvedMonthlyPeak[];
  /** Lead time before each peak in minutes. */
  readonly peakLeadTimeMinutes: number;
  /** Time zone of the peaks. */
  readonly scheduleTimeZone: string;
  /** On-demand tasks before Spot is used; undefined without Fargate Spot. */
  readonly spotOnDemandBaseTasks?: number;
  /** On-demand weight above the base; undefined without Fargate Spot. */
  readonly spotOnDemandWeight?: number;
  /** Spot weight above the base; undefined without Fargate Spot. */
  readonly spotWeight?: number;
  /**
   * The traffic profile the scheduled minimums follow hour by hour.
   *
   * @default - no profile: one flat minimum per monthly peak
   */
  readonly trafficProfile?: TrafficProfile;
}
