import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MonthlyPeak } from './monthly-peak';
import { WordpressContent } from './wordpress-content';
import { WordpressCronOptions } from './wordpress-cron';
import { WordpressDatabase } from './wordpress-database';
import { WordpressDeployment } from './wordpress-deployment';
import { WordpressImage } from './wordpress-image';
import { TrafficProfile } from '../cost/traffic-profile';

/** Options for running the tasks above an on-demand base partly on Fargate Spot. */
export interface FargateSpotOptions {
  /**
   * Tasks that always run on regular (on-demand) Fargate before any task goes to Spot.
   *
   * @default - the site's `minCapacity`: the floor never depends on Spot capacity
   */
  readonly onDemandBaseTasks?: number;

  /**
   * Relative share of the tasks above the base that run on regular Fargate.
   *
   * @default 1
   */
  readonly onDemandWeight?: number;

  /**
   * Relative share of the tasks above the base that run on Fargate Spot (up to 70% cheaper, may be
   * interrupted with a two-minute warning).
   *
   * @default 1 - half of the tasks above the base
   */
  readonly spotWeight?: number;
}

/** Options for how the number of WordPress tasks follows load and the calendar. */
export interface WordpressScalingOptions {
  /**
   * Fewest tasks running at any time. Two keep the site up when one task or one zone fails.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * Most tasks running at any time: the ceiling on cost.
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Target tracking: keep average CPU utilization at this percentage (10 to 90).
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Target tracking: keep the ALB requests per task per minute at this number. Tune it after a load
   * test: it is the requests one task serves comfortably in a minute.
   *
   * @default 1200 (20 requests per second per task); with `trafficProfile`, 60 x its `requestsPerTaskPerSecond`
   */
  readonly requestsPerTargetPerMinute?: number;

  /**
   * Time after a scale-out before another scale-out may start.
   *
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Time after a scale-in before another scale-in may start.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * Traffic peaks that come back every month on the same days (e.g. the 5th and the 25th). The
   * minimum task count is raised before each and lowered after it.
   *
   * @default - no scheduled peaks
   */
  readonly monthlyPeaks?: MonthlyPeak[];

  /**
   * Minimum number of tasks during a monthly peak, for peaks that do not set their own.
   *
   * @default - twice `minCapacity`, at most `maxCapacity`
   */
  readonly peakMinCapacity?: number;

  /**
   * How long before a peak starts the capacity is raised (0 to 24 hours): new tasks need a few
   * minutes to start and target tracking reacts only after the load arrives.
   *
   * @default Duration.hours(1); with `trafficProfile`, Duration.minutes(15) before each raise (at most 50 minutes)
   */
  readonly peakLeadTime?: Duration;

  /**
   * IANA time zone in which the monthly peaks' days and hours are read, e.g. `Asia/Seoul`. With
   * `trafficProfile`, it must be the profile's time zone.
   *
   * @default - `trafficProfile`'s time zone, else 'UTC'
   */
  readonly scheduleTimeZone?: string;

  /**
   * Run part of the tasks above a base on Fargate Spot.
   *
   * @default - all tasks on regular Fargate
   */
  readonly fargateSpot?: FargateSpotOptions;
}

/**
 * Everything about a site but where its traffic comes from: what `WordpressHosting` passes through as `site`, because
 * the drop-in decides the rest itself (an internal load balancer behind CloudFront, its domain and public URL).
 */
export interface WordpressSiteOptions extends WordpressScalingOptions {
  // ---------------------------------------------------------------- network
  /**
   * The VPC to run in. Tasks go to its private subnets with egress, the database to its isolated
   * subnets when it has any (else the private ones).
   *
   * @default - a new VPC over two availability zones: public, private (tasks) and isolated (database,
   * file system) subnets, one NAT gateway, flow logs of rejected traffic
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The ECS cluster to run in (its VPC is used). Cannot be combined with `vpc`. With `fargateSpot`, the
   * cluster needs the FARGATE and FARGATE_SPOT capacity providers: the service waits for their
   * associations when the cluster is an `ecs.Cluster` defined in this app; an imported cluster must have
   * them associated before the site deploys.
   *
   * @default - a new cluster with Container Insights and the Fargate capacity providers
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Availability zones of the new VPC. Note that `ec2.Vpc` checks them against the region's zones,
   * which a stack with an explicit region looks up (with AWS credentials, at `cdk synth`) unless its
   * context holds `availability-zones:account=<account>:region=<region>`: set that context on the
   * stack before adding the site for a synthesis without credentials (`WordpressHosting` does this).
   *
   * @default - the first two zones of the stack's region (a lookup for region-specific stacks)
   */
  readonly availabilityZones?: string[];

  /**
   * NAT gateways of the new VPC. One is the cheapest setup that keeps tasks able to pull images and
   * reach wordpress.org; tasks in the other zone lose egress while that one zone is down. Use
   * `natGatewayProvider` for a NAT instance instead.
   *
   * @default 1
   */
  readonly natGateways?: number;

  /**
   * How the new VPC does NAT, e.g. `ec2.NatProvider.instanceV2({...})` for a t4g.nano NAT instance
   * (cheaper than a NAT gateway, but you patch it).
   *
   * @default ec2.NatProvider.gateway()
   */
  readonly natGatewayProvider?: ec2.NatProvider;

  // ---------------------------------------------------------------- compute
  /**
   * The WordPress container image. With `trackReleasedImage`, the bootstrap image, run until the first release; changing it
   * later is intent: CloudFormation writes it over the recorded release, and the site runs it until the next release.
   *
   * @default WordpressImage.official()
   */
  readonly image?: WordpressImage;

  /**
   * CPU units of one task (Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, 16384).
   *
   * @default 2048 (2 vCPU)
   */
  readonly cpu?: number;

  /**
   * Memory of one task in MiB; must be a size Fargate allows for `cpu`.
   *
   * @default 8192 (8 GiB)
   */
  readonly memoryLimitMiB?: number;

  /**
   * CPU architecture. ARM64 (Graviton) is about 20% cheaper per vCPU; the official image supports both.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Container Insights on the new cluster.
   *
   * @default ecs.ContainerInsights.ENABLED
   */
  readonly containerInsights?: ecs.ContainerInsights;

  /**
   * Allow `aws ecs execute-command` shells into running tasks.
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;

  /**
   * Retention of the WordPress container logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Time a new task has to pass its first health check before ECS counts failures. The first start
   * copies plugins and themes to the file system.
   *
   * @default Duration.minutes(3)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Extra plain environment variables for the container. Never put secrets here: use `secrets`.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Extra secrets for the container, injected by ECS when a task starts.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  // ---------------------------------------------------------------- load balancer

  /**
   * Proxies whose `X-Forwarded-*` headers WordPress believes (CIDRs).
   *
   * @default - the VPC's CIDR block (the load balancer's nodes live there)
   */
  readonly trustedProxyCidrs?: string[];

  /**
   * A request header that carries the viewer's address, which WordPress takes as the client IP when
   * the request comes from a trusted proxy: `CloudFront-Viewer-Address` (`ip:port`, which
   * `GeoBlockedCloudFrontWaf` forwards; `WordpressHosting` sets it) when CloudFront reaches the load
   * balancer, whose peer is then a CloudFront address rather than the viewer.
   *
   * With it, the load balancer removes `X-Forwarded-For` (`routing.http.xff_header_processing.mode`
   * `remove`): the official image's Apache (mod_remoteip, which trusts private ranges) would otherwise
   * replace the request's address with the last hop of that header, the CloudFront address, before
   * WordPress runs, and WordPress could no longer tell that the request came through the load balancer.
   * Without the header WordPress sees the load balancer's node as the peer, and believes the viewer's
   * address and protocol from it. Only set it when nothing but that proxy can reach the load balancer
   * (the listener admits only CloudFront), or a client could choose its own address.
   *
   * @default - the client IP comes from `X-Forwarded-For`, walked from the right past trusted proxies
   */
  readonly clientIpHeader?: string;

  /**
   * Health check of the target group.
   *
   * @default - GET /wp-health every 15 s, healthy on 200, 2 to be healthy, 3 to be unhealthy. The
   * WordPress configuration answers that path with 200 before WordPress loads: it proves that the web
   * server, PHP and the configuration work, and opens no database connection, so that the checks (every
   * 15 s from each load balancer node) never keep an Aurora Serverless v2 database from pausing. A task
   * that cannot reach the database therefore stays healthy and answers 500: the 5xx-rate alarm of
   * `WordpressOperations` (and a blue/green release's alarm rollback) catches that, not the health check.
   */
  readonly healthCheck?: elbv2.HealthCheck;

  /**
   * How new revisions replace running tasks: rolling, Amazon ECS native blue/green, or CodeDeploy
   * blue/green. The blue/green choices add a second target group (`alternateTargetGroup`), a test
   * listener where asked for, and what `BlueGreenEcsPipeline` needs to release onto the service.
   *
   * @default WordpressDeployment.rolling()
   */
  readonly deployment?: WordpressDeployment;

  /**
   * Time the load balancer lets in-flight requests finish on a task that is being stopped.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.2 and 1.3)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * Write load balancer access logs to S3. Needs a stack with an explicit region.
   *
   * @default true
   */
  readonly loadBalancerAccessLogs?: boolean;

  /**
   * Bucket for the load balancer access logs (SSE-S3 encrypted, as ELB requires).
   *
   * @default - a new bucket, logs expire after 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;

  // ---------------------------------------------------------------- files
  /**
   * Throughput mode of the wp-content file system. Elastic throughput bills per use and never runs
   * out of burst credits, which small file systems in bursting mode do.
   *
   * @default efs.ThroughputMode.ELASTIC
   */
  readonly fileSystemThroughputMode?: efs.ThroughputMode;

  /**
   * Move files not read for this long to EFS Infrequent Access (about 90% cheaper storage).
   *
   * @default efs.LifecyclePolicy.AFTER_30_DAYS
   */
  readonly fileSystemLifecyclePolicy?: efs.LifecyclePolicy;

  // ---------------------------------------------------------------- database
  /**
   * The MySQL database.
   *
   * @default WordpressDatabase.auroraServerlessV2()
   */
  readonly database?: WordpressDatabase;

  // ---------------------------------------------------------------- safety
  /**
   * What happens to stateful resources (file system, keys and salts, backup vault, access-log bucket)
   * when they leave the stack. The database follows its own `removalPolicy` (default: snapshot).
   *
   * @default - `RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE` (CloudFormation's `RetainExceptOnCreate`) for
   * the file system, the keys and salts and the backup vault: deleted when the stack's first creation
   * rolls back, so that a retry starts clean (the vault's name is fixed and would otherwise be taken),
   * and retained on every later removal or replacement. `RemovalPolicy.RETAIN` for the new access-log
   * bucket (its name is generated, so it never blocks a retry, and the load balancer writes a test
   * object into it, which would make its deletion fail).
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Back up the file system and the database with AWS Backup.
   *
   * @default true
   */
  readonly backup?: boolean;

  /**
   * How long AWS Backup keeps each daily recovery point.
   *
   * @default Duration.days(35)
   */
  readonly backupRetention?: Duration;

  // ---------------------------------------------------------------- content
  /**
   * Where WordPress's code comes from: the image (`WordpressContent.immutable()`: only `wp-content/uploads` on the file
   * system, no changes to code from the dashboard) or the shared file system (`WordpressContent.shared()`: all of
   * `wp-content`, plugins installed from the dashboard, what the image ships copied over once per release).
   *
   * @default - `WordpressContent.immutable()` when `deployment` is blue/green (a pipeline releases the site's image),
   * else `WordpressContent.shared()`
   */
  readonly content?: WordpressContent;

  // ---------------------------------------------------------------- traffic
  /**
   * The site's traffic, to shape the scheduled minimum task count hour by hour (pass the same object to
   * `cost.CostEstimate` to price what the site deploys).
   *
   * Before each hour whose traffic needs more tasks than the hour before, the minimum is raised to what that
   * hour needs (origin requests per second over `requestsPerTaskPerSecond`, rounded up, at most
   * `maxCapacity`), `peakLeadTime` ahead; at minute 5 of every hour it goes back to `minCapacity`, and target
   * tracking keeps as many tasks as the traffic needs. Ordinary days follow the weekday and weekend shape;
   * the profile's peaks (days 1 to 28) replace `monthlyPeaks` and `peakMinCapacity`, planned for the busier
   * of a weekday and a weekend day. Warns when `monthlyPeaks` disagree with the profile's peaks.
   *
   * @default - no profile: the minimum is `minCapacity`, raised to one flat number through each of `monthlyPeaks`
   */
  readonly trafficProfile?: TrafficProfile;

  // ---------------------------------------------------------------- cron
  /**
   * How WordPress's scheduled events (WP-Cron) run: by default one scheduled Fargate task runs `wp-cron.php` every five
   * minutes and page loads no longer do (`DISABLE_WP_CRON`).
   *
   * @default - scheduled, every five minutes (see `WordpressCronOptions`)
   */
  readonly cron?: WordpressCronOptions;

  // ---------------------------------------------------------------- released image
  /**
   * Run the image of the last release: the task definition names an SSM parameter (`releasedImageParameter`, holding
   * `image` until the first release) that a `BlueGreenEcsPipeline` writes after each deployment, by digest, so a `cdk deploy`
   * that changes the task definition or the service keeps the release. Set it on a staging site a pipeline deploys to;
   * `false` pins `image` even with a pipeline (a `cdk deploy` that changes the task definition then deploys `image`).
   *
   * @default - true when `deployment` is blue/green (a pipeline releases onto the site), else false
   */
  readonly trackReleasedImage?: boolean;
}

/** Properties of `ScalableWordpressOnFargate` (every prop is optional): the site's options plus how viewers reach it. */
export interface ScalableWordpressOnFargateProps extends WordpressSiteOptions {
  /**
   * Whether the load balancer faces the internet. Make it internal when CloudFront reaches it
   * through a VPC origin (`GeoBlockedCloudFrontWaf`): then the site has no public endpoint but
   * CloudFront. An internal load balancer's security group admits nobody on the production listener:
   * traffic from a VPC origin does not come from the VPC's CIDR block but from CloudFront's origin-facing
   * addresses, which `GeoBlockedCloudFrontWaf` admits (a blue/green test listener admits the VPC's CIDR block).
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * Whether the load balancer's security group admits the listener port(s) from anywhere. Set it to
   * false for an internet-facing load balancer that only CloudFront may reach
   * (`LoadBalancerOriginAccess.publicWithSecretHeader()` of `GeoBlockedCloudFrontWaf` adds a rule for
   * CloudFront's origin-facing prefix list).
   *
   * @default - true for an internet-facing load balancer; an internal one admits nobody on its production listener
   * until a rule is added (the CloudFront VPC origin of `GeoBlockedCloudFrontWaf` adds one for CloudFront's
   * origin-facing prefix list)
   */
  readonly openListener?: boolean;

  /**
   * Domain name of the site, e.g. `www.example.com`. Needs `hostedZone` or `certificate`: with a
   * hosted zone, a DNS-validated certificate and alias records are created.
   *
   * @default - no domain: the site answers on the load balancer's DNS name over HTTP
   */
  readonly domainName?: string;

  /**
   * Public hosted zone of `domainName`, for the certificate's validation and the alias records.
   *
   * @default - no DNS records; a certificate must be given
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Certificate for the HTTPS listener (in the stack's region), covering `domainName`.
   *
   * @default - created and DNS-validated in `hostedZone` when a domain is given, else no HTTPS listener
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The URL viewers use, which WordPress is pinned to (WP_HOME, WP_SITEURL). Set it when something
   * else (e.g. CloudFront) fronts the site; `usePublicUrl()` can set it later.
   *
   * @default - `https://<domainName>`, or `http://<load balancer DNS name>` without a domain
   */
  readonly publicUrl?: string;
}
