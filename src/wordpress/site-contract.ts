import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { WordpressCapacity } from './capacity';
import { WordpressDeployment } from './wordpress-deployment';

/*
 * The site contract: the roles a WordPress site plays for the constructs around it. Each family takes the role it needs
 * (the edge an origin, the pipeline a blue/green service, operations a monitored site) and derives the rest from it, so
 * that composing them needs no wiring by hand. `ScalableWordpressOnFargate` implements all of them; a service of your
 * own can implement one from aws-cdk-lib's L2 constructs (the members are L2 types, as jsii keeps an implementation's
 * member types equal to the interface's).
 */

/** What a construct in front of the site (CloudFront) tells it. */
export interface SiteFront {
  /** The URL viewers use; WordPress is pinned to it (WP_HOME, WP_SITEURL). */
  readonly publicUrl: string;

  /**
   * A request header the front sets to the viewer's address, which the site then takes as the client IP from its own
   * load balancer (e.g. `CloudFront-Viewer-Address`).
   *
   * @default - the client IP comes from `X-Forwarded-For`
   */
  readonly clientIpHeader?: string;
}

/** The scheduled WP-Cron of a site: what its alarms watch. */
export interface SiteCron {
  /** The EventBridge Scheduler schedule that starts one cron task per interval. */
  readonly schedule: scheduler.ISchedule;

  /** The schedule's own group (the `ScheduleGroup` dimension of its AWS/Scheduler metrics). */
  readonly scheduleGroup: scheduler.IScheduleGroup;

  /** Where the schedule puts the runs it could not start. */
  readonly deadLetterQueue: sqs.IQueue;

  /** The ECS task group of the cron tasks (the `group` of their task state change events). */
  readonly taskGroup: string;

  /** The cluster the cron tasks run in. */
  readonly cluster: ecs.ICluster;
}

/** A site behind an Application Load Balancer, as a construct in front of it (CloudFront) reaches it. */
export interface ILoadBalancedOrigin {
  /** The load balancer in front of the site's tasks. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  /** The listener that serves the site. */
  readonly listener: elbv2.ApplicationListener;

  /** Port of `listener`. */
  readonly listenerPort: number;

  /** Protocol of `listener` (HTTPS when the site has a certificate). */
  readonly listenerProtocol: elbv2.ApplicationProtocol;

  /**
   * The listener rule that forwards to the site: conditions added to it (e.g. a secret origin header) decide who
   * reaches WordPress; the listener's default action answers everything else.
   */
  readonly listenerRule: elbv2.ApplicationListenerRule;

  /** Called by the construct in front of the site, once: what viewers use and how the viewer's address arrives. */
  useFront(front: SiteFront): void;
}

/** A load-balanced ECS service that blue/green deployments release onto. */
export interface IBlueGreenService extends ILoadBalancedOrigin {
  /** The ECS service. */
  readonly service: ecs.FargateService;

  /** The container that serves the site (its name and port go into a release's task definition and AppSpec). */
  readonly container: ecs.ContainerDefinition;

  /** Port of `container` behind the target groups. */
  readonly containerPort: number;

  /** How new revisions replace running tasks: the one blue/green decision, which the pipeline follows. */
  readonly deployment: WordpressDeployment;

  /** The target group the first tasks start in. */
  readonly targetGroup: elbv2.ApplicationTargetGroup;

  /** The second target group of a blue/green service. */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;

  /** The test listener of a blue/green service, if any. */
  readonly testListener?: elbv2.ApplicationListener;

  /** The rule of the test listener that forwards to the target groups, if there is a test listener. */
  readonly testListenerRule?: elbv2.ApplicationListenerRule;

  /**
   * The SSM parameter the service's task definition takes its image from (a CloudFormation dynamic reference), if any: a
   * release pipeline writes each image it deployed into it, by digest, so that a later stack update keeps the release.
   *
   * @default - the task definition names its image itself; a stack update that changes it deploys that image
   */
  readonly releasedImageParameter?: ssm.IStringParameter;
}

/** A WordPress site: everything the edge, the pipeline and operations need to plug into it. */
export interface IWordpressSite extends IBlueGreenService, ec2.IConnectable, iam.IGrantable {
  /** The file system holding the site's shared files. */
  readonly fileSystem: efs.FileSystem;

  /** Throughput mode of `fileSystem` (what its alarms watch depends on it). */
  readonly fileSystemThroughputMode: efs.ThroughputMode;

  /** The Aurora cluster, when the database is Aurora. */
  readonly databaseCluster?: rds.DatabaseCluster;

  /** The RDS instance, when the database is a MySQL instance. */
  readonly databaseInstance?: rds.DatabaseInstance;

  /** The AWS Backup vault, if the site is backed up. */
  readonly backupVault?: backup.BackupVault;

  /** Capacity settings with every default applied (the dashboard draws them; the cost estimate reads them). */
  readonly capacity: WordpressCapacity;

  /**
   * The schedules that raise the Aurora cluster's minimum capacity before each monthly peak, when there are any
   * (operations alarm on their failures).
   *
   * @default - none
   */
  readonly databasePeakSchedule?: DatabasePeakSchedule;

  /**
   * The scheduled WP-Cron, when cron runs on a schedule rather than on page loads.
   *
   * @default - none: WordPress runs its scheduled events on page loads
   */
  readonly scheduledCron?: SiteCron;
}

/** The EventBridge Scheduler schedules that raise a database's minimum capacity before peaks and restore it after. */
export interface DatabasePeakSchedule {
  /** The schedule group holding the raise and restore schedules (its AWS/Scheduler metrics are the schedules'). */
  readonly scheduleGroup: scheduler.IScheduleGroup;

  /** Where a call that still fails after its retries goes. */
  readonly deadLetterQueue: sqs.IQueue;

  /** The role the schedules run as: it may modify the site's cluster and send to the dead-letter queue. */
  readonly role: iam.IRole;

  /** The minimum capacity through each peak, in Aurora capacity units. */
  readonly peakMinCapacity: number;
}
