import { Annotations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { WordpressCapacity } from './capacity';
import { labelBootstrapImage, registerWithServiceChanges, ReleasedImage } from './private/released-image';
import { resolveSiteProps } from './private/resolved-props';
import { createSiteBackup } from './private/site-backup';
import { createSiteCron, resolveCron } from './private/site-cron';
import { createSiteFiles } from './private/site-files';
import { CONTAINER_PORT, createSiteLoadBalancer } from './private/site-load-balancer';
import { createSiteNetwork } from './private/site-network';
import { addSiteScaling } from './private/site-scaling';
import { createSiteService } from './private/site-service';
import { checkClientIpHeader, validatePublicUrl, validateSiteProps } from './private/validate-site-props';
import { ENV_CLIENT_IP_HEADER } from './private/wordpress-config';
import { createSaltSecrets, createWordpressTask } from './private/wordpress-container';
import { ScalableWordpressOnFargateProps } from './scalable-wordpress-on-fargate-props';
import { DatabasePeakSchedule, IWordpressSite, SiteCron, SiteFront } from './site-contract';
import { WordpressContent } from './wordpress-content';
import { WordpressDatabase } from './wordpress-database';
import { WordpressDeployment } from './wordpress-deployment';
import { WordpressSaltSecrets } from './wordpress-salt-secrets';
import { ValidationError } from '../private/validation';

/**
 * WordPress on ECS Fargate behind an Application Load Balancer, with its database, shared files, scaling and backup.
 *
 * Creates (or uses) a VPC and an ECS cluster; a Fargate service of 2 vCPU / 8 GiB tasks running the
 * official WordPress image; an ALB (HTTPS with an HTTP redirect when a certificate or a domain is
 * given); an encrypted EFS file system for `wp-content` (shared content) or only its uploads (immutable
 * content, the default of a blue/green site: the code comes from the image) mounted through an access point
 * owned by `www-data` with TLS and IAM authorization; an Aurora MySQL Serverless v2 database (or an RDS
 * MySQL instance) that requires TLS; credentials and the WordPress keys/salts in Secrets Manager,
 * injected through ECS `secrets`; the proxy-aware WordPress configuration; target tracking on CPU and
 * requests, scheduled scaling for monthly peaks; a circuit breaker with rollback; AWS Backup of the
 * file system and the database. Stateful resources are retained by default. Alarms and a dashboard
 * are composed beside it: `new WordpressOperations(scope, 'Ops', { site, ... })`.
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
  /** The EFS file system holding wp-content (with immutable content, only its uploads are used). */
  public readonly fileSystem: efs.FileSystem;
  /** The access point WordPress mounts (root `/wp-content`, or `/wp-content/uploads` with immutable content; owned by www-data). */
  public readonly accessPoint: efs.AccessPoint;
  /** The Aurora cluster, when the database is Aurora Serverless v2. */
  public readonly databaseCluster?: rds.DatabaseCluster;
  /** The RDS instance, when the database is a MySQL instance. */
  public readonly databaseInstance?: rds.DatabaseInstance;
  /** The secret with the database credentials (username, password, host, port, dbname). */
  public readonly databaseSecret: secretsmanager.ISecret;
  /** The generated WordPress keys and salts, one secret per WordPress constant. */
  public readonly saltSecrets: WordpressSaltSecrets;
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
  /** Where WordPress's code comes from (`content`, or its default). */
  public readonly content: WordpressContent;
  /** The container that copies what the image ships onto the shared wp-content once per release, if the site has one. */
  public readonly releaseSyncContainer?: ecs.ContainerDefinition;
  /** The schedules that raise the Aurora cluster's minimum capacity before peaks (`peakMinCapacity` of the database). */
  public readonly databasePeakSchedule?: DatabasePeakSchedule;
  /** The scheduled WP-Cron (its schedule, group and dead-letter queue), unless `cron.enabled` is false. */
  public readonly scheduledCron?: SiteCron;
  /**
   * The SSM parameter holding the image the site runs, when it tracks its releases (`trackReleasedImage`): the container's
   * image is a CloudFormation dynamic reference to it; a release pipeline writes each released image into it by digest.
   */
  public readonly releasedImageParameter?: ssm.IStringParameter;

  private publicUrlValue: string;
  private clientIpHeader?: string;

  constructor(scope: Construct, id: string, props: ScalableWordpressOnFargateProps = {}) {
    super(scope, id);
    validateSiteProps(this, props);
    const resolved = resolveSiteProps(this, props);
    this.capacity = resolved.capacity;
    this.deployment = resolved.deployment;
    this.database = resolved.database;
    this.fileSystemThroughputMode = resolved.fileSystemThroughputMode;
    this.content = resolved.content.content;
    this.clientIpHeader = props.clientIpHeader;

    const network = createSiteNetwork(this, resolved);
    this.vpc = network.vpc;
    this.cluster = network.cluster;

    const files = createSiteFiles(this, this.vpc, network.dataSubnets, resolved);
    this.fileSystem = files.fileSystem;
    this.accessPoint = files.accessPoint;

    const db = this.database._bind(this, 'Database', { vpc: this.vpc, subnets: network.dataSubnets, capacity: this.capacity });
    this.databasePeakSchedule = db.peakSchedule;
    this.databaseCluster = db.cluster;
    this.databaseInstance = db.instance;
    this.databaseSecret = db.secret;
    this.saltSecrets = createSaltSecrets(this, resolved.removalPolicy);

    const lb = createSiteLoadBalancer(this, this.vpc, resolved);
    this.loadBalancer = lb.loadBalancer;
    this.accessLogsBucket = lb.accessLogsBucket;
    this.certificate = lb.certificate;
    this.targetGroup = lb.targetGroup;
    this.alternateTargetGroup = lb.alternateTargetGroup;
    this.listener = lb.listener;
    this.listenerPort = lb.listenerPort;
    this.listenerProtocol = lb.listenerProtocol;
    this.redirectListener = lb.redirectListener;
    this.listenerRule = lb.listenerRule;
    this.testListener = lb.testListener;
    this.testListenerRule = lb.testListenerRule;
    this.publicUrlValue = props.publicUrl
      ?? (props.domainName ? `https://${props.domainName}` : `http://${this.loadBalancer.loadBalancerDnsName}`);

    const releasedImage = resolved.trackReleasedImage ? new ReleasedImage(this, resolved.image.containerImage) : undefined;
    const task = createWordpressTask(this, resolved, {
      vpc: this.vpc, files, database: db, salts: this.saltSecrets, publicUrl: () => this.publicUrlValue, image: releasedImage,
    });
    this.taskDefinition = task.taskDefinition;
    this.grantPrincipal = task.taskDefinition.taskRole;
    this.logGroup = task.logGroup;
    this.container = task.container;
    this.releaseSyncContainer = task.releaseSyncContainer;

    const service = createSiteService(this, resolved, {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      container: this.container,
      subnets: network.taskSubnets,
      lb,
      databaseCluster: db.cluster,
    });
    this.service = service.service;
    if (releasedImage) {
      labelBootstrapImage(this.container, releasedImage);
      this.releasedImageParameter = releasedImage.parameter;
      if (this.deployment._bind().kind !== 'CODE_DEPLOY_BLUE_GREEN') {
        registerWithServiceChanges(this.container, this.service);
      }
    }
    this.blueGreenRole = service.blueGreenRole;
    this.connections = this.service.connections;
    db.connections.allowDefaultPortFrom(this.service, 'WordPress tasks to MySQL');
    this.fileSystem.connections.allowDefaultPortFrom(this.service, 'WordPress tasks to EFS (NFS over TLS)');

    this.scalableTarget = addSiteScaling(this.service, this.capacity, lb);

    const cron = resolveCron(this, props.cron);
    this.scheduledCron = cron && createSiteCron(this, cron, {
      cluster: this.cluster, taskDefinition: this.taskDefinition, container: this.container, service: this.service, subnets: network.taskSubnets,
    });

    if (resolved.backup) {
      const siteBackup = createSiteBackup(this, [backup.BackupResource.fromEfsFileSystem(this.fileSystem), db.backupResource],
        resolved.backupRetention, resolved.removalPolicy);
      this.backupVault = siteBackup.backupVault;
      this.backupPlan = siteBackup.backupPlan;
    }

    if (!this.certificate && props.publicUrl === undefined) {
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:no-https',
        'No certificate and no publicUrl: the site is served over plain HTTP on the load balancer. Give domainName with hostedZone '
        + 'or certificate, or front it with GeoBlockedCloudFrontWaf and usePublicUrl().');
    }
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
}
