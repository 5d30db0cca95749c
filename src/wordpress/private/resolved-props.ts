import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { resolveMonthlyPeaks } from './peak-schedule';
import { resolveProfileCapacity } from './profile-capacity';
import { resolveContent, ResolvedContent } from './site-content';
import { HEALTH_CHECK_PATH } from './wordpress-config';
import { WordpressCapacity } from '../capacity';
import { ScalableWordpressOnFargateProps } from '../scalable-wordpress-on-fargate-props';
import { WordpressDatabase } from '../wordpress-database';
import { WordpressDeployment } from '../wordpress-deployment';
import { WordpressImage } from '../wordpress-image';

/**
 * The site's props with every default applied, resolved once in the constructor; the helpers read these instead of
 * repeating `props.x ?? default`. Props without a default (bring-your-own resources, domain, extra environment) are
 * read from `props`.
 */
export interface ResolvedSiteProps {
  /** The props as given. */
  readonly props: ScalableWordpressOnFargateProps;
  readonly image: WordpressImage;
  readonly database: WordpressDatabase;
  readonly deployment: WordpressDeployment;
  /** Whether the task definition runs the image of the last release (an SSM parameter) instead of `image`. */
  readonly trackReleasedImage: boolean;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly containerInsights: ecs.ContainerInsights;
  readonly natGateways: number;
  readonly enableExecuteCommand: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly healthCheckGracePeriod: Duration;
  readonly internetFacing: boolean;
  readonly openListener: boolean;
  readonly loadBalancerAccessLogs: boolean;
  readonly healthCheck: elbv2.HealthCheck;
  readonly deregistrationDelay: Duration;
  readonly sslPolicy: elbv2.SslPolicy;
  readonly fileSystemThroughputMode: efs.ThroughputMode;
  readonly fileSystemLifecyclePolicy: efs.LifecyclePolicy;
  /** Of the file system, the keys and salts and the backup vault. */
  readonly removalPolicy: RemovalPolicy;
  /** Of a new access-log bucket. */
  readonly accessLogsRemovalPolicy: RemovalPolicy;
  readonly backup: boolean;
  readonly backupRetention: Duration;
  /** Task size, task counts, target tracking, peaks and Spot. */
  readonly capacity: WordpressCapacity;
  /** Where WordPress's code comes from, and what the file system holds. */
  readonly content: ResolvedContent;
}

/** Apply every default of `ScalableWordpressOnFargateProps` (validated before, by `validateSiteProps`). */
export function resolveSiteProps(scope: IConstruct, props: ScalableWordpressOnFargateProps): ResolvedSiteProps {
  const internetFacing = props.internetFacing ?? true;
  const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
  const image = props.image ?? WordpressImage.official();
  const deployment = props.deployment ?? WordpressDeployment.rolling();
  return {
    props,
    image,
    database: props.database ?? WordpressDatabase.auroraServerlessV2(),
    deployment,
    trackReleasedImage: props.trackReleasedImage ?? deployment.blueGreen,
    cpuArchitecture,
    containerInsights: props.containerInsights ?? ecs.ContainerInsights.ENABLED,
    natGateways: props.natGateways ?? 1,
    enableExecuteCommand: props.enableExecuteCommand ?? false,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    healthCheckGracePeriod: props.healthCheckGracePeriod ?? Duration.minutes(3),
    internetFacing,
    openListener: props.openListener ?? internetFacing,
    loadBalancerAccessLogs: props.loadBalancerAccessLogs ?? true,
    healthCheck: props.healthCheck ?? {
      path: HEALTH_CHECK_PATH, // answered by WORDPRESS_CONFIG_EXTRA before WordPress connects to the database
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(10),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
    deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
    sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
    fileSystemThroughputMode: props.fileSystemThroughputMode ?? efs.ThroughputMode.ELASTIC,
    fileSystemLifecyclePolicy: props.fileSystemLifecyclePolicy ?? efs.LifecyclePolicy.AFTER_30_DAYS,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    accessLogsRemovalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    backup: props.backup ?? true,
    backupRetention: props.backupRetention ?? Duration.days(35),
    capacity: resolveCapacity(scope, props, cpuArchitecture),
    content: resolveContent(scope, props, image, deployment, props.trackReleasedImage ?? deployment.blueGreen),
  };
}

function resolveCapacity(scope: IConstruct, props: ScalableWordpressOnFargateProps, cpuArchitecture: ecs.CpuArchitecture): WordpressCapacity {
  const minCapacity = props.minCapacity ?? 2;
  const maxCapacity = props.maxCapacity ?? 10;
  const peakMinCapacity = props.peakMinCapacity ?? Math.min(maxCapacity, 2 * minCapacity);
  const leadMinutes = props.peakLeadTime ? props.peakLeadTime.toMinutes({ integral: false }) : 60;
  return {
    cpu: props.cpu ?? 2048,
    memoryLimitMiB: props.memoryLimitMiB ?? 8192,
    cpuArchitecture: cpuArchitecture === ecs.CpuArchitecture.ARM64 ? 'ARM64' : 'X86_64',
    minCapacity,
    maxCapacity,
    targetCpuUtilizationPercent: props.targetCpuUtilizationPercent ?? 60,
    requestsPerTargetPerMinute: props.requestsPerTargetPerMinute ?? 1200,
    scaleOutCooldownSeconds: (props.scaleOutCooldown ?? Duration.minutes(1)).toSeconds(),
    scaleInCooldownSeconds: (props.scaleInCooldown ?? Duration.minutes(5)).toSeconds(),
    monthlyPeaks: resolveMonthlyPeaks(scope, props.monthlyPeaks ?? [], leadMinutes, peakMinCapacity, maxCapacity),
    peakLeadTimeMinutes: leadMinutes,
    scheduleTimeZone: props.scheduleTimeZone ?? 'UTC',
    spotOnDemandBaseTasks: props.fargateSpot ? props.fargateSpot.onDemandBaseTasks ?? minCapacity : undefined,
    spotOnDemandWeight: props.fargateSpot ? props.fargateSpot.onDemandWeight ?? 1 : undefined,
    spotWeight: props.fargateSpot ? props.fargateSpot.spotWeight ?? 1 : undefined,
    // A traffic profile shapes the schedule: its peaks, time zone, lead time and the requests target.
    ...(props.trafficProfile ? resolveProfileCapacity(scope, props, minCapacity, maxCapacity) : {}),
  };
}
