import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pricingplanmanager from 'aws-cdk-lib/aws-pricingplanmanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { GeoBlockedCloudFrontWafProps } from './geo-blocked-cloud-front-waf-props';
import { LoadBalancerOriginAccess } from './load-balancer-origin-access';
import { createWordpressPolicies, wordpressBehaviors } from './private/cache-behaviors';
import { weakReference } from './private/cross-region';
import { createAccessLogsBucket, createMediaBucket, grantMediaReadWrite } from './private/edge-buckets';
import { validateEdgeProps } from './private/edge-validation';
import { recordWebAclUse, subscribeToPlan } from './private/pricing-plan';
import { WordpressWebAcl } from './wordpress-web-acl';
import { acknowledge } from '../private/acknowledge';
import { ValidationError } from '../private/validation';
import { ILoadBalancedOrigin } from '../wordpress/site-contract';

const S3_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';
const DEFAULT_READ_TIMEOUT = Duration.seconds(60);

/**
 * A CloudFront distribution in the site's stack and region, in front of the site's load balancer, with the origin access
 * and an optional media bucket; it does not create the WAF web ACL or the certificate, which CloudFront needs in us-east-1
 * and which it is given (a `WordpressWebAcl` or `webAclArn`, and an ACM certificate).
 *
 * The origin access is a CloudFront VPC origin to an internal load balancer (default) or HTTPS with a secret header to an
 * internet-facing one; either way the load balancer's security group admits CloudFront's origin-facing prefix list on
 * the origin's listener port, and nothing else. Caching knows WordPress: the dashboard and PHP are never cached, static
 * files are, pages only when WordPress says so. The origin is pinned to the distribution's `url` and takes the viewer's
 * address from `CloudFront-Viewer-Address` (`useFront`; `clientIpHeader` names another). See docs/edge.md for every default.
 */
export class GeoBlockedCloudFrontWaf extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The URL viewers use: `https://` and the first domain name, or the distribution's name. The origin is pinned to it. */
  public readonly url: string;
  /** The host name viewers use: the first domain name, or the distribution's `*.cloudfront.net` name. */
  public readonly domainName: string;
  /** The site the distribution fronts. */
  public readonly origin: ILoadBalancedOrigin;
  /** ARN of the web ACL the distribution uses. */
  public readonly webAclArn: string;
  /** The web ACL, when a `WordpressWebAcl` was given. */
  public readonly webAcl?: WordpressWebAcl;
  /** The certificate, with a custom domain. */
  public readonly certificate?: acm.ICertificate;
  /** The bucket of the distribution's access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The bucket `wp-content/uploads/*` is served from, with media offload. */
  public readonly mediaBucket?: s3.IBucket;
  /** The CloudFront VPC origin of the load balancer, with VPC origin access. */
  public readonly vpcOrigin?: cloudfront.VpcOrigin;
  /** The secret origin header's value, with public load balancer access. */
  public readonly originSecret?: secretsmanager.ISecret;
  /** Name of the secret origin header, with public load balancer access. */
  public readonly originHeaderName?: string;
  /** The request header in which the origin gets the viewer's address (`CloudFront-Viewer-Address` unless told). */
  public readonly clientIpHeader: string;
  /** Cache policy of the pages: keyed on every cookie and query string, TTL from the origin's `Cache-Control` (default 0). */
  public readonly pageCachePolicy: cloudfront.CachePolicy;
  /** Cache policy of static files. */
  public readonly staticCachePolicy: cloudfront.CachePolicy;
  /** Origin request policy of the load balancer's dynamic paths. */
  public readonly originRequestPolicy: cloudfront.OriginRequestPolicy;
  /** The distribution's flat-rate plan subscription, with `pricingPlan`. */
  public readonly pricingPlanSubscription?: pricingplanmanager.CfnSubscription;

  constructor(scope: Construct, id: string, props: GeoBlockedCloudFrontWafProps) {
    super(scope, id);
    // S3 server access logs (of the media bucket) are delivered under a bucket policy, not the legacy log-delivery ACL.
    this.node.setContext(S3_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    validateEdgeProps(this, props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.origin = props.origin;

    this.webAcl = props.webAcl;
    this.webAclArn = weakReference(this, props.webAcl ? props.webAcl.webAclArn : props.webAclArn!);
    this.certificate = props.certificate;
    const viewerCertificate = props.certificate
      ? acm.Certificate.fromCertificateArn(this, 'ViewerCertificate', weakReference(this, props.certificate.certificateArn))
      : undefined;

    // ------------------------------------------------------------------ origins
    const access = (props.originAccess ?? LoadBalancerOriginAccess.vpcOrigin())._bind(this, props.origin, {
      readTimeout: props.originReadTimeout ?? DEFAULT_READ_TIMEOUT,
      domainNames: props.domainNames,
    });
    this.vpcOrigin = access.vpcOrigin;
    this.originSecret = access.originSecret;
    this.originHeaderName = access.originHeaderName;
    this.clientIpHeader = props.clientIpHeader ?? access.clientIpHeader;

    this.accessLogsBucket = props.accessLogsBucket ?? createAccessLogsBucket(this, removalPolicy);
    if (props.mediaBucket || props.mediaOffload) {
      this.mediaBucket = props.mediaBucket ?? createMediaBucket(this, this.accessLogsBucket, removalPolicy);
    }

    // ------------------------------------------------------------------ policies and behaviours
    const policies = createWordpressPolicies(this, props.staticFilesTtl);
    this.pageCachePolicy = policies.pageCachePolicy;
    this.staticCachePolicy = policies.staticCachePolicy;
    this.originRequestPolicy = policies.originRequestPolicy;
    const uploadsOrigin = this.mediaBucket ? origins.S3BucketOrigin.withOriginAccessControl(this.mediaBucket) : access.origin;
    const behaviors = wordpressBehaviors(policies, access.origin, uploadsOrigin,
      props.responseHeadersPolicy ?? cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS);

    // ------------------------------------------------------------------ distribution
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment ?? 'WordPress (cdk-fargate-wordpress)',
      defaultBehavior: behaviors.defaultBehavior,
      additionalBehaviors: behaviors.additionalBehaviors,
      domainNames: props.domainNames,
      certificate: viewerCertificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: viewerCertificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_ALL,
      geoRestriction: props.geoRestriction,
      webAclId: this.webAclArn,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });
    this.acknowledgeFindings(props);

    // ------------------------------------------------------------------ flat-rate plan
    recordWebAclUse(this, props.webAcl ?? props.webAclArn);
    if (props.pricingPlan) {
      this.pricingPlanSubscription = subscribeToPlan(this, props.pricingPlan, {
        distribution: this.distribution,
        webAclArn: this.webAclArn,
        webAcl: props.webAcl,
        webAclProp: props.webAcl ? 'webAcl' : 'webAclArn',
        webAclKey: props.webAcl ?? props.webAclArn,
      }, props.pricingPlanStack);
    }

    this.domainName = props.domainNames?.[0] ?? this.distribution.distributionDomainName;
    this.url = `https://${this.domainName}`;

    if (props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new route53targets.CloudFrontTarget(this.distribution));
      props.domainNames!.forEach((recordName, i) => {
        const suffix = i === 0 ? '' : String(i + 1);
        new route53.ARecord(this, `AliasRecord${suffix}`, { zone: props.hostedZone!, recordName, target });
        new route53.AaaaRecord(this, `AliasRecordIpv6${suffix}`, { zone: props.hostedZone!, recordName, target });
      });
    }

    // The site is pinned to the distribution's URL and takes the viewer's address from the header CloudFront sets.
    props.origin.useFront({ publicUrl: this.url, clientIpHeader: this.clientIpHeader });
  }

  /**
   * Let a principal (the WordPress task role) read, write and delete objects in the media bucket, as
   * an offload plugin does. Only with `mediaOffload` or `mediaBucket`.
   */
  public grantMediaReadWrite(grantee: iam.IGrantable): iam.Grant {
    if (!this.mediaBucket) {
      throw new ValidationError(this, 'grantMediaReadWrite() needs a media bucket; set mediaOffload: true or mediaBucket.');
    }
    return grantMediaReadWrite(this.mediaBucket, grantee);
  }

  private acknowledgeFindings(props: GeoBlockedCloudFrontWafProps): void {
    if (!props.geoRestriction) {
      let reason: string;
      if (props.webAcl?.geoBlocking) {
        reason = 'Geo-blocking is enforced by the web ACL\'s GeoBlock rule (WAF geo match), which logs and counts what it blocks; '
          + 'a CloudFront geo restriction on top would be redundant.';
      } else if (props.webAcl) {
        reason = 'No country is to be blocked: neither geoRestriction nor the web ACL\'s blockedCountries / allowedCountries is set, '
          + 'so the site serves every country by its owner\'s configuration.';
      } else {
        reason = 'Geo-blocking is left to the web ACL given by webAclArn, which this construct cannot inspect; no geoRestriction was set.';
      }
      acknowledge(this.distribution, 'AwsSolutions-CFR1', reason);
    }
    if (!props.certificate) {
      acknowledge(this.distribution, 'AwsSolutions-CFR4',
        'No custom domain: CloudFront serves its *.cloudfront.net name with its default certificate, whose TLS policy CloudFront '
          + 'fixes. Give domainNames and a us-east-1 certificate to get the TLSv1.2_2021 minimum.');
    }
  }
}
