import { Annotations, Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { WordpressDatabaseBinding, WordpressDatabaseBindOptions } from './private/database-binding';
import { checkPeakMinCapacity, createDatabasePeakSchedule, refusePeakMinCapacity } from './private/database-peak-schedule';
import { acknowledge } from '../private/acknowledge';
import { checkDuration, checkInteger, checkRange, isUnresolved, propError } from '../private/validation';

/** Settings every database option shares. */
export interface WordpressDatabaseOptions {
  /**
   * Name of the database WordPress uses.
   *
   * @default 'wordpress'
   */
  readonly databaseName?: string;

  /**
   * TCP port of the database. Not MySQL's 3306, so that the engine's default port is not used
   * (AwsSolutions-RDS11, Security Hub RDS.23); WordPress is told the port with the host.
   *
   * @default 3307
   */
  readonly port?: number;

  /**
   * How long automated backups (point-in-time recovery) are kept.
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;

  /**
   * What happens to the database when it leaves the stack. When the stack's first creation rolls back,
   * CloudFormation snapshots and deletes a database with `SNAPSHOT`, so a retry can create it again
   * under the same identifier (the snapshot stays). The exported log groups follow `DESTROY` and
   * `RETAIN`; otherwise they are deleted when the first creation rolls back and kept afterwards.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Refuse to delete the database until this is turned off. Note that RDS refuses CloudFormation too:
   * if the stack's first creation fails after the database exists, its rollback cannot delete a
   * protected database and the stack ends in `ROLLBACK_FAILED` (delete the stack, keeping the
   * database, then delete the database). Set it to false for a first deployment you expect to retry,
   * and turn it on once the site runs.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Retention of the database logs exported to CloudWatch Logs (error and slow query logs).
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Options of `WordpressDatabase.auroraServerlessV2()`: capacity follows load, billed per ACU-hour. */
export interface AuroraServerlessV2Options extends WordpressDatabaseOptions {
  /**
   * Minimum capacity in Aurora capacity units (0.5 to 256, in steps of 0.5). With `autoPause` the
   * minimum is 0 ACU (what pausing means): leave it unset or give 0; any other value is an error.
   *
   * @default - 0.5; 0 with `autoPause`
   */
  readonly minCapacity?: number;

  /**
   * Maximum capacity in Aurora capacity units (1 to 256, in steps of 0.5).
   *
   * @default 4
   */
  readonly maxCapacity?: number;

  /**
   * Pause the database after this much idle time and scale to 0 ACU (5 minutes to 24 hours).
   * The first request after a pause waits roughly 15 seconds while the database resumes: use it for
   * staging, not for a production site.
   *
   * @default - never pauses
   */
  readonly autoPause?: Duration;

  /**
   * Number of Serverless v2 reader instances, in other availability zones, for a fast failover.
   *
   * @default 0 - one writer; Aurora replaces it in another zone after a failure (minutes)
   */
  readonly readers?: number;

  /**
   * Aurora MySQL engine version (3.08 or later supports auto-pause).
   *
   * @default rds.AuroraMysqlEngineVersion.VER_3_10_4 (the 3.10 long-term support line)
   */
  readonly engineVersion?: rds.AuroraMysqlEngineVersion;

  /**
   * Backtrack window: rewind the whole cluster in place within this window (up to 72 hours).
   * Not available in every region, and billed per change record.
   *
   * @default - no backtracking; restores come from point-in-time recovery and AWS Backup
   */
  readonly backtrackWindow?: Duration;

  /**
   * Minimum capacity in Aurora capacity units through each of the site's monthly peaks (above `minCapacity`, at most
   * `maxCapacity`, in steps of 0.5). EventBridge Scheduler raises the cluster's minimum to it `peakLeadTime` before each
   * peak, in the site's `scheduleTimeZone`, and restores `minCapacity` when the peak is over, so that a peak does not
   * start on a cold, minimal database. The template keeps `minCapacity`: a deployment that updates the cluster during
   * a peak sets it back (see docs/site.md).
   *
   * @default - the minimum stays `minCapacity` through peaks
   */
  readonly peakMinCapacity?: number;
}

/** Options of `WordpressDatabase.mysqlInstance()`: one instance class, the cheapest option for a small, steady site. */
export interface MysqlInstanceOptions extends WordpressDatabaseOptions {
  /**
   * Instance class.
   *
   * @default t4g.small (2 vCPU, 2 GiB, Graviton)
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * A standby in a second availability zone (doubles the instance cost).
   *
   * @default false
   */
  readonly multiAz?: boolean;

  /**
   * Initial storage in GiB (gp3).
   *
   * @default 20
   */
  readonly allocatedStorageGiB?: number;

  /**
   * Storage autoscaling ceiling in GiB.
   *
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;

  /**
   * MySQL engine version.
   *
   * @default rds.MysqlEngineVersion.VER_8_4_8
   */
  readonly engineVersion?: rds.MysqlEngineVersion;
}

const DEFAULT_PORT = 3307;
/** Database logs exported to CloudWatch Logs. */
const EXPORTED_LOGS = ['error', 'slowquery'];
const DEFAULT_DATABASE_NAME = 'wordpress';
/** Characters left out of generated passwords: they break shell, URL or PHP quoting somewhere. */
const PASSWORD_EXCLUDE = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

/**
 * The MySQL database of a site: Aurora MySQL Serverless v2 or an RDS for MySQL instance, chosen with a static factory.
 *
 * Both are encrypted at rest, require TLS (`require_secure_transport`), keep their
 * credentials in a generated Secrets Manager secret that reaches WordPress through ECS `secrets`,
 * export error and slow query logs, and are snapshotted on removal and deletion-protected by default.
 * The site exposes what was created as `databaseCluster` or `databaseInstance`.
 */
export abstract class WordpressDatabase {
  /** Aurora MySQL Serverless v2 (the default). */
  public static auroraServerlessV2(options: AuroraServerlessV2Options = {}): WordpressDatabase {
    return new AuroraServerlessV2Database(options);
  }

  /** Amazon RDS for MySQL on a single instance class (optionally Multi-AZ). */
  public static mysqlInstance(options: MysqlInstanceOptions = {}): WordpressDatabase {
    return new MysqlInstanceDatabase(options);
  }

  protected constructor() {}

  /**
   * Create the database in `scope`. Called once by `ScalableWordpressOnFargate`.
   * @internal
   */
  public abstract _bind(scope: Construct, id: string, options: WordpressDatabaseBindOptions): WordpressDatabaseBinding;
}

class AuroraServerlessV2Database extends WordpressDatabase {
  constructor(private readonly options: AuroraServerlessV2Options) {
    super();
  }

  /** @internal */
  public _bind(scope: Construct, id: string, options: WordpressDatabaseBindOptions): WordpressDatabaseBinding {
    return bindAurora(scope, id, this.options, options);
  }
}

class MysqlInstanceDatabase extends WordpressDatabase {
  constructor(private readonly options: MysqlInstanceOptions) {
    super();
  }

  /** @internal */
  public _bind(scope: Construct, id: string, options: WordpressDatabaseBindOptions): WordpressDatabaseBinding {
    return bindInstance(scope, id, this.options, options);
  }
}

function validateCommon(scope: Construct, prefix: string, o: WordpressDatabaseOptions): void {
  checkInteger(scope, `${prefix}.port`, o.port, 1150, 65535);
  if (o.databaseName !== undefined && !isUnresolved(o.databaseName) && !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(o.databaseName)) {
    throw propError(scope, `${prefix}.databaseName`, o.databaseName, 'Allowed: a letter, then up to 63 letters, digits or underscores.');
  }
  if (o.backupRetention !== undefined && !o.backupRetention.isUnresolved()) {
    checkInteger(scope, `${prefix}.backupRetention (days)`, o.backupRetention.toDays({ integral: false }), 1, 35);
  }
  if (o.removalPolicy === RemovalPolicy.DESTROY && (o.deletionProtection ?? true)) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:database-destroy-protected',
      `${prefix}.removalPolicy is DESTROY but deletionProtection is ${o.deletionProtection === undefined ? 'on (the default)' : 'true'}: `
      + 'RDS refuses to delete a protected database, so removing it or deleting the stack fails. Set deletionProtection: false as well.');
  }
}

function bindAurora(scope: Construct, id: string, o: AuroraServerlessV2Options, bind: WordpressDatabaseBindOptions): WordpressDatabaseBinding {
  const prefix = 'database (auroraServerlessV2)';
  validateCommon(scope, prefix, o);
  const autoPause = o.autoPause;
  // Auto-pause means a minimum of 0 ACU (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html):
  // a non-zero minCapacity next to it is a contradiction, not something to override silently.
  if (autoPause && o.minCapacity !== undefined && !isUnresolved(o.minCapacity) && o.minCapacity !== 0) {
    throw propError(scope, `${prefix}.minCapacity`, o.minCapacity, `autoPause (${autoPause.toHumanString()}) scales the database to 0 ACU `
      + 'when idle, so the minimum capacity is 0: set minCapacity to 0 or leave it unset, or remove autoPause to keep a floor.');
  }
  if (autoPause && o.engineVersion) {
    checkAutoPauseEngine(scope, `${prefix}.engineVersion`, o.engineVersion);
  }
  const minCapacity = o.minCapacity ?? (autoPause ? 0 : 0.5);
  const maxCapacity = o.maxCapacity ?? 4;
  checkRange(scope, `${prefix}.minCapacity`, minCapacity, autoPause ? 0 : 0.5, 256, 0.5);
  checkRange(scope, `${prefix}.maxCapacity`, maxCapacity, 1, 256, 0.5);
  if (!isUnresolved(minCapacity) && !isUnresolved(maxCapacity) && minCapacity > maxCapacity) {
    throw propError(scope, `${prefix}.minCapacity`, minCapacity, `It must not exceed maxCapacity (${maxCapacity}).`);
  }
  checkPeakMinCapacity(scope, `${prefix}.peakMinCapacity`, o.peakMinCapacity, minCapacity, maxCapacity);
  checkInteger(scope, `${prefix}.readers`, o.readers, 0, 15);
  checkDuration(scope, `${prefix}.autoPause`, autoPause, 'seconds', 300, 24 * 3600);
  checkDuration(scope, `${prefix}.backtrackWindow`, o.backtrackWindow, 'seconds', 1, 72 * 3600);

  const engine = rds.DatabaseClusterEngine.auroraMysql({ version: o.engineVersion ?? rds.AuroraMysqlEngineVersion.VER_3_10_4 });
  const parameterGroup = new rds.ParameterGroup(scope, `${id}ParameterGroup`, {
    engine,
    description: 'WordPress: TLS required for every connection',
    parameters: { require_secure_transport: 'ON' },
  });
  const port = o.port ?? DEFAULT_PORT;
  const databaseName = o.databaseName ?? DEFAULT_DATABASE_NAME;
  const clusterIdentifier = databaseIdentifier(scope, id);
  const logGroups = exportedLogGroups(scope, id, `/aws/rds/cluster/${clusterIdentifier}`, o, bind);
  const cluster = new rds.DatabaseCluster(scope, id, {
    engine,
    clusterIdentifier,
    parameterGroup,
    credentials: rds.Credentials.fromGeneratedSecret('wordpress', { excludeCharacters: PASSWORD_EXCLUDE }),
    defaultDatabaseName: databaseName,
    port,
    vpc: bind.vpc,
    vpcSubnets: bind.subnets,
    writer: rds.ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
    readers: Array.from({ length: o.readers ?? 0 }, (_, i) =>
      rds.ClusterInstance.serverlessV2(`Reader${i + 1}`, { scaleWithWriter: true, autoMinorVersionUpgrade: true })),
    serverlessV2MinCapacity: minCapacity,
    serverlessV2MaxCapacity: maxCapacity,
    serverlessV2AutoPauseDuration: autoPause,
    storageEncrypted: true,
    deletionProtection: o.deletionProtection ?? true,
    removalPolicy: o.removalPolicy ?? bind.removalPolicy ?? RemovalPolicy.SNAPSHOT,
    backup: { retention: o.backupRetention ?? Duration.days(7) },
    backtrackWindow: o.backtrackWindow,
    cloudwatchLogsExports: EXPORTED_LOGS,
    copyTagsToSnapshot: true,
  });
  logGroups.forEach((group) => cluster.node.addDependency(group));
  if (autoPause) {
    Annotations.of(cluster).addWarningV2('cdk-fargate-wordpress:database-auto-pause',
      'The database pauses when idle: the first request after a pause waits about 15 seconds while it resumes. '
      + 'Use auto-pause for staging, not for a production site.');
  }

  acknowledge(cluster, 'AwsSolutions-RDS6',
    'WordPress connects with a username and password from Secrets Manager; it cannot use IAM database authentication tokens.');
  acknowledge(cluster, 'AwsSolutions-RDS16',
    'Error and slow query logs are exported. The general log records every query with user data and the audit log needs '
      + 'the audit plugin; both cost CloudWatch Logs ingestion a two-person team would not read.');
  if (!o.backtrackWindow) {
    acknowledge(cluster, 'AwsSolutions-RDS14',
      'Backtrack is not available in every region and is billed per change record; point-in-time recovery and AWS Backup '
        + 'cover restores. Set database.backtrackWindow to enable it.');
  }
  acknowledgeSecretRotation(cluster);
  const peakSchedule = o.peakMinCapacity === undefined || !bind.capacity ? undefined : createDatabasePeakSchedule(scope, id, {
    cluster,
    clusterIdentifier,
    minCapacity,
    maxCapacity,
    peakMinCapacity: o.peakMinCapacity,
    autoPauseSeconds: autoPause?.toSeconds(),
    capacity: bind.capacity,
  });

  return {
    cluster,
    peakSchedule,
    secret: cluster.secret!,
    hostname: cluster.clusterEndpoint.hostname,
    port,
    databaseName,
    connections: cluster.connections,
    backupResource: backup.BackupResource.fromRdsDatabaseCluster(cluster),
  };
}

function bindInstance(scope: Construct, id: string, o: MysqlInstanceOptions, bind: WordpressDatabaseBindOptions): WordpressDatabaseBinding {
  const prefix = 'database (mysqlInstance)';
  validateCommon(scope, prefix, o);
  refusePeakMinCapacity(scope, prefix, o);
  const allocated = o.allocatedStorageGiB ?? 20;
  const maxAllocated = o.maxAllocatedStorageGiB ?? 100;
  checkInteger(scope, `${prefix}.allocatedStorageGiB`, allocated, 20, 65536);
  checkInteger(scope, `${prefix}.maxAllocatedStorageGiB`, maxAllocated, 20, 65536);
  if (!isUnresolved(allocated) && !isUnresolved(maxAllocated) && maxAllocated < allocated) {
    throw propError(scope, `${prefix}.maxAllocatedStorageGiB`, maxAllocated, `It must be at least allocatedStorageGiB (${allocated}).`);
  }

  const engine = rds.DatabaseInstanceEngine.mysql({ version: o.engineVersion ?? rds.MysqlEngineVersion.VER_8_4_8 });
  const parameterGroup = new rds.ParameterGroup(scope, `${id}ParameterGroup`, {
    engine,
    description: 'WordPress: TLS required for every connection',
    parameters: { require_secure_transport: '1' },
  });
  const port = o.port ?? DEFAULT_PORT;
  const databaseName = o.databaseName ?? DEFAULT_DATABASE_NAME;
  const multiAz = o.multiAz ?? false;
  const instanceIdentifier = databaseIdentifier(scope, id);
  const logGroups = exportedLogGroups(scope, id, `/aws/rds/instance/${instanceIdentifier}`, o, bind);
  const instance = new rds.DatabaseInstance(scope, id, {
    engine,
    instanceIdentifier,
    parameterGroup,
    instanceType: o.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.SMALL),
    credentials: rds.Credentials.fromGeneratedSecret('wordpress', { excludeCharacters: PASSWORD_EXCLUDE }),
    databaseName,
    port,
    vpc: bind.vpc,
    vpcSubnets: bind.subnets,
    multiAz,
    allocatedStorage: allocated,
    maxAllocatedStorage: maxAllocated,
    storageType: rds.StorageType.GP3,
    storageEncrypted: true,
    deletionProtection: o.deletionProtection ?? true,
    removalPolicy: o.removalPolicy ?? bind.removalPolicy ?? RemovalPolicy.SNAPSHOT,
    backupRetention: o.backupRetention ?? Duration.days(7),
    autoMinorVersionUpgrade: true,
    cloudwatchLogsExports: EXPORTED_LOGS,
    copyTagsToSnapshot: true,
    publiclyAccessible: false,
  });
  logGroups.forEach((group) => instance.node.addDependency(group));
  acknowledge(instance, 'AwsSolutions-RDS6',
    'WordPress connects with a username and password from Secrets Manager; it cannot use IAM database authentication tokens.');
  if (!multiAz) {
    acknowledge(instance, 'AwsSolutions-RDS3',
      'The single-instance MySQL option exists to be the cheapest database for a small site; multiAz: true adds a standby.');
  }
  acknowledgeSecretRotation(instance);

  return {
    instance,
    secret: instance.secret!,
    hostname: instance.dbInstanceEndpointAddress,
    port,
    databaseName,
    connections: instance.connections,
    backupResource: backup.BackupResource.fromRdsDatabaseInstance(instance),
  };
}

/** The generated credentials secret of a cluster or instance (not its attachment). */
function acknowledgeSecretRotation(database: IConstruct): void {
  acknowledge(database.node.findChild('Secret'), 'AwsSolutions-SMG4',
    'ECS hands the credentials to WordPress when a task starts; rotating them would cut running tasks off the database '
      + 'until they restart. Rotate together with a forced redeployment instead.');
}

/**
 * A stable, valid RDS identifier for the database (letters, digits, single hyphens, starting with a
 * letter), unique per construct path. Known at synth time so that the exported log groups can be
 * created with their retention up front, without CDK's LogRetention Lambda.
 */
function databaseIdentifier(scope: IConstruct, id: string): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: 55, separator: '-' }) + `-${id}`;
  const cleaned = unique.toLowerCase().replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(cleaned) ? cleaned.slice(0, 63).replace(/-+$/, '') : `wp-${cleaned}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Throws unless the Aurora MySQL engine supports auto-pause (a minimum of 0 ACU): 3.08.0 or later, per
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html#aurora-serverless-v2.how-it-works.capacity
 */
function checkAutoPauseEngine(scope: Construct, prop: string, version: rds.AuroraMysqlEngineVersion): void {
  const full = version.auroraMysqlFullVersion;
  const match = /mysql_aurora\.(\d+)\.(\d+)/.exec(full);
  if (isUnresolved(full) || !match) {
    return;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < 3 || (major === 3 && minor < 8)) {
    throw propError(scope, prop, full, 'autoPause needs Aurora MySQL 3.08.0 or later (a minimum capacity of 0 ACU); '
      + 'choose a newer engineVersion or remove autoPause.');
  }
}

/**
 * The log groups RDS exports into, created by the stack with a retention (RDS would create them without one).
 * Their names are fixed (RDS writes to `/aws/rds/<cluster|instance>/<identifier>/<log>`), so a retained group
 * would make a retry of a failed first deployment fail with "already exists": unless the database's own
 * `removalPolicy` says DESTROY or RETAIN, they are deleted when the stack's creation rolls back and kept
 * afterwards (`RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE`, CloudFormation's `RetainExceptOnCreate`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
 */
function exportedLogGroups(scope: Construct, id: string, prefix: string, o: WordpressDatabaseOptions,
  bind: WordpressDatabaseBindOptions): logs.LogGroup[] {
  const databasePolicy = o.removalPolicy ?? bind.removalPolicy;
  const removalPolicy = databasePolicy === RemovalPolicy.DESTROY || databasePolicy === RemovalPolicy.RETAIN
    ? databasePolicy : RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
  return EXPORTED_LOGS.map((log) => new logs.LogGroup(scope, `${id}${log === 'error' ? 'Error' : 'SlowQuery'}Log`, {
    logGroupName: `${prefix}/${log}`,
    retention: o.logRetention ?? logs.RetentionDays.ONE_MONTH,
    removalPolicy,
  }));
}
