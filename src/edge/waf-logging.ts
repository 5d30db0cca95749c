import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

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

/** Logging of a web ACL to S3 (cheaper than CloudWatch Logs for busy sites; query with Athena). */
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

/** Where a web ACL's request logs go. */
export enum WafLogDestinationType {
  /** A CloudWatch Logs log group. */
  CLOUDWATCH_LOGS = 'CLOUDWATCH_LOGS',
  /** An S3 bucket. */
  S3 = 'S3',
}

/**
 * Where a web ACL logs the requests it inspects. Cookies and the Authorization header are redacted
 * from the logs: they carry WordPress session tokens and passwords.
 */
export class WafLogging {
  /** Log to a new CloudWatch Logs log group in us-east-1. */
  public static cloudWatchLogs(options: WafCloudWatchLogsOptions = {}): WafLogging {
    return new WafLogging(WafLogDestinationType.CLOUDWATCH_LOGS, options, undefined);
  }

  /** Log to an S3 bucket in us-east-1 (a new one by default). */
  public static s3(options: WafS3LoggingOptions = {}): WafLogging {
    return new WafLogging(WafLogDestinationType.S3, undefined, options);
  }

  /** The destination type. */
  public readonly destinationType: WafLogDestinationType;
  /** Options of CloudWatch Logs logging. */
  public readonly cloudWatchLogsOptions?: WafCloudWatchLogsOptions;
  /** Options of S3 logging. */
  public readonly s3Options?: WafS3LoggingOptions;

  private constructor(destinationType: WafLogDestinationType, cloudWatchLogsOptions?: WafCloudWatchLogsOptions, s3Options?: WafS3LoggingOptions) {
    this.destinationType = destinationType;
    this.cloudWatchLogsOptions = cloudWatchLogsOptions;
    this.s3Options = s3Options;
  }
}
