/** The ways of running the site's tasks that a simulation compares. */
export enum CapacityStrategy {
  /** 1. As many tasks as the month's busiest hour needs, all month, on regular Fargate. */
  STATIC_FOR_PEAK = 'STATIC_FOR_PEAK',
  /** 2. The service's target tracking policies alone (no scheduled actions), with their lag and cooldowns. */
  TARGET_TRACKING = 'TARGET_TRACKING',
  /** 3. The service's scheduled actions and target tracking (what the site configures), on regular Fargate. */
  SCHEDULED_AND_TARGET_TRACKING = 'SCHEDULED_AND_TARGET_TRACKING',
  /** 4. Strategy 3 with the tasks above the on-demand base split onto Fargate Spot. */
  SCHEDULED_TARGET_TRACKING_AND_SPOT = 'SCHEDULED_TARGET_TRACKING_AND_SPOT',
  /** 5. Exactly the tasks each hour needs, started instantly: the lower bound no real strategy reaches. */
  ORACLE = 'ORACLE',
}

/** What one strategy did over the month. */
export interface StrategyCapacity {
  /** The strategy. */
  readonly strategy: CapacityStrategy;
  /** Short name for tables, e.g. "3 scheduled + tracking". */
  readonly label: string;
  /** Task-hours billed (tasks starting up included). */
  readonly taskHours: number;
  /** Task-hours on regular Fargate. */
  readonly onDemandTaskHours: number;
  /** Task-hours on Fargate Spot. */
  readonly spotTaskHours: number;
  /** Hours with at least one minute when the tasks in service could not carry the demand at target. */
  readonly underProvisionedHours: number;
  /** Minutes when the tasks in service could not carry the demand at target. */
  readonly underProvisionedMinutes: number;
  /** Most tasks at any time. */
  readonly maxTasks: number;
  /** Fewest tasks in service at any time. */
  readonly minTasksInService: number;
  /** Tasks launched during the month (each pulls the image). */
  readonly taskLaunches: number;
}

/** One service's share of a month's bill. */
export interface CostLine {
  /** AWS service, e.g. "Fargate". */
  readonly service: string;
  /** USD in the month. */
  readonly usd: number;
  /** How it was computed (quantities and unit prices). */
  readonly detail: string;
}

/** A strategy's month, priced. */
export interface StrategyCost {
  /** The strategy. */
  readonly strategy: CapacityStrategy;
  /** Short name for tables. */
  readonly label: string;
  /** What the simulation found for it. */
  readonly capacity: StrategyCapacity;
  /** Fargate (compute) USD in the month. */
  readonly computeUsd: number;
  /** Every service, USD in the month. */
  readonly totalUsd: number;
  /** Compute cost divided by static provisioning's compute cost. */
  readonly computeRatioToStatic: number;
  /** Compute cost divided by the oracle's compute cost. */
  readonly computeRatioToOracle: number;
  /** Total cost divided by static provisioning's total. */
  readonly totalRatioToStatic: number;
  /** Total cost divided by the oracle's total. */
  readonly totalRatioToOracle: number;
  /** The bill by service. */
  readonly lines: CostLine[];
  /** Every service, USD in the month, with the edge (CloudFront and AWS WAF) paid as you go whatever `edge.pricing` chose. */
  readonly totalWithPayAsYouGoEdgeUsd: number;
  /** Total cost (with the edge priced as chosen) divided by static provisioning's total with a pay-as-you-go edge. */
  readonly totalRatioToStaticWithPayAsYouGoEdge: number;
}
