import { Annotations, AspectPriority, Aspects, Duration, IAspect, Lazy, Names, RemovalPolicy, Stack, TimeZone, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { WordpressCapacity } from './capacity';
import { IWordpressSite, SiteFront } from './site-contract';
import { MonthlyPeak } from './monthly-peak';
import { validateFargateSize } from './private/fargate-sizes';
import { planMonthlyPeaks, resolveMonthlyPeaks } from './private/peak-schedule';
import {
  ENV_CLIENT_IP_HEADER, ENV_DB_TLS, ENV_HEALTH_CHECK_PATH, ENV_PUBLIC_URL, ENV_TRUSTED_PROXIES, HEALTH_CHECK_PATH, WORDPRESS_CONFIG_EXTRA,
} from './private/wordpress-config';
import { WordpressDatabase } from './wordpress-database';
import { WordpressDeployment, WordpressDeploymentKind } from './wordpress-deployment';
import { WordpressImage } from './wordpress-image';
import { WordpressOperations, WordpressOperationsOptions } from '../operations';
import { acknowledge } from '../private/acknowledge';
import { parseCidr } from '../private/cidr';
import { checkDomainName, checkExclusive, checkInteger, isIanaTimeZone, isUnresolved, propError, ValidationError } from '../private/validation';

/** Running part of the fleet on Fargate Spot. */
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

/** How the number of WordPress tasks follows load and the calendar. */
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
   * @default 1200 (20 requests per second per task)
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
   * @default Duration.hours(1)
   */
  readonly peakLeadTime?: Duration;

  /**
   * IANA time zone in which the monthly peaks' days and hours are read, e.g. `Asia/Seoul`.
   *
   * @default 'UTC'
   */
  readonly scheduleTimeZone?: string;

  /**
   * Run part of the tasks above a base on Fargate Spot.
   *
   * @default - all tasks on regular Fargate
   */
  readonly fargateSpot?: FargateSpotOptions;
}

/** Properties of `ScalableWordpressOnFargate`. */
export interface ScalableWordpressOnFargateProps extends WordpressScalingOptions {
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
   * NAT gateways of the new VPC. One (about 33 USD a month plus traffic) is the cheapest setup that
   * keeps tasks able to pull images and reach wordpress.org; tasks in the other zone lose egress
   * while that one zone is down. Use `natGatewayProvider` for a NAT instance instead.
   *
   * @default 1
   */
  readonly natGateways?: number;

  /**
   * How the new VPC does NAT, e.g. `ec2.NatProvider.instanceV2({...})` for a t4g.nano NAT instance
   * (a few USD a month, but you patch it).
   *
   * @default ec2.NatProvider.gateway()
   */
  readonly natGatewayProvider?: ec2.NatProvider;

  // ---------------------------------------------------------------- compute
  /**
   * The WordPress container image.
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

  // ---------------------------------------------------------------- operations
  /**
   * Alarms (to an SNS topic with e-mail subscriptions) and a CloudWatch dashboard for the site's own
   * resources. For CloudFront, WAF and the pipeline as well, create `WordpressOperations` yourself.
   *
   * @default - no alarms or dashboard
   */
  readonly operations?: WordpressOperationsOptions;
}

/** Where WordPress keeps its files in the container. */
const WP_CONTENT_PATH = '/var/www/html/wp-content';
/** uid/gid of `www-data` in the official (Debian based) image. */
const WWW_DATA_ID = '33';
const CONTAINER_PORT = 80;
/** The eight WordPress keys and salts, each its own generated secret. */
const SALT_NAMES = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];

/**
 * WordPress on ECS Fargate behind an Application Load Balancer: the foundation of the library.
 *
 * Creates (or uses) a VPC and an ECS cluster; a Fargate service of 2 vCPU / 8 GiB tasks running the
 * official WordPress image; an ALB (HTTPS with an HTTP redirect when a certificate or a domain is
 * given); an encrypted EFS file system for `wp-content` mounted through an access point owned by
 * `www-data` with TLS and IAM authorization; an Aurora MySQL Serverless v2 database (or an RDS
 * MySQL instance) that requires TLS; credentials and the WordPress keys/salts in Secrets Manager,
 * injected through ECS `secrets`; the proxy-aware WordPress configuration; target tracking on CPU and
 * requests, scheduled scaling for monthly peaks; a circuit breaker with rollback; AWS Backup of the
 * file system and the database. Stateful resources are retained by default.
 */
export class ScalableWordpressOnFargate extends Construct implements IWordpressSite {
  /** The VPC the site runs in. */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster. */
  public readonly cluster: ecs.ICluster;
  /** The Fargate service running WordPress. */
  public readonly service: ecs.FargateService;
  /** The task definition of the service. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The WordPress container. */
  public readonly container: ecs.ContainerDefinition;
  /** Log group of the WordPress container. */
  public readonly logGroup: logs.LogGroup;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that serves the site (HTTPS when there is a certificate, else HTTP). */
  public readonly listener: elbv2.ApplicationListener;
  /** Port of `listener`: 443 with a certificate, else 80. */
  public readonly listenerPort: number;
  /** Protocol of `listener`: HTTPS with a certificate, else HTTP. */
  public readonly listenerProtocol: elbv2.ApplicationProtocol;
  /** Port of the WordPress container behind the target groups. */
  public readonly containerPort: number = CONTAINER_PORT;
  /** Throughput mode of the file system. */
  public readonly fileSystemThroughputMode: efs.ThroughputMode;
  /** The principal of the WordPress tasks (their task role): grant it access to what WordPress uses. */
  public readonly grantPrincipal: iam.IPrincipal;
  /**
   * The listener rule that forwards WordPress traffic to the target group. The listener's default
   * action answers 404, so conditions added to this rule (e.g. a secret origin header) restrict who
   * reaches WordPress; blue/green deployments use it as their production listener rule.
   */
  public readonly listenerRule: elbv2.ApplicationListenerRule;
  /** The HTTP listener that redirects to HTTPS, when there is an HTTPS listener. */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The target group of the WordPress tasks (with blue/green: the one the first tasks start in). */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** How new revisions replace running tasks. */
  public readonly deployment: WordpressDeployment;
  /**
   * The second target group of a blue/green site: a deployment starts the new tasks in whichever of
   * `targetGroup` and `alternateTargetGroup` is idle, then moves traffic to it.
   */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** The test listener of a blue/green site, if any (reachable from inside the VPC only). */
  public readonly testListener?: elbv2.ApplicationListener;
  /** The rule of the test listener that forwards to the target groups, if there is a test listener. */
  public readonly testListenerRule?: elbv2.ApplicationListenerRule;
  /** The role ECS uses to move traffic between the target groups, with native ECS blue/green. */
  public readonly blueGreenRole?: iam.IRole;
  /** Certificate of the HTTPS listener, if any. */
  public readonly certificate?: acm.ICertificate;
  /** Bucket of the load balancer access logs, if enabled. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The EFS file system holding wp-content. */
  public readonly fileSystem: efs.FileSystem;
  /** The access point WordPress mounts (root `/wp-content`, owned by www-data). */
  public readonly accessPoint: efs.AccessPoint;
  /** The Aurora cluster, when the database is Aurora Serverless v2. */
  public readonly databaseCluster?: rds.DatabaseCluster;
  /** The RDS instance, when the database is a MySQL instance. */
  public readonly databaseInstance?: rds.DatabaseInstance;
  /** The secret with the database credentials (username, password, host, port, dbname). */
  public readonly databaseSecret: secretsmanager.ISecret;
  /** The generated WordPress keys and salts, by constant name (AUTH_KEY, ..., NONCE_SALT). */
  public readonly saltSecrets: { [name: string]: secretsmanager.ISecret };
  /** The scalable task count of the service. */
  public readonly scalableTarget: ecs.ScalableTaskCount;
  /** The AWS Backup plan, if enabled. */
  public readonly backupPlan?: backup.BackupPlan;
  /** The AWS Backup vault, if enabled. */
  public readonly backupVault?: backup.BackupVault;
  /** Capacity settings with every default applied. */
  public readonly capacity: WordpressCapacity;
  /** The database this site was built with. */
  public readonly database: WordpressDatabase;
  /** Network connections of the WordPress tasks. */
  public readonly connections: ec2.Connections;
  /** Alarms and dashboard, when `operations` is set. */
  public readonly operations?: WordpressOperations;

  private publicUrlValue: string;
  private clientIpHeader?: string;

  constructor(scope: Construct, id: string, props: ScalableWordpressOnFargateProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.validateProps(props);

    // ------------------------------------------------------------------ network
    checkExclusive(this, 'vpc', props.vpc, 'cluster', props.cluster);
    if (props.cluster) {
      this.cluster = props.cluster;
      this.vpc = props.cluster.vpc;
    } else {
      this.vpc = props.vpc ?? this.createVpc(props);
      this.cluster = new ecs.Cluster(this, 'Cluster', {
        vpc: this.vpc,
        containerInsightsV2: props.containerInsights ?? ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: true,
      });
    }
    const taskSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const dataSubnets: ec2.SubnetSelection = {
      subnetType: this.vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
    };

    // ------------------------------------------------------------------ files
    // RetainExceptOnCreate: a failed first creation deletes what it created, later removals keep it
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
    this.fileSystemThroughputMode = props.fileSystemThroughputMode ?? efs.ThroughputMode.ELASTIC;
    this.clientIpHeader = props.clientIpHeader;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: this.vpc,
      vpcSubnets: dataSubnets,
      encrypted: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: this.fileSystemThroughputMode,
      lifecyclePolicy: props.fileSystemLifecyclePolicy ?? efs.LifecyclePolicy.AFTER_30_DAYS,
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      removalPolicy,
      enableAutomaticBackups: false, // AWS Backup below covers it, with the database
      // The file system policy below allows nobody, so anonymous (non-IAM) NFS clients are denied. `true` here only
      // stops CDK from adding its own statement that lets *every* IAM principal write through a mount target.
      allowAnonymousAccess: true,
      fileSystemPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'DenyUnencryptedTransport',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        })],
      }),
    });
    this.accessPoint = this.fileSystem.addAccessPoint('AccessPoint', {
      path: '/wp-content',
      createAcl: { ownerUid: WWW_DATA_ID, ownerGid: WWW_DATA_ID, permissions: '755' },
      posixUser: { uid: WWW_DATA_ID, gid: WWW_DATA_ID },
    });

    // ------------------------------------------------------------------ database
    this.database = props.database ?? WordpressDatabase.auroraServerlessV2();
    const db = this.database._bind(this, 'Database', { vpc: this.vpc, subnets: dataSubnets });
    this.databaseCluster = db.cluster;
    this.databaseInstance = db.instance;
    this.databaseSecret = db.secret;

    this.saltSecrets = {};
    const salts = new Construct(this, 'Salts');
    for (const name of SALT_NAMES) {
      const secret = new secretsmanager.Secret(salts, name, {
        description: `WordPress ${name}`,
        generateSecretString: { passwordLength: 64, excludeCharacters: '\'"\\`' },
        removalPolicy,
      });
      acknowledge(secret, 'AwsSolutions-SMG4',
        'Rotating a WordPress key or salt logs every user out and invalidates nonces; operators rotate them deliberately.');
      this.saltSecrets[name] = secret;
    }

    // ------------------------------------------------------------------ load balancer
    const internetFacing = props.internetFacing ?? true;
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing,
      vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      dropInvalidHeaderFields: true,
      // Behind a proxy that names the viewer in a header, X-Forwarded-For would only make Apache's mod_remoteip take
      // the load balancer's peer (a CloudFront address) for the client: WordPress then sees the load balancer itself.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html#x-forwarded-for
      xffHeaderProcessingMode: props.clientIpHeader ? elbv2.XffHeaderProcessingMode.REMOVE : undefined,
    });
    if (props.loadBalancerAccessLogs ?? true) {
      if (Token.isUnresolved(stack.region)) {
        throw new ValidationError(this, 'load balancer access logs need the stack\'s region: give the stack an explicit '
          + 'env.region, or set loadBalancerAccessLogs: false.');
      }
      this.accessLogsBucket = props.accessLogsBucket ?? this.createAccessLogsBucket(props.removalPolicy ?? RemovalPolicy.RETAIN);
      this.loadBalancer.logAccessLogs(this.accessLogsBucket, 'alb');
    }
    const openListener = props.openListener ?? internetFacing;
    if (openListener) {
      acknowledge(this.loadBalancer, 'AwsSolutions-EC23',
        'An internet-facing load balancer of a public website accepts HTTP(S) from anywhere; only ports 80/443 are open.');
    }

    this.certificate = props.certificate ?? (props.domainName && props.hostedZone
      ? new acm.Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
      })
      : undefined);

    this.deployment = props.deployment ?? WordpressDeployment.rolling();
    const blueGreen = this.deployment.kind !== WordpressDeploymentKind.ROLLING;
    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: this.vpc,
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      healthCheck: props.healthCheck ?? {
        path: HEALTH_CHECK_PATH, // answered by WORDPRESS_CONFIG_EXTRA before WordPress connects to the database
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(10),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    };
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', targetGroupProps);
    if (blueGreen) {
      this.alternateTargetGroup = new elbv2.ApplicationTargetGroup(this, 'AlternateTargetGroup', targetGroupProps);
    }
    // With blue/green both target groups sit behind the rule (the idle one at weight 0); a deployment moves the weights.
    const forwardToWordpress = (): elbv2.ListenerAction => this.alternateTargetGroup
      ? elbv2.ListenerAction.weightedForward([
        { targetGroup: this.targetGroup, weight: 1 },
        { targetGroup: this.alternateTargetGroup, weight: 0 },
      ])
      : elbv2.ListenerAction.forward([this.targetGroup]);

    this.listenerPort = this.certificate ? 443 : 80;
    this.listenerProtocol = this.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
    if (this.certificate) {
      this.listener = this.loadBalancer.addListener('HttpsListener', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [this.certificate],
        sslPolicy: props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS,
        open: openListener,
        defaultAction: notFound(),
      });
      this.redirectListener = this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: openListener });
    } else {
      this.listener = this.loadBalancer.addListener('HttpListener', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: openListener,
        defaultAction: notFound(),
      });
    }
    this.listenerRule = new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
      listener: this.listener,
      priority: 100,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: forwardToWordpress(),
    });
    const testListenerPort = this.testListenerPort();
    if (testListenerPort !== undefined) {
      this.testListener = this.loadBalancer.addListener('TestListener', {
        port: testListenerPort,
        protocol: this.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
        certificates: this.certificate ? [this.certificate] : undefined,
        sslPolicy: this.certificate ? props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
        open: false,
        defaultAction: notFound(),
      });
      this.testListenerRule = new elbv2.ApplicationListenerRule(this, 'TestListenerRule', {
        listener: this.testListener,
        priority: 100,
        conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
        action: forwardToWordpress(),
      });
      this.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.tcp(testListenerPort),
        'Blue/green test traffic from inside the VPC');
    }
    // An internal load balancer's production listener admits nobody here: a CloudFront VPC origin's traffic arrives from
    // CloudFront's origin-facing addresses, not from the VPC's CIDR block, and GeoBlockedCloudFrontWaf admits exactly those
    // (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
    if (testListenerPort !== undefined && !openListener) {
      acknowledge(this.loadBalancer, 'AwsSolutions-EC23',
        'Only the blue/green test listener admits a CIDR block, the VPC\'s own; cdk-nag cannot resolve that intrinsic and flags it.');
    }
    if (props.domainName && props.hostedZone && internetFacing) {
      const target = route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer));
      new route53.ARecord(this, 'AliasRecord', { zone: props.hostedZone, recordName: props.domainName, target });
    }
    this.publicUrlValue = props.publicUrl
      ?? (props.domainName ? `https://${props.domainName}` : `http://${this.loadBalancer.loadBalancerDnsName}`);

    // ------------------------------------------------------------------ compute
    const cpu = props.cpu ?? 2048;
    const memoryLimitMiB = props.memoryLimitMiB ?? 8192;
    const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB,
      runtimePlatform: { cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      volumes: [{
        name: 'wp-content',
        efsVolumeConfiguration: {
          fileSystemId: this.fileSystem.fileSystemId,
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: this.accessPoint.accessPointId, iam: 'ENABLED' },
        },
      }],
    });
    this.grantPrincipal = this.taskDefinition.taskRole;
    // Mount and write through WordPress's access point only (IAM authorization of the mount).
    this.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [this.fileSystem.fileSystemArn],
      conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': this.accessPoint.accessPointArn } },
    }));

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const trustedProxies = props.trustedProxyCidrs ?? [this.vpc.vpcCidrBlock];
    this.container = this.taskDefinition.addContainer('wordpress', {
      image: (props.image ?? WordpressImage.official()).containerImage,
      essential: true,
      portMappings: [{ containerPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'wordpress', logGroup: this.logGroup }),
      environment: {
        WORDPRESS_DB_HOST: `${db.hostname}:${db.port}`,
        WORDPRESS_DB_NAME: db.databaseName,
        [ENV_DB_TLS]: '1',
        [ENV_PUBLIC_URL]: Lazy.string({ produce: () => this.publicUrlValue }),
        [ENV_TRUSTED_PROXIES]: trustedProxies.join(','),
        [ENV_HEALTH_CHECK_PATH]: HEALTH_CHECK_PATH,
        ...(props.clientIpHeader ? { [ENV_CLIENT_IP_HEADER]: props.clientIpHeader } : {}),
        WORDPRESS_CONFIG_EXTRA,
        ...props.environment,
      },
      secrets: {
        WORDPRESS_DB_USER: ecs.Secret.fromSecretsManager(db.secret, 'username'),
        WORDPRESS_DB_PASSWORD: ecs.Secret.fromSecretsManager(db.secret, 'password'),
        ...Object.fromEntries(SALT_NAMES.map((name) => [`WORDPRESS_${name}`, ecs.Secret.fromSecretsManager(this.saltSecrets[name])])),
        ...props.secrets,
      },
    });
    this.container.addMountPoints({ sourceVolume: 'wp-content', containerPath: WP_CONTENT_PATH, readOnly: false });
    if (props.enableExecuteCommand) {
      acknowledge(this.taskDefinition.taskRole.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
        'ECS Exec needs the ssmmessages channel actions, which support no resource-level permissions (enableExecuteCommand is on).');
    }
    acknowledge(this.taskDefinition, 'AwsSolutions-ECS2',
      'The environment holds only non-secret configuration the official image reads (database host and name, public URL, '
        + 'trusted proxies, the proxy-aware PHP). Credentials and keys come through ECS secrets. Keeping this configuration in the task '
        + 'definition versions it with every release.');

    const spot = props.fargateSpot;
    const minCapacity = props.minCapacity ?? 2;
    const kind = this.deployment.kind;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      vpcSubnets: taskSubnets,
      assignPublicIp: false,
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? Duration.minutes(3),
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // CodeDeploy's controller has no circuit breaker: its deployment group's alarms roll back instead.
      circuitBreaker: kind === WordpressDeploymentKind.CODE_DEPLOY_BLUE_GREEN ? undefined : { enable: true, rollback: true },
      deploymentController: kind === WordpressDeploymentKind.CODE_DEPLOY_BLUE_GREEN
        ? { type: ecs.DeploymentControllerType.CODE_DEPLOY } : undefined,
      deploymentStrategy: kind === WordpressDeploymentKind.ECS_BLUE_GREEN ? ecs.DeploymentStrategy.BLUE_GREEN : undefined,
      bakeTime: kind === WordpressDeploymentKind.ECS_BLUE_GREEN ? this.deployment.ecsBlueGreenOptions?.bakeTime ?? Duration.minutes(5) : undefined,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      capacityProviderStrategies: spot ? [
        { capacityProvider: 'FARGATE', base: spot.onDemandBaseTasks ?? minCapacity, weight: spot.onDemandWeight ?? 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: spot.spotWeight ?? 1 },
      ] : undefined,
    });
    // Leave the running count to auto scaling: a DesiredCount in the template would reset it on every deployment.
    (this.service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('DesiredCount');
    if (kind === WordpressDeploymentKind.ECS_BLUE_GREEN) {
      this.blueGreenRole = this.createBlueGreenRole();
    }
    this.targetGroup.addTarget(this.service.loadBalancerTarget({
      containerName: this.container.containerName,
      containerPort: CONTAINER_PORT,
      alternateTarget: this.blueGreenRole && this.alternateTargetGroup
        ? this.nativeBlueGreenTarget(this.alternateTargetGroup, this.blueGreenRole) : undefined,
    }));
    this.connections = this.service.connections;
    this.startServiceAfterItsDependencies(db.cluster);
    db.connections.allowDefaultPortFrom(this.service, 'WordPress tasks to MySQL');
    this.fileSystem.connections.allowDefaultPortFrom(this.service, 'WordPress tasks to EFS (NFS over TLS)');

    // ------------------------------------------------------------------ scaling
    this.capacity = this.resolveCapacity(props, cpu, memoryLimitMiB, cpuArchitecture);
    this.scalableTarget = this.service.autoScaleTaskCount({ minCapacity: this.capacity.minCapacity, maxCapacity: this.capacity.maxCapacity });
    this.scalableTarget.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: this.capacity.targetCpuUtilizationPercent,
      scaleOutCooldown: Duration.seconds(this.capacity.scaleOutCooldownSeconds),
      scaleInCooldown: Duration.seconds(this.capacity.scaleInCooldownSeconds),
    });
    if (this.alternateTargetGroup) {
      this.scaleOnRequestsOfBothTargetGroups(this.alternateTargetGroup);
    } else {
      this.scalableTarget.scaleOnRequestCount('RequestScaling', {
        requestsPerTarget: this.capacity.requestsPerTargetPerMinute,
        targetGroup: this.targetGroup,
        scaleOutCooldown: Duration.seconds(this.capacity.scaleOutCooldownSeconds),
        scaleInCooldown: Duration.seconds(this.capacity.scaleInCooldownSeconds),
      });
    }
    const timeZone = TimeZone.of(this.capacity.scheduleTimeZone);
    for (const action of planMonthlyPeaks(this.capacity.monthlyPeaks, this.capacity.peakLeadTimeMinutes, this.capacity.minCapacity)) {
      this.scalableTarget.scaleOnSchedule(action.id, {
        schedule: appscaling.Schedule.cron({ minute: action.minute, hour: action.hour, day: action.day, month: action.month }),
        timeZone,
        minCapacity: action.minCapacity,
      });
    }

    // ------------------------------------------------------------------ backup
    if (props.backup ?? true) {
      this.backupVault = new backup.BackupVault(this, 'BackupVault', { removalPolicy });
      this.backupPlan = new backup.BackupPlan(this, 'BackupPlan', { backupVault: this.backupVault });
      this.backupPlan.addRule(new backup.BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), // 05:00 UTC, completes within 8 hours
        completionWindow: Duration.hours(8),
        startWindow: Duration.hours(1),
        deleteAfter: props.backupRetention ?? Duration.days(35),
      }));
      const selection = this.backupPlan.addSelection('Selection', {
        resources: [backup.BackupResource.fromEfsFileSystem(this.fileSystem), db.backupResource],
      });
      acknowledge(selection.node.findChild('Role'), 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        'AWS Backup\'s own service-role policy, maintained by AWS as backup features change; a hand-written copy would '
          + 'silently break backups of EFS and RDS when AWS adds an API call.');
    }

    if (props.operations) {
      this.operations = new WordpressOperations(this, 'Operations', { ...props.operations, site: this });
    }

    this.warnAboutInsecureUrl(props);
  }

  /** The URL viewers use, which WordPress is pinned to. */
  public get publicUrl(): string {
    return this.publicUrlValue;
  }

  /**
   * Pin WordPress to another public URL, e.g. the CloudFront distribution that fronts the site.
   * The URL must start with `http://` or `https://`.
   */
  public usePublicUrl(url: string): void {
    validatePublicUrl(this, 'publicUrl', url);
    this.publicUrlValue = url;
  }

  /**
   * What a construct in front of the site (`GeoBlockedCloudFrontWaf`) tells it: WordPress is pinned to the front's URL
   * and, with a `clientIpHeader`, takes the viewer's address from that header when the request comes from its own load
   * balancer, which then removes `X-Forwarded-For` (the image's Apache would otherwise hand PHP the front's address).
   */
  public useFront(front: SiteFront): void {
    this.usePublicUrl(front.publicUrl);
    if (front.clientIpHeader === undefined || front.clientIpHeader === this.clientIpHeader) {
      return;
    }
    if (this.clientIpHeader !== undefined) {
      throw new ValidationError(this, `clientIpHeader is ${JSON.stringify(this.clientIpHeader)}, but the front of the site sends `
        + `the viewer's address in ${JSON.stringify(front.clientIpHeader)}; remove clientIpHeader or make the two agree.`);
    }
    checkClientIpHeader(this, 'clientIpHeader', front.clientIpHeader);
    this.clientIpHeader = front.clientIpHeader;
    this.container.addEnvironment(ENV_CLIENT_IP_HEADER, front.clientIpHeader);
    this.loadBalancer.setAttribute('routing.http.xff_header_processing.mode', 'remove');
  }

  /**
   * Make the first deployment wait for what the tasks need before ECS starts any.
   *
   * - The Aurora DB instances (writer and readers): the service refers to the cluster's endpoint, so
   *   CloudFormation would start it as soon as the `AWS::RDS::DBCluster` exists, minutes before its
   *   `AWS::RDS::DBInstance`s accept connections; tasks would fail their health checks and the circuit
   *   breaker would roll the stack back. (An RDS for MySQL instance needs nothing: the service refers to
   *   the instance's own endpoint address.)
   * - The cluster's `AWS::ECS::ClusterCapacityProviderAssociations`: a service whose capacity provider
   *   strategy names FARGATE_SPOT fails with "The specified capacity provider strategy cannot contain a
   *   capacity provider that is not associated with the cluster" when it is created before the
   *   associations (https://github.com/aws/containers-roadmap/issues/631#issuecomment-816354807; AWS's
   *   fix in its own constructs: https://github.com/aws-samples/serverless-container-constructs/pull/9).
   *   aws-cdk-lib creates the associations in an aspect at synthesis, so an aspect on the cluster adds the
   *   dependency once they exist. This works for the site's cluster and for a given `ecs.Cluster`; an
   *   imported cluster (`Cluster.fromClusterAttributes`) must have its capacity providers associated
   *   before the site deploys.
   */
  private startServiceAfterItsDependencies(databaseCluster?: rds.DatabaseCluster): void {
    const cfnService = this.service.node.defaultChild as ecs.CfnService;
    for (const instance of databaseCluster?.node.findAll() ?? []) {
      if (instance instanceof rds.CfnDBInstance) {
        cfnService.addResourceDependency(instance);
      }
    }
    if (this.cluster instanceof ecs.Cluster) {
      // aws-cdk-lib's aspect runs at MUTATING (200) or, without @aws-cdk/core:aspectPrioritiesMutating, DEFAULT (500).
      Aspects.of(this.cluster).add(new ServiceAfterCapacityProviderAssociations(cfnService), { priority: AspectPriority.DEFAULT + 1 });
    }
  }

  /** Port of the test listener, if the deployment has one. */
  private testListenerPort(): number | undefined {
    if (this.deployment.kind === WordpressDeploymentKind.CODE_DEPLOY_BLUE_GREEN) {
      return this.deployment.codeDeployOptions?.testListenerPort ?? (this.certificate ? 8443 : 8080);
    }
    return this.deployment.ecsBlueGreenOptions?.testListenerPort;
  }

  /** The role ECS assumes to move traffic between the target groups (native ECS blue/green). */
  private createBlueGreenRole(): iam.Role {
    const role = new iam.Role(this, 'BlueGreenRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: 'Lets Amazon ECS move WordPress traffic between the blue/green target groups',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers')],
    });
    acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
      'The policy Amazon ECS documents for its blue/green infrastructure role, maintained by AWS as the deployment controller '
        + 'changes; only ecs.amazonaws.com can assume the role, and ECS uses it on this service\'s listener rules and target groups.');
    return role;
  }

  /** Native ECS blue/green: the alternate target group and the listener rules ECS moves, with the role it moves them with. */
  private nativeBlueGreenTarget(alternateTargetGroup: elbv2.ApplicationTargetGroup, role: iam.IRole): ecs.AlternateTarget {
    return new ecs.AlternateTarget('AlternateTarget', {
      alternateTargetGroup,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.listenerRule),
      testListener: this.testListenerRule ? ecs.ListenerRuleConfiguration.applicationListenerRule(this.testListenerRule) : undefined,
      role,
    });
  }

  /**
   * Request-count target tracking over both target groups of a blue/green site: requests to the
   * two groups per healthy task. (The predefined ALBRequestCountPerTarget follows one target group
   * and would see no requests once a deployment has moved traffic to the other.)
   */
  private scaleOnRequestsOfBothTargetGroups(alternate: elbv2.ApplicationTargetGroup): void {
    const dimensions = (tg: elbv2.ApplicationTargetGroup) => [
      { name: 'LoadBalancer', value: this.loadBalancer.loadBalancerFullName },
      { name: 'TargetGroup', value: tg.targetGroupFullName },
    ];
    const stat = (id: string, metricName: string, tg: elbv2.ApplicationTargetGroup, statistic: string) => ({
      id,
      returnData: false,
      metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName, dimensions: dimensions(tg) }, stat: statistic },
    });
    const target = this.scalableTarget.node.findChild('Target') as appscaling.ScalableTarget;
    new appscaling.CfnScalingPolicy(this.scalableTarget, 'RequestScaling', {
      policyName: `${Names.uniqueId(this.scalableTarget)}RequestScaling`.slice(-255),
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: this.capacity.requestsPerTargetPerMinute,
        scaleOutCooldown: this.capacity.scaleOutCooldownSeconds,
        scaleInCooldown: this.capacity.scaleInCooldownSeconds,
        customizedMetricSpecification: {
          metrics: [
            stat('requestsA', 'RequestCount', this.targetGroup, 'Sum'),
            stat('requestsB', 'RequestCount', alternate, 'Sum'),
            stat('healthyA', 'HealthyHostCount', this.targetGroup, 'Average'),
            stat('healthyB', 'HealthyHostCount', alternate, 'Average'),
            {
              id: 'requestsPerTarget',
              label: 'Requests per healthy task per minute (both target groups)',
              expression: 'IF(FILL(healthyA, 0) + FILL(healthyB, 0) > 0, '
                + '(FILL(requestsA, 0) + FILL(requestsB, 0)) / (FILL(healthyA, 0) + FILL(healthyB, 0)), 0)',
              returnData: true,
            },
          ],
        },
      },
    });
  }

  private createVpc(props: ScalableWordpressOnFargateProps): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: props.availabilityZones,
      maxAzs: props.availabilityZones ? undefined : 2,
      natGateways: props.natGateways ?? 1,
      natGatewayProvider: props.natGatewayProvider,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: false,
    });
    vpc.addFlowLog('FlowLog', {
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogGroup', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.RETAIN,
      })),
    });
    return vpc;
  }

  private createAccessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption ELB access logs support
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    acknowledge(bucket, 'AwsSolutions-S1',
      'This bucket is itself the access log destination of the load balancer; logging its own access would need another bucket for no gain.');
    return bucket;
  }

  private resolveCapacity(props: ScalableWordpressOnFargateProps, cpu: number, memoryLimitMiB: number,
    cpuArchitecture: ecs.CpuArchitecture): WordpressCapacity {
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 10;
    const peakMinCapacity = props.peakMinCapacity ?? Math.min(maxCapacity, 2 * minCapacity);
    const leadMinutes = props.peakLeadTime ? props.peakLeadTime.toMinutes({ integral: false }) : 60;
    const scheduleTimeZone = props.scheduleTimeZone ?? 'UTC';
    return {
      cpu,
      memoryLimitMiB,
      cpuArchitecture: cpuArchitecture === ecs.CpuArchitecture.ARM64 ? 'ARM64' : 'X86_64',
      minCapacity,
      maxCapacity,
      targetCpuUtilizationPercent: props.targetCpuUtilizationPercent ?? 60,
      requestsPerTargetPerMinute: props.requestsPerTargetPerMinute ?? 1200,
      scaleOutCooldownSeconds: (props.scaleOutCooldown ?? Duration.minutes(1)).toSeconds(),
      scaleInCooldownSeconds: (props.scaleInCooldown ?? Duration.minutes(5)).toSeconds(),
      monthlyPeaks: resolveMonthlyPeaks(this, props.monthlyPeaks ?? [], leadMinutes, peakMinCapacity, maxCapacity),
      peakLeadTimeMinutes: leadMinutes,
      scheduleTimeZone,
      spotOnDemandBaseTasks: props.fargateSpot ? props.fargateSpot.onDemandBaseTasks ?? minCapacity : undefined,
      spotOnDemandWeight: props.fargateSpot ? props.fargateSpot.onDemandWeight ?? 1 : undefined,
      spotWeight: props.fargateSpot ? props.fargateSpot.spotWeight ?? 1 : undefined,
    };
  }

  private validateProps(props: ScalableWordpressOnFargateProps): void {
    validateFargateSize(this, props.cpu ?? 2048, props.memoryLimitMiB ?? 8192);
    const minCapacity = props.minCapacity ?? 2;
    const maxCapacity = props.maxCapacity ?? 10;
    checkInteger(this, 'minCapacity', props.minCapacity, 1, 1000);
    checkInteger(this, 'maxCapacity', props.maxCapacity, 1, 1000);
    if (!isUnresolved(minCapacity) && !isUnresolved(maxCapacity) && minCapacity > maxCapacity) {
      throw propError(this, 'minCapacity', minCapacity, `It must not exceed maxCapacity (${maxCapacity}).`);
    }
    if (props.peakMinCapacity !== undefined && !isUnresolved(maxCapacity)) {
      checkInteger(this, 'peakMinCapacity', props.peakMinCapacity, 1, maxCapacity);
    }
    checkInteger(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 10, 90);
    checkInteger(this, 'requestsPerTargetPerMinute', props.requestsPerTargetPerMinute, 1, 1_000_000);
    if (props.peakLeadTime && !props.peakLeadTime.isUnresolved()) {
      const minutes = props.peakLeadTime.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60) {
        throw propError(this, 'peakLeadTime', props.peakLeadTime, 'Allowed: whole minutes from 0 to 24 hours.');
      }
    }
    if (props.scheduleTimeZone !== undefined && !isIanaTimeZone(props.scheduleTimeZone)) {
      throw propError(this, 'scheduleTimeZone', props.scheduleTimeZone, 'Allowed: an IANA time zone name such as "Asia/Seoul" or "UTC".');
    }
    if (props.fargateSpot) {
      checkInteger(this, 'fargateSpot.onDemandBaseTasks', props.fargateSpot.onDemandBaseTasks, 0, 100000);
      checkInteger(this, 'fargateSpot.onDemandWeight', props.fargateSpot.onDemandWeight, 0, 1000);
      checkInteger(this, 'fargateSpot.spotWeight', props.fargateSpot.spotWeight, 1, 1000);
      if (props.cluster) {
        Annotations.of(this).addWarningV2('cdk-fargate-wordpress:fargate-spot-cluster',
          'fargateSpot needs the FARGATE and FARGATE_SPOT capacity providers on the given cluster. The service waits for the '
          + 'associations of an ecs.Cluster defined in this app; an imported cluster must have them before this stack deploys.');
      }
    }
    if (props.domainName !== undefined && !isUnresolved(props.domainName)) {
      checkDomainName(this, 'domainName', props.domainName);
      if (!props.hostedZone && !props.certificate) {
        throw propError(this, 'domainName', props.domainName, 'A domain needs hostedZone (to create and validate a certificate) or certificate.');
      }
    }
    if (props.hostedZone && props.domainName === undefined) {
      throw new ValidationError(this, 'hostedZone is set but domainName is not; give the domain name of the site.');
    }
    if (props.certificate && props.domainName === undefined && props.publicUrl === undefined) {
      throw new ValidationError(this, 'certificate is set but neither domainName nor publicUrl: give the name the certificate covers.');
    }
    if (props.publicUrl !== undefined) {
      validatePublicUrl(this, 'publicUrl', props.publicUrl);
    }
    for (const [i, cidr] of (props.trustedProxyCidrs ?? []).entries()) {
      if (!isUnresolved(cidr) && !parseCidr(cidr)) {
        throw propError(this, `trustedProxyCidrs[${i}]`, cidr, 'Allowed: an IPv4 or IPv6 CIDR with no host bits, such as "10.0.0.0/16" (not /0: that would trust every client).');
      }
    }
    const bakeTime = props.deployment?.ecsBlueGreenOptions?.bakeTime;
    if (bakeTime && !bakeTime.isUnresolved()) {
      const minutes = bakeTime.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
        throw propError(this, 'deployment.bakeTime', bakeTime, 'Allowed: whole minutes from 0 to 1440 (24 hours).');
      }
    }
    const testPort = props.deployment?.ecsBlueGreenOptions?.testListenerPort ?? props.deployment?.codeDeployOptions?.testListenerPort;
    checkInteger(this, 'deployment.testListenerPort', testPort, 1, 65535);
    if (testPort !== undefined && [80, 443].includes(testPort)) {
      throw propError(this, 'deployment.testListenerPort', testPort, 'Ports 80 and 443 belong to the production listeners; choose another, e.g. 8080.');
    }
    checkClientIpHeader(this, 'clientIpHeader', props.clientIpHeader);
    if (props.openListener === true && props.internetFacing === false) {
      throw new ValidationError(this, 'openListener is true but internetFacing is false; an internal load balancer is not opened to anywhere.');
    }
    if (props.accessLogsBucket && props.loadBalancerAccessLogs === false) {
      throw new ValidationError(this, 'accessLogsBucket is set but loadBalancerAccessLogs is false; remove one of them.');
    }
    if (props.vpc === undefined && props.cluster === undefined) {
      checkInteger(this, 'natGateways', props.natGateways, 0, 2);
      if (props.availabilityZones !== undefined && props.availabilityZones.length < 2) {
        throw propError(this, 'availabilityZones', props.availabilityZones, 'Give at least two zones: the load balancer and the database need two.');
      }
    } else {
      const newVpcProps = {
        availabilityZones: props.availabilityZones, natGateways: props.natGateways, natGatewayProvider: props.natGatewayProvider,
      };
      for (const [name, value] of Object.entries(newVpcProps)) {
        if (value !== undefined) {
          throw new ValidationError(this, `${name} configures the new VPC, but a vpc or cluster is given; remove ${name}.`);
        }
      }
    }
  }

  private warnAboutInsecureUrl(props: ScalableWordpressOnFargateProps): void {
    if (!this.certificate && props.publicUrl === undefined) {
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:no-https',
        'No certificate and no publicUrl: the site is served over plain HTTP on the load balancer. Give domainName with hostedZone '
        + 'or certificate, or front it with GeoBlockedCloudFrontWaf and usePublicUrl().');
    }
  }
}

/**
 * Visits an ECS cluster after aws-cdk-lib's own aspect has created its capacity provider associations
 * (that aspect has a lower priority number, so it runs first on the same construct) and makes the
 * service depend on them.
 */
class ServiceAfterCapacityProviderAssociations implements IAspect {
  constructor(private readonly service: ecs.CfnService) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof ecs.Cluster)) {
      return;
    }
    for (const child of node.node.children) {
      if (child instanceof ecs.CfnClusterCapacityProviderAssociations) {
        this.service.addResourceDependency(child);
      }
    }
  }
}

/** The listener's answer to requests no rule takes. */
function notFound(): elbv2.ListenerAction {
  return elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' });
}

function validatePublicUrl(scope: Construct, prop: string, url: string): void {
  if (isUnresolved(url)) {
    return;
  }
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(url)) {
    throw propError(scope, prop, url, 'Allowed: an absolute http:// or https:// URL without query or fragment, e.g. "https://www.example.com".');
  }
}


function checkClientIpHeader(scope: Construct, prop: string, header: string | undefined): void {
  if (header !== undefined && !isUnresolved(header) && !/^[A-Za-z0-9-]{1,64}$/.test(header)) {
    throw propError(scope, prop, header, 'Allowed: an HTTP header name such as "CloudFront-Viewer-Address".');
  }
}
