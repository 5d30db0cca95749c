/** Where WordPress lives in the official image (its WORKDIR, which its entrypoint installs WordPress into). */
const WORDPRESS_ROOT = '/var/www/html';

/** `cron` with every default applied. */
export interface ResolvedCron {
  readonly intervalMinutes: number;
  readonly timeoutMinutes: number;
  /** Task size of a run (RunTask's task-level override): CPU units and MiB, one of Fargate's sizes. */
  readonly cpu: number;
  readonly memoryLimitMiB: number;
}

/**
 * The command of a scheduled run, in the WordPress container (whose entrypoint, `docker-entrypoint.sh`, stays).
 *
 * The official image's entrypoint installs WordPress into its working directory and writes wp-config.php only when its
 * first argument is `apache2*` or `php-fpm`, then runs its arguments (docker-library/wordpress, docker-entrypoint.sh:
 * `if [[ "${1-}" == apache2* ]] || [ "${1-}" = 'php-fpm' ] ...; exec "$@"`). So the run calls the entrypoint a second
 * time with `apache2 -v` (the set-up, then Apache prints its version and exits 0; Apache handles `-v` before it reads
 * any configuration), and then runs `wp-cron.php` with PHP's command line under `timeout` (exit code 124 when it takes
 * too long). `wp-cron.php` is made to be called directly (its header: "this file can be called directly or via a
 * server cron daemon"); from the command line it takes the cron lock itself ("Called from external script/job").
 */
export function cronCommand(timeoutMinutes: number): string[] {
  return ['sh', '-c',
    `docker-entrypoint.sh apache2 -v >/dev/null && exec timeout ${timeoutMinutes * 60} php ${WORDPRESS_ROOT}/wp-cron.php`];
}

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
 * - `Group` names the runs for the task state change rule of the alarms (the `group` field of the event); `StartedBy`
 *   (`CRON_STARTED_BY`) lets `aws ecs list-tasks --started-by` find them (the integration test does).
 * - `Overrides`: the WordPress container runs wp-cron.php (`ContainerOverrides[].Command`), and the task is smaller than
 *   the site's (`Cpu`, `Memory`: task-level overrides, strings, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html;
 *   the size must be one of Fargate's, validated like the site's own, and the containers of the task definition reserve
 *   no CPU or memory of their own that could exceed it).
 */

/** RunTask's `startedBy` of every cron run (letters, digits, hyphens, slashes and underscores, at most 128). */
export const CRON_STARTED_BY = 'cdk-fargate-wordpress/wp-cron';

/** The RunTask request of a cron run. */
export interface RunTaskInput {
  readonly Cluster: string;
  readonly TaskDefinition: string;
  readonly Count: number;
  readonly LaunchType: string;
  readonly PlatformVersion: string;
  readonly Group: string;
  readonly StartedBy: string;
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
    StartedBy: CRON_STARTED_BY,
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
