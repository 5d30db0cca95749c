/** The metric a target tracking policy follows. */
export enum ScalingMetric {
  /** Average CPU utilization of the service's tasks, in percent (`ECSServiceAverageCPUUtilization`). */
  CPU_UTILIZATION = 'CPU_UTILIZATION',
  /** Load balancer requests per target per minute (`ALBRequestCountPerTarget`). */
  REQUESTS_PER_TARGET = 'REQUESTS_PER_TARGET',
}

/** One target tracking policy of the service. */
export interface TargetTrackingSettings {
  /** What the policy tracks. */
  readonly metric: ScalingMetric;

  /** Target value: percent for CPU, requests per task per minute for requests (greater than 0). */
  readonly targetValue: number;

  /**
   * Time after a scale-out before another scale-out may start, in seconds.
   *
   * @default 300 (Application Auto Scaling's default for ECS)
   */
  readonly scaleOutCooldownSeconds?: number;

  /**
   * Time after a scale-in before another scale-in may start, in seconds.
   *
   * @default 300 (Application Auto Scaling's default for ECS)
   */
  readonly scaleInCooldownSeconds?: number;

  /**
   * The policy only scales out.
   *
   * @default false
   */
  readonly disableScaleIn?: boolean;
}

/** A scheduled scaling action: at each time its schedule fires, the task count bounds change. */
export interface ScheduledCapacity {
  /** Schedule expression: `cron(m h dom mon dow year)` or `at(yyyy-mm-ddThh:mm:ss)`. */
  readonly schedule: string;

  /**
   * IANA time zone the schedule is read in.
   *
   * @default 'UTC'
   */
  readonly timeZone?: string;

  /**
   * New minimum task count.
   *
   * @default - unchanged
   */
  readonly minCapacity?: number;

  /**
   * New maximum task count.
   *
   * @default - unchanged
   */
  readonly maxCapacity?: number;

  /**
   * Name of the action (for messages).
   *
   * @default - the schedule expression
   */
  readonly name?: string;
}

/**
 * How a Fargate service's task count is sized and scaled: the input of a capacity simulation.
 * `readSiteTemplate()` takes it from a synthesized template; tests and the benchmark write it by hand.
 */
export interface FargateServiceScaling {
  /** CPU units of one task (1024 = 1 vCPU). */
  readonly cpu: number;

  /** Memory of one task in MiB. */
  readonly memoryMiB: number;

  /**
   * CPU architecture, `X86_64` or `ARM64`.
   *
   * @default 'X86_64'
   */
  readonly cpuArchitecture?: string;

  /** Fewest tasks (at least 1). */
  readonly minCapacity: number;

  /** Most tasks. */
  readonly maxCapacity: number;

  /**
   * Target tracking policies. The service scales out when any policy asks for it and scales in only
   * when every policy that may scale in agrees.
   *
   * @default - none: the task count moves only with the scheduled actions
   */
  readonly targetTracking?: TargetTrackingSettings[];

  /**
   * Scheduled scaling actions (e.g. the raised minimum for monthly peaks).
   *
   * @default - none
   */
  readonly scheduledActions?: ScheduledCapacity[];

  /**
   * Tasks on regular Fargate before any task goes to Fargate Spot.
   *
   * @default - no Fargate Spot (then `spotWeight` must be unset too)
   */
  readonly spotOnDemandBaseTasks?: number;

  /**
   * Relative share of regular Fargate above the base.
   *
   * @default 1 when Spot is used
   */
  readonly spotOnDemandWeight?: number;

  /**
   * Relative share of Fargate Spot above the base; setting it turns Spot on.
   *
   * @default - no Fargate Spot
   */
  readonly spotWeight?: number;
}
