import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { ENV_DISABLE_WP_CRON } from './wordpress-config';
import { acknowledge } from '../../private/acknowledge';
import { checkDuration } from '../../private/validation';
import { SiteCron } from '../site-contract';
import { WordpressCronOptions } from '../wordpress-cron';

/** Where WordPress lives in the official image (its WORKDIR, which its entrypoint installs WordPress into). */
const WORDPRESS_ROOT = '/var/www/html';

/** `cron` with every default applied. */
export interface ResolvedCron {
  readonly intervalMinutes: number;
  readonly timeoutMinutes: number;
}

/** Check `cron` (every message names the prop) and apply its defaults; undefined when scheduled cron is off. */
export function resolveCron(scope: IConstruct, cron: WordpressCronOptions = {}): ResolvedCron | undefined {
  checkDuration(scope, 'cron.interval', cron.interval, 'minutes', 1, 24 * 60);
  checkDuration(scope, 'cron.timeout', cron.timeout, 'minutes', 1, 24 * 60);
  if (cron.enabled === false) {
    return undefined;
  }
  return {
    intervalMinutes: (cron.interval ?? Duration.minutes(5)).toMinutes(),
    timeoutMinutes: (cron.timeout ?? Duration.minutes(15)).toMinutes(),
  };
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

/** What the scheduled task runs from and where. */
export interface SiteCronOptions {
  readonly cluster: ecs.ICluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  /** The service whose security groups the task takes (they reach the database and the file system). */
  readonly service: ecs.FargateService;
  /** The service's subnets. */
  readonly subnets: ec2.SubnetSelection;
}

/**
 * Scheduled WP-Cron: `DISABLE_WP_CRON` in the container, and an EventBridge Scheduler schedule (`CronSchedule`, in its
 * own group `CronScheduleGroup` so that its metrics are the site's) that runs one Fargate task of the site's task
 * definition every interval, with the role `CronRole`, a retry policy and the dead-letter queue `CronDeadLetterQueue`.
 */
export function createSiteCron(scope: Construct, cron: ResolvedCron, options: SiteCronOptions): SiteCron {
  const { cluster, taskDefinition, container } = options;
  const stack = Stack.of(scope);
  container.addEnvironment(ENV_DISABLE_WP_CRON, '1');

  // The family's ARN without a revision: ECS RunTask runs the latest ACTIVE revision of the family ("If a revision isn't
  // specified, the latest ACTIVE revision is used": https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html),
  // so cron runs the last release even when a pipeline registers revisions outside CloudFormation.
  const familyArn = stack.formatArn({
    service: 'ecs', resource: 'task-definition', resourceName: taskDefinition.family, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const taskGroup = `cron:${taskDefinition.family}`;

  const deadLetterQueue = new sqs.Queue(scope, 'CronDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.DESTROY, // holds copies of the schedule's own input, nothing of the site's
  });
  acknowledge(deadLetterQueue, 'AwsSolutions-SQS3',
    'This queue is the dead-letter queue of the cron schedule: nothing consumes it, an alarm watches its messages.');

  const scheduleGroup = new scheduler.ScheduleGroup(scope, 'CronScheduleGroup', { removalPolicy: RemovalPolicy.DESTROY });
  // Execution role of the schedule (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role),
  // allowed exactly what the templated ECS RunTask target calls (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html).
  // Assumed by EventBridge Scheduler for this account's schedule group only, as aws-cdk-lib's own schedule targets trust it
  // (aws-scheduler-targets/lib/target.ts: aws:SourceAccount and aws:SourceArn of the schedule group).
  const role = new iam.Role(scope, 'CronRole', {
    description: 'EventBridge Scheduler runs the WordPress cron task',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': scheduleGroup.scheduleGroupArn } },
    }),
  });
  // ecs:RunTask takes a task-definition resource and the ecs:cluster condition key
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html); the ARN
  // the request names (the family without a revision) and any revision of the family, on the site's cluster only, as AWS's
  // own example grants it ("Run Tasks": any revision of a specific task definition on a specific cluster).
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['ecs:RunTask'],
    resources: [familyArn, `${familyArn}:*`],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  }));
  // RunTask hands the task its roles: iam:PassRole on those two only, and only to ECS tasks ("you must add iam:PassRole
  // permissions for each task execution role, task role": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html;
  // iam:PassedToService: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [taskDefinition.taskRole.roleArn, taskDefinition.obtainExecutionRole().roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  }));
  // The dead-letter queue receives through the execution role
  // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html).
  role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }));
  acknowledge(role.node.findChild('DefaultPolicy'), `AwsSolutions-IAM5[Resource::${nagArn(stack, taskDefinition.family)}:*]`,
    'The pipeline registers new revisions of the site\'s task definition family outside CloudFormation; cron runs the latest '
      + 'revision of that one family, on the site\'s cluster only.');

  const subnets = cluster.vpc.selectSubnets(options.subnets).subnetIds;
  const schedule = new scheduler.Schedule(scope, 'CronSchedule', {
    description: `Runs WordPress's wp-cron.php every ${cron.intervalMinutes} minute(s)`,
    schedule: scheduler.ScheduleExpression.rate(Duration.minutes(cron.intervalMinutes)),
    scheduleGroup,
    target: new CronTaskTarget({
      arn: cluster.clusterArn,
      role,
      // RunTask's overrides: the WordPress container runs wp-cron.php instead of Apache.
      input: scheduler.ScheduleTargetInput.fromObject({
        containerOverrides: [{ name: container.containerName, command: cronCommand(cron.timeoutMinutes) }],
      }),
      // A run that cannot start within one interval is stale: the next one is due.
      retryPolicy: { maximumEventAgeInSeconds: Math.min(Math.max(60, cron.intervalMinutes * 60), 86400), maximumRetryAttempts: 3 },
      deadLetterConfig: { arn: deadLetterQueue.queueArn },
      ecsParameters: {
        taskDefinitionArn: familyArn,
        taskCount: 1,
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        group: taskGroup,
        // The service's subnets and security groups: the rules that admit the service to the database and the file system
        // admit the cron task too.
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets,
            securityGroups: options.service.connections.securityGroups.map((sg) => sg.securityGroupId),
            assignPublicIp: 'DISABLED',
          },
        },
      },
    }),
  });
  return { schedule, scheduleGroup, deadLetterQueue, taskGroup, cluster };
}

/** The family's ARN as cdk-nag writes it into a finding. */
function nagArn(stack: Stack, family: string): string {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `arn:<AWS::Partition>:ecs:${region}:${account}:task-definition/${family}`;
}

/** A schedule target given as its configuration (the ECS target of aws-cdk-lib names a task definition revision). */
class CronTaskTarget implements scheduler.IScheduleTarget {
  constructor(private readonly config: scheduler.ScheduleTargetConfig) {}

  public bind(): scheduler.ScheduleTargetConfig {
    return this.config;
  }
}
