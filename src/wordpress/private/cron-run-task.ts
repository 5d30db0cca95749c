import { cronCommand, ResolvedCron } from './site-cron';

/*
 * The ECS RunTask request that the cron schedule's universal target sends
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html: "Input – A well-formed JSON you
 * specify with the request parameters that EventBridge Scheduler sends to the target API"; the parameters are RunTask's,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
 *
 * - Key casing: PascalCase member names, as AWS's own universal-target examples write them (aws-cdk-lib's `Universal`
 *   example: `DbClusterIdentifier` for rds:stopDBCluster, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_scheduler_targets.Universal.html;
 *   the site's database peak schedule uses the same) and as AWS documents for the same `aws-sdk:<service>:<action>`
 *   integrations of Step Functions ("Parameters ... are expressed in PascalCase, even if the native service API is in
 *   camelCase", https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html). ECS's JSON API
 *   spells them camelCase (`cluster`, `taskDefinition`); the universal target takes the SDK member names.
 * - `TaskDefinition` is the family without a revision: "If a revision isn't specified, the latest ACTIVE revision is
 *   used" (API_RunTask.html), so cron runs the last release even when a pipeline registers revisions outside
 *   CloudFormation.
 * - `LaunchType` FARGATE, on demand even when the service uses Fargate Spot: a run must not be interrupted halfway
 *   through WordPress's scheduled events (Fargate Spot tasks are interrupted with a two-minute warning when AWS needs the
 *   capacity back: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html).
 * - The service's subnets and security groups, no public address: the rules that admit the service to the database and
 *   the file system admit the cron task too.
 * - `Group` names the runs for the task state change rule of the alarms (the `group` field of the event).
 * - `Overrides`: the WordPress container runs wp-cron.php (`ContainerOverrides[].Command`), and the task is smaller than
 *   the site's (`Cpu`, `Memory`: task-level overrides, strings, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html;
 *   the size must be one of Fargate's, validated like the site's own, and the containers of the task definition reserve
 *   no CPU or memory of their own that could exceed it).
 */

/** The RunTask request of a cron run. */
export interface RunTaskInput {
  readonly Cluster: string;
  readonly TaskDefinition: string;
  readonly Count: number;
  readonly LaunchType: string;
  readonly PlatformVersion: string;
  readonly Group: string;
  readonly NetworkConfiguration: {
    AwsvpcConfiguration: { Subnets: string[]; SecurityGroups: string[]; AssignPublicIp: string };
  };
  readonly Overrides: {
    ContainerOverrides: Array<{ Name: string; Command: string[] }>;
    Cpu: string;
    Memory: string;
  };
}

/** Where and what a cron run runs. */
export interface RunTaskTarget {
  /** The cluster's ARN. */
  readonly cluster: string;
  /** The task definition family (no revision). */
  readonly family: string;
  readonly group: string;
  readonly containerName: string;
  readonly subnets: string[];
  readonly securityGroups: string[];
}

/** The RunTask request that starts one cron run. */
export function runTaskInput(cron: ResolvedCron, target: RunTaskTarget): RunTaskInput {
  return {
    Cluster: target.cluster,
    TaskDefinition: target.family,
    Count: 1,
    LaunchType: 'FARGATE',
    PlatformVersion: 'LATEST',
    Group: target.group,
    NetworkConfiguration: {
      AwsvpcConfiguration: { Subnets: target.subnets, SecurityGroups: target.securityGroups, AssignPublicIp: 'DISABLED' },
    },
    Overrides: {
      ContainerOverrides: [{ Name: target.containerName, Command: cronCommand(cron.timeoutMinutes) }],
      Cpu: String(cron.cpu),
      Memory: String(cron.memoryLimitMiB),
    },
  };
}
