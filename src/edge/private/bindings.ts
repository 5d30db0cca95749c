import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** What the distribution tells an origin access variant when it binds it. */
export interface OriginAccessBindOptions {
  /** How long CloudFront waits for the site to answer. */
  readonly readTimeout: Duration;
  /** The distribution's custom domain names, if any (an HTTPS origin needs them). */
  readonly domainNames?: string[];
}

/** What an origin access variant created for the distribution. */
export interface OriginAccessBinding {
  /** The CloudFront origin of the site's dynamic and static paths. */
  readonly origin: cloudfront.IOrigin;
  /** The request header in which the site gets the viewer's address (`SiteFront.clientIpHeader`). */
  readonly clientIpHeader: string;
  /** The CloudFront VPC origin, with VPC origin access. */
  readonly vpcOrigin?: cloudfront.VpcOrigin;
  /** The secret origin header's value, with public load balancer access. */
  readonly originSecret?: secretsmanager.ISecret;
  /** Name of the secret origin header, with public load balancer access. */
  readonly originHeaderName?: string;
}

/**
 * The header CloudFront sets to the viewer's address (`ip:port`) when the origin request policy asks for it: one of the
 * CloudFront headers that CloudFront itself adds to origin requests
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html;
 * `allViewerAndWhitelistCloudFront`: "the additional headers are added by CloudFront",
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginRequestPolicyHeadersConfig.html).
 */
export const VIEWER_ADDRESS_HEADER = 'CloudFront-Viewer-Address';

/** Where a web ACL's request logs went, once bound. */
export interface WafLoggingBinding {
  /** What the logging configuration's `logDestinationConfigs` takes. */
  readonly destinationArn: string;
  /** The log group, with CloudWatch Logs logging. */
  readonly logGroup?: logs.ILogGroup;
  /** The bucket, with S3 logging. */
  readonly logBucket?: s3.IBucket;
}
