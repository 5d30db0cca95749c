import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { ResolvedCron, runTaskInput } from './cron-run-task';
import { validateFargateSize } from './fargate-sizes';
import { ENV_DISABLE_WP_CRON } from './wordpress-config';
import { acknowledge } from '../../private/acknowledge';
import { checkDuration } from '../../private/validation';
import { SiteCron } from '../site-contract';
import { WordpressCronOptions } from '../wordpress-cron';

/** Default task size of a cron run: `wp-cron.php` is one PHP process, not the site's Apache workers. */
export const DEFAULT_CRON_CPU = 512;
export const DEFAULT_CRON_MEMORY_MIB = 1024;

/** Check `cron` (every message names the prop) and apply its defaults; undefined when scheduled cron is off. */
export function resolveCron(scope: IConstruct, cron: WordpressCronOptions = {}): ResolvedCron | undefined {
  checkDuration(scope, 'cron.interval', cron.interval, 'minutes', 1, 24 * 60);
  checkDuration(scope, 'cron.timeout', cron.timeout, 'minutes', 1, 24 * 60);
  const cpu = cron.cpu ?? DEFAULT_CRON_CPU;
  const memoryLimitMiB = cron.memoryLimitMiB ?? DEFAULT_CRON_MEMORY_MIB;
  validateFargateSize(scope, cpu, memoryLimitMiB, 'cron.');
  if (cron.enabled === false) {
    return undefined;
  }
  return {
    intervalMinutes: (cron.interval ?? Duration.minutes(5)).toMinutes(),
    timeoutMinutes: (cron.timeout ?? Duration.minutes(15)).toMinutes(),
    cpu,
    memoryLimitMiB,
  };
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
 * own group `CronScheduleGroup` so that its metrics are the site's) that calls ECS RunTask every interval as a universal
 * target (`arn:aws:scheduler:::aws-sdk:ecs:runTask`, the whole request in the input: see cron-run-task.ts), with the
 * role `CronRole`, a retry policy and the dead-letter queue `CronDeadLetterQueue`.
 */
export function createSiteCron(scope: Construct, cron: ResolvedCron, options: SiteCronOptions): SiteCron {
  const { cluster, taskDefinition, container } = options;
  const stack = Stack.of(scope);
  container.addEnvironment(ENV_DISABLE_WP_CRON, '1');

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
  // allowed exactly the ECS RunTask call of its universal target ("The execution role you specify must have the
  // permissions to call the API operation": https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html).
  // Assumed by EventBridge Scheduler for this account's schedule group only, as aws-cdk-lib's own schedule targets trust it
  // (aws-scheduler-targets/lib/target.ts: aws:SourceAccount and aws:SourceArn of the schedule group).
  const role = new iam.Role(scope, 'CronRole', {
    description: 'EventBridge Scheduler runs the WordPress cron task',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': scheduleGroup.scheduleGroupArn } },
    }),
  });
  // ecs:RunTask takes a task-definition resource and the ecs:cluster condition key
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html). The
  // request names the family without a revision, and RunTask's reference says the policy must then name "all revisions
  // in the ARN" (`family:*`, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html, taskDefinition);
  // the bare family ARN stays for the request's own value. On the site's cluster only.
  const runTask = new iam.PolicyStatement({
    actions: ['ecs:RunTask'],
    resources: [familyArn, `${familyArn}:*`],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  });
  // RunTask hands the task its roles: iam:PassRole on those two only, and only to ECS tasks ("you must add iam:PassRole
  // permissions for each task execution role, task role": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html;
  // iam:PassedToService: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html).
  const passRoles = new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [taskDefinition.taskRole.roleArn, taskDefinition.obtainExecutionRole().roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  });

  const input = runTaskInput(cron, {
    cluster: cluster.clusterArn,
    family: taskDefinition.family,
    group: taskGroup,
    containerName: container.containerName,
    subnets: cluster.vpc.selectSubnets(options.subnets).subnetIds,
    securityGroups: options.service.connections.securityGroups.map((sg) => sg.securityGroupId),
  });
  const schedule = new scheduler.Schedule(scope, 'CronSchedule', {
    description: `Runs WordPress's wp-cron.php every ${cron.intervalMinutes} minute(s)`,
    schedule: scheduler.ScheduleExpression.rate(Duration.minutes(cron.intervalMinutes)),
    scheduleGroup,
    target: new targets.Universal({
      service: 'ecs',
      action: 'runTask',
      input: scheduler.ScheduleTargetInput.fromObject(input),
      role,
      policyStatements: [runTask, passRoles],
      // The dead-letter queue receives through the execution role (sqs:SendMessage on the queue, added by the target:
      // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html).
      deadLetterQueue,
      // A run that cannot start within one interval is stale: the next one is due.
      maxEventAge: Duration.seconds(Math.min(Math.max(60, cron.intervalMinutes * 60), 86400)),
      retryAttempts: 3,
    }),
  });
  acknowledge(role.node.findChild('DefaultPolicy'), `AwsSolutions-IAM5[Resource::${nagArn(stack, taskDefinition.family)}:*]`,
    'The pipeline registers new revisions of the site\'s task definition family outside CloudFormation; cron runs the latest '
      + 'revision of that one family, on the site\'s cluster only.');
  return { schedule, scheduleGroup, deadLetterQueue, taskGroup, cluster };
}

/** The family's ARN as cdk-nag writes it into a finding. */
function nagArn(stack: Stack, family: string): string {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `arn:<AWS::Partition>:ecs:${region}:${account}:task-definition/${family}`;
}
