import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CloudFrontPricingPlan } from './cloud-front-pricing-plan';
import { LoadBalancerOriginAccess } from './load-balancer-origin-access';
import { WordpressWebAcl } from './wordpress-web-acl';
import { ILoadBalancedOrigin } from '../wordpress/site-contract';

/** What `GeoBlockedCloudFrontWaf` lets you tune besides its origin, web ACL and domain (what `WordpressHosting` passes through). */
export interface GeoBlockedCloudFrontWafOptions {
  /**
   * CloudFront geo restriction: an alternative to the web ACL's geo match rule that refuses blocked
   * countries before WAF sees them (but with no exceptions, logs or count mode). Cannot be combined
   * with a `webAcl` that has `blockedCountries` or `allowedCountries`.
   *
   * @default - no CloudFront geo restriction
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * Which edge locations serve the site. `PRICE_CLASS_200` covers North America, Europe, the Middle
   * East, Africa and Asia (Korea, Japan), without South America and Oceania.
   *
   * @default cloudfront.PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * How long CloudFront waits for the site to answer (1 to 120 seconds without a quota increase).
   * WordPress updates and imports in the dashboard can take a while.
   *
   * @default Duration.seconds(60)
   */
  readonly originReadTimeout?: Duration;

  /**
   * How long static files (`wp-includes/*`, `wp-content/themes|plugins|uploads/*`) are cached when
   * the origin does not say (WordPress versions its scripts and styles with `?ver=`, which is part of
   * the cache key). Origin `Cache-Control` headers still win, up to a year.
   *
   * @default Duration.days(30)
   */
  readonly staticFilesTtl?: Duration;

  /**
   * Offload media: serve `wp-content/uploads/*` from a new S3 bucket (through Origin Access
   * Control) instead of the load balancer. Grant the WordPress task role access with
   * `grantMediaReadWrite()` and configure an offload plugin to write there.
   *
   * @default false
   */
  readonly mediaOffload?: boolean;

  /**
   * An existing bucket to serve `wp-content/uploads/*` from (implies `mediaOffload`). Its policy gets
   * the statement that lets this distribution read through Origin Access Control.
   *
   * @default - a new bucket when `mediaOffload` is true
   */
  readonly mediaBucket?: s3.IBucket;

  /**
   * Bucket for the distribution's access logs. CloudFront writes them with ACLs, so the bucket must
   * have ACLs enabled (object ownership `BUCKET_OWNER_PREFERRED` or `OBJECT_WRITER`).
   *
   * @default - a new SSE-S3 encrypted, SSL-only bucket with ACLs for CloudFront's log delivery; logs expire after 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Response headers added to every answer.
   *
   * @default cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS - HSTS, X-Content-Type-Options, X-Frame-Options SAMEORIGIN, Referrer-Policy, X-XSS-Protection
   */
  readonly responseHeadersPolicy?: cloudfront.IResponseHeadersPolicy;

  /**
   * What happens to the buckets (access logs, media) when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The request header the origin takes the viewer's address from (given to its `useFront`). The distribution forwards
   * every viewer header and `CloudFront-Viewer-Address`, which CloudFront sets itself. Another header (e.g.
   * `True-Client-IP`) must be set on every request by a CloudFront Function of yours, or a viewer could choose the
   * address WordPress sees.
   *
   * @default 'CloudFront-Viewer-Address'
   */
  readonly clientIpHeader?: string;

  /**
   * Comment of the distribution.
   *
   * @default 'WordPress (cdk-fargate-wordpress)'
   */
  readonly comment?: string;

  /**
   * Subscribe the distribution to a CloudFront flat-rate pricing plan (`AWS::PricingPlanManager::Subscription` naming
   * the distribution and its web ACL). Paid tiers are created pending approval and are neither billed nor applied
   * until an operator approves them (the stack output `PricingPlanApproval` says how); the Free tier applies at once.
   * Synthesis fails when the distribution or the `webAcl` uses what the plans do not allow (Lambda@Edge, legacy cache
   * settings, real-time logs, CAPTCHA actions, a web ACL shared with another distribution, ...). Once subscribed, the
   * distribution cannot be deleted and its web ACL not replaced until the plan is cancelled, at the end of a billing
   * month; CloudFormation cannot change the tier of an existing subscription. `CostEstimate` says which plan the
   * traffic fits.
   *
   * @default - no plan: CloudFront and AWS WAF are billed by usage
   */
  readonly pricingPlan?: CloudFrontPricingPlan;
}


/** Properties of `GeoBlockedCloudFrontWaf`. */
export interface GeoBlockedCloudFrontWafProps extends GeoBlockedCloudFrontWafOptions {
  /**
   * The stack the `pricingPlan` subscription and its approval output go into. AWS PricingPlanManager answers in
   * us-east-1 only (every region's SDK endpoint resolves to `pricingplanmanager.us-east-1.api.aws`), so a stack in
   * us-east-1 that deploys after this one is the safe place; the distribution's ARN reaches it with `Fn::GetStackOutput`.
   * `WordpressHosting` passes its us-east-1 monitoring stack.
   *
   * @default - this construct's stack
   */
  readonly pricingPlanStack?: Stack;

  /**
   * The site CloudFront fronts: its load balancer is the origin of every path except uploads offloaded to S3, its
   * listener's port and protocol are the ones CloudFront uses, and it is told the distribution's URL and the header
   * that carries the viewer's address (`useFront`). A `ScalableWordpressOnFargate`, or your own load balancer,
   * listener and listener rule behind `ILoadBalancedOrigin`.
   */
  readonly origin: ILoadBalancedOrigin;

  /**
   * How CloudFront reaches the load balancer.
   *
   * @default LoadBalancerOriginAccess.vpcOrigin() - an internal load balancer through a CloudFront VPC origin, over the
   * origin's listener protocol and port
   */
  readonly originAccess?: LoadBalancerOriginAccess;

  /**
   * The web ACL of the distribution: a `WordpressWebAcl` in a stack in us-east-1 (the same stack when
   * this one is in us-east-1). Give this or `webAclArn`.
   *
   * @default - none: `webAclArn` must be given
   */
  readonly webAcl?: WordpressWebAcl;

  /**
   * ARN of an existing CloudFront-scope web ACL (`arn:<partition>:wafv2:us-east-1:<account>:global/webacl/...`).
   * Give this or `webAcl`.
   *
   * @default - none: `webAcl` must be given
   */
  readonly webAclArn?: string;

  /**
   * Custom domain names of the site, e.g. `['www.example.com']`. The first is the site's URL. Needs
   * `certificate`.
   *
   * @default - the distribution's own `*.cloudfront.net` name
   */
  readonly domainNames?: string[];

  /**
   * Certificate for `domainNames`, issued in us-east-1 (an `acm.Certificate` in a stack in us-east-1,
   * or imported by ARN).
   *
   * @default - none: CloudFront's default certificate for `*.cloudfront.net`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Public hosted zone of `domainNames`: alias A and AAAA records to the distribution are created
   * in it for each name.
   *
   * @default - no DNS records (point the names at the distribution yourself)
   */
  readonly hostedZone?: route53.IHostedZone;
}
