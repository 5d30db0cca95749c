import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { WafLoggingBinding } from './private/bindings';
import { acknowledge } from '../private/acknowledge';

/** Logging of a web ACL to CloudWatch Logs. */
export interface WafCloudWatchLogsOptions {
  /**
   * Name of the new log group; WAF requires the prefix `aws-waf-logs-`.
   *
   * @default - `aws-waf-logs-` followed by a name derived from the construct path
   */
  readonly logGroupName?: string;

  /**
   * How long the log group keeps the logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE - deleted when the stack's first creation rolls back (its
   * name is fixed, so a retained group would make the retry fail with "already exists"), retained afterwards
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Logging of a web ACL to S3 (for busy sites; query with Athena). */
export interface WafS3LoggingOptions {
  /**
   * An existing bucket in us-east-1 whose name starts with `aws-waf-logs-`. Its policy must let
   * `delivery.logs.amazonaws.com` write (WAF adds that when it is missing).
   *
   * @default - a new bucket named `aws-waf-logs-<account>-<name derived from the construct path>`:
   * SSE-S3, public access blocked, SSL only, the delivery policy for this account, objects expire
   * after `expiration`
   */
  readonly bucket?: s3.IBucket;

  /**
   * When the new bucket deletes log objects.
   *
   * @default Duration.days(90)
   */
  readonly expiration?: Duration;

  /**
   * What happens to the new bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE - deleted when the stack's first creation rolls back (its
   * name is fixed, so a retained bucket would make the retry fail with "already exists"), retained afterwards
   */
  readonly removalPolicy?: RemovalPolicy;
}

const WAF_LOG_PREFIX = 'aws-waf-logs-';
/**
 * The log destinations need fixed names (WAF requires the `aws-waf-logs-` prefix), so a retained one would
 * make the retry of a failed first deployment fail with "already exists". CloudFormation's
 * `RetainExceptOnCreate` deletes them when the stack's creation rolls back and keeps them on every later
 * removal (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
 */
const RETAIN_EXCEPT_ON_CREATE = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * Where a web ACL logs the requests it inspects: a CloudWatch Logs log group or an S3 bucket, with cookies and the
 * Authorization header redacted (they carry WordPress session tokens and passwords).
 */
export abstract class WafLogging {
  /** Log to a new CloudWatch Logs log group in us-east-1. */
  public static cloudWatchLogs(options: WafCloudWatchLogsOptions = {}): WafLogging {
    return new CloudWatchLogsLogging(options);
  }

  /** Log to an S3 bucket in us-east-1 (a new one by default). */
  public static s3(options: WafS3LoggingOptions = {}): WafLogging {
    return new S3Logging(options);
  }

  /**
   * Create the destination in `scope` (the web ACL's construct) and return it.
   *
   * @internal
   */
  public abstract _bind(scope: Construct): WafLoggingBinding;
}

/** A new log group. */
class CloudWatchLogsLogging extends WafLogging {
  constructor(private readonly options: WafCloudWatchLogsOptions) {
    super();
  }

  public _bind(scope: Construct): WafLoggingBinding {
    const options = this.options;
    const logGroupName = options.logGroupName ?? `${WAF_LOG_PREFIX}${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}`;
    const logGroup = new logs.LogGroup(scope, 'LogGroup', {
      logGroupName,
      retention: options.retention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: options.removalPolicy ?? RETAIN_EXCEPT_ON_CREATE,
    });
    // WAF takes the log group ARN without the ":*" suffix that LogGroup.logGroupArn has.
    const destinationArn = Stack.of(scope).formatArn({
      service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { destinationArn, logGroup };
  }
}

/** A given bucket, or a new one with the log delivery policy. */
class S3Logging extends WafLogging {
  constructor(private readonly options: WafS3LoggingOptions) {
    super();
  }

  public _bind(scope: Construct): WafLoggingBinding {
    const options = this.options;
    const logBucket = options.bucket
      ?? createLogBucket(scope, options.expiration ?? Duration.days(90), options.removalPolicy ?? RETAIN_EXCEPT_ON_CREATE);
    return { destinationArn: logBucket.bucketArn, logBucket };
  }
}

function createLogBucket(scope: Construct, expiration: Duration, removalPolicy: RemovalPolicy): s3.Bucket {
  const stack = Stack.of(scope);
  const suffix = Names.uniqueResourceName(scope, { maxLength: 63 - WAF_LOG_PREFIX.length - 13, separator: '-' }).toLowerCase();
  const bucket = new s3.Bucket(scope, 'LogBucket', {
    bucketName: `${WAF_LOG_PREFIX}${stack.account}-${suffix}`,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration }],
    removalPolicy,
  });
  // The log delivery service writes WAF logs; declared here so that WAF does not edit the policy behind CloudFormation's back.
  const condition = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
  };
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AWSLogDeliveryWrite',
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
    conditions: { ...condition, StringEquals: { ...condition.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AWSLogDeliveryAclCheck',
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['s3:GetBucketAcl'],
    resources: [bucket.bucketArn],
    conditions: condition,
  }));
  acknowledge(bucket, 'AwsSolutions-S1',
    'This bucket is itself the destination of the web ACL\'s request logs; logging access to it would need another bucket for no gain.');
  return bucket;
}
