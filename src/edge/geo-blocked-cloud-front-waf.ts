import { ArnComponents, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LoadBalancerOriginAccess, OriginAccessKind } from './load-balancer-origin-access';
import { isCountryCode } from './private/country-codes';
import { arnRegion, CLOUDFRONT_REGION, weakReference } from './private/cross-region';
import { flattenReference } from './private/nag';
import { checkPrefixListId, cloudFrontPrefixListId } from './private/prefix-list';
import { WordpressWebAcl } from './wordpress-web-acl';
import { acknowledge } from '../private/acknowledge';
import { checkDomainName, checkInteger, isUnresolved, propError, ValidationError } from '../private/validation';

/** What `GeoBlockedCloudFrontWaf` lets you tune besides its origin, web ACL and domain (what `WordpressHosting` passes through). */
export interface GeoBlockedCloudFrontWafOptions {
  /**
   * CloudFront geo restriction: the cheaper alternative to the web ACL's geo match rule (no WAF
   * request charge for blocked countries, but no exceptions, logs or count mode). Cannot be combined
   * with a `webAcl` that has `blockedCountries` or `allowedCountries`.
   *
   * @default - no CloudFront geo restriction
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;

  /**
   * Which edge locations serve the site. `PRICE_CLASS_200` covers Asia (Korea, Japan) without the
   * most expensive locations.
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
   * Comment of the distribution.
   *
   * @default 'WordPress (cdk-fargate-wordpress)'
   */
  readonly comment?: string;
}


/** Properties of `GeoBlockedCloudFrontWaf`. */
export interface GeoBlockedCloudFrontWafProps extends GeoBlockedCloudFrontWafOptions {
  /**
   * The site's Application Load Balancer: the origin of every path except uploads offloaded to S3
   * (for `ScalableWordpressOnFargate`, its `loadBalancer`).
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * How CloudFront reaches the load balancer.
   *
   * @default LoadBalancerOriginAccess.vpcOrigin() - an internal load balancer through a CloudFront VPC origin, over HTTP
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

/** Paths that are never cached: the dashboard, and every PHP script called directly (login, comments, cron, plugins). */
const NEVER_CACHED_PATHS = ['wp-admin/*', '*.php'];
/** Static files: cached long, no cookies. PHP under these paths matches `*.php` first. */
const STATIC_PATHS = ['wp-includes/*', 'wp-content/themes/*', 'wp-content/plugins/*'];
const UPLOADS_PATH = 'wp-content/uploads/*';
const DEFAULT_HEADER_NAME = 'X-Origin-Verify';
const S3_ACCESS_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/**
 * The edge of a WordPress site: one CloudFront distribution in front of the site's Application Load
 * Balancer, protected by a WAF web ACL, with caching that knows WordPress.
 *
 * Creates a `cloudfront.Distribution` (HTTPS only with a redirect from HTTP, TLS 1.2 (2021 policy)
 * minimum with a custom domain, HTTP/2 and HTTP/3, IPv6, compression, security response headers,
 * access logs to a new S3 bucket) whose default origin is the load balancer: through a CloudFront
 * VPC origin to an internal load balancer by default, or over HTTPS to an internet-facing one that
 * admits only CloudFront's origin-facing addresses and a secret header kept in Secrets Manager. Either
 * way the load balancer's security group gets one rule: the AWS-managed prefix list
 * `com.amazonaws.global.cloudfront.origin-facing` on the port CloudFront uses (a VPC origin's traffic
 * comes from those addresses, not from the VPC's CIDR block). Its ID is given
 * (`cloudFrontPrefixListId`) or, for a VPC origin, looked up by name (a context lookup).
 * Behaviours: `wp-admin/*` and every `*.php` are never cached; `wp-includes/*`,
 * `wp-content/themes|plugins|uploads/*` are cached for `staticFilesTtl` with the query string (the
 * `?ver=` of WordPress assets) in the cache key and no cookies; all other pages are cached only when
 * WordPress says so in `Cache-Control`, keyed on every cookie and query string, so logged-in users,
 * commenters and previews never share a cached page. WordPress gets the viewer's headers, cookies and
 * query strings plus `CloudFront-Forwarded-Proto` and `CloudFront-Viewer-Address`. Optionally an
 * S3 bucket (Origin Access Control, SSE-S3, public access blocked, SSL only) serves
 * `wp-content/uploads/*`. With a custom domain: the us-east-1 certificate and Route 53 alias A and
 * AAAA records.
 *
 * The web ACL (`WordpressWebAcl`) and the certificate live in us-east-1; the distribution lives
 * here, next to the load balancer, in any region. References to them from another region are made
 * with `Fn::GetStackOutput` (weak cross-stack references), so no custom resource is deployed.
 */
export class GeoBlockedCloudFrontWaf extends Construct {
  /** The distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** The URL viewers use: `https://` and the first domain name, or the distribution's name. Give it to the site's `usePublicUrl()`. */
  public readonly url: string;
  /** The host name viewers use: the first domain name, or the distribution's `*.cloudfront.net` name. */
  public readonly domainName: string;
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
  /** Cache policy of the pages: keyed on every cookie and query string, TTL from the origin's `Cache-Control` (default 0). */
  public readonly pageCachePolicy: cloudfront.CachePolicy;
  /** Cache policy of static files. */
  public readonly staticCachePolicy: cloudfront.CachePolicy;
  /** Origin request policy of the load balancer's dynamic paths. */
  public readonly originRequestPolicy: cloudfront.OriginRequestPolicy;

  constructor(scope: Construct, id: string, props: GeoBlockedCloudFrontWafProps) {
    super(scope, id);
    // S3 server access logs (of the media bucket) are delivered under a bucket policy, not the legacy log-delivery ACL.
    this.node.setContext(S3_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.validateProps(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const access = props.originAccess ?? LoadBalancerOriginAccess.vpcOrigin();

    this.webAcl = props.webAcl;
    this.webAclArn = weakReference(this, props.webAcl ? props.webAcl.webAclArn : props.webAclArn!);
    this.certificate = props.certificate;
    const viewerCertificate = props.certificate
      ? acm.Certificate.fromCertificateArn(this, 'ViewerCertificate', weakReference(this, props.certificate.certificateArn))
      : undefined;

    // ------------------------------------------------------------------ origins
    const readTimeout = props.originReadTimeout ?? Duration.seconds(60);
    let siteOrigin: cloudfront.IOrigin;
    if (access.kind === OriginAccessKind.PUBLIC_WITH_SECRET_HEADER) {
      const options = access.publicOptions!;
      const httpsPort = options.httpsPort ?? 443;
      this.originHeaderName = options.headerName ?? DEFAULT_HEADER_NAME;
      this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
        description: `Value of the ${this.originHeaderName} header CloudFront sends to the WordPress load balancer`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      acknowledge(this.originSecret, 'AwsSolutions-SMG4',
        'The origin header value is resolved into the distribution and the listener rule when the stack deploys; a rotation '
          + 'would change neither. Replace it by redeploying with a new secret.');
      const headerValue = this.originSecret.secretValue.unsafeUnwrap(); // a {{resolve:secretsmanager}} reference, never the value
      options.listenerRule.addCondition(elbv2.ListenerCondition.httpHeader(this.originHeaderName, [headerValue]));
      props.loadBalancer.connections.allowFrom(ec2.Peer.prefixList(options.cloudFrontPrefixListId), ec2.Port.tcp(httpsPort),
        'HTTPS from CloudFront origin-facing servers');
      // ... and from nobody else: a listener opened to the internet would let anyone reach the origin past CloudFront.
      const groups = props.loadBalancer.connections.securityGroups;
      this.node.addValidation({ validate: () => openIngress(groups) });
      siteOrigin = new origins.LoadBalancerV2Origin(props.loadBalancer, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        httpsPort,
        readTimeout,
        customHeaders: { [this.originHeaderName]: headerValue },
      });
    } else {
      const options = access.vpcOriginOptions ?? {};
      const protocolPolicy = options.protocolPolicy ?? cloudfront.OriginProtocolPolicy.HTTP_ONLY;
      this.vpcOrigin = new cloudfront.VpcOrigin(this, 'VpcOrigin', {
        endpoint: cloudfront.VpcOriginEndpoint.applicationLoadBalancer(props.loadBalancer),
        protocolPolicy,
        httpPort: options.httpPort,
        httpsPort: options.httpsPort,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      });
      // A VPC origin's requests come from CloudFront's origin-facing addresses (through the service-managed security
      // group CloudFront-VPCOrigins-Service-SG), not from the VPC's CIDR block: admit the origin-facing prefix list, on
      // the one port CloudFront uses. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html;
      // aws/aws-cdk packages/@aws-cdk-testing/framework-integ/test/aws-cloudfront-origins/test/integ.vpc-origin.ts admits
      // CloudFront's side of the VPC origin, not the VPC, to get its 200.
      const https = protocolPolicy === cloudfront.OriginProtocolPolicy.HTTPS_ONLY;
      const prefixListId = cloudFrontPrefixListId(this, 'CloudFrontOriginFacing', 'originAccess.cloudFrontPrefixListId',
        options.cloudFrontPrefixListId);
      const port = https ? options.httpsPort ?? 443 : options.httpPort ?? 80;
      props.loadBalancer.connections.allowFrom(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(port),
        `${https ? 'HTTPS' : 'HTTP'} from CloudFront origin-facing servers (VPC origin)`);
      siteOrigin = origins.VpcOrigin.withVpcOrigin(this.vpcOrigin, { domainName: props.loadBalancer.loadBalancerDnsName, readTimeout });
    }

    this.accessLogsBucket = props.accessLogsBucket ?? this.createAccessLogsBucket(removalPolicy);
    if (props.mediaBucket || props.mediaOffload) {
      this.mediaBucket = props.mediaBucket ?? this.createMediaBucket(removalPolicy);
    }

    // ------------------------------------------------------------------ policies
    this.pageCachePolicy = new cloudfront.CachePolicy(this, 'PageCachePolicy', {
      comment: 'WordPress pages: cached only when WordPress sends Cache-Control; every cookie and query string in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      cookieBehavior: cloudfront.CacheCookieBehavior.all(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Host'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.staticCachePolicy = new cloudfront.CachePolicy(this, 'StaticCachePolicy', {
      comment: 'WordPress static files: cached long, the ?ver= query string in the key, no cookies',
      minTtl: Duration.seconds(0),
      defaultTtl: props.staticFilesTtl ?? Duration.days(30),
      maxTtl: Duration.days(365),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.originRequestPolicy = new cloudfront.OriginRequestPolicy(this, 'OriginRequestPolicy', {
      comment: 'WordPress: every viewer header, cookie and query string, plus the viewer protocol and address',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.all('CloudFront-Forwarded-Proto', 'CloudFront-Viewer-Address'),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
    });
    const responseHeadersPolicy = props.responseHeadersPolicy ?? cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS;
    const common = {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      compress: true,
      responseHeadersPolicy,
    };
    const dynamic: cloudfront.BehaviorOptions = {
      ...common,
      origin: siteOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: this.pageCachePolicy,
      originRequestPolicy: this.originRequestPolicy,
    };
    const neverCached: cloudfront.BehaviorOptions = { ...dynamic, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED };
    const staticFiles = (origin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
      ...common,
      origin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: this.staticCachePolicy,
    });
    // CloudFront takes the first behaviour whose pattern matches, in this order.
    const additionalBehaviors: { [pattern: string]: cloudfront.BehaviorOptions } = {};
    additionalBehaviors[NEVER_CACHED_PATHS[0]] = neverCached;
    // Uploads before *.php: a PHP file in uploads is never run through the PHP behaviour (and the web ACL blocks it).
    additionalBehaviors[UPLOADS_PATH] = staticFiles(this.mediaBucket ? origins.S3BucketOrigin.withOriginAccessControl(this.mediaBucket) : siteOrigin);
    additionalBehaviors[NEVER_CACHED_PATHS[1]] = neverCached;
    for (const path of STATIC_PATHS) {
      additionalBehaviors[path] = staticFiles(siteOrigin);
    }

    // ------------------------------------------------------------------ distribution
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: props.comment ?? 'WordPress (cdk-fargate-wordpress)',
      defaultBehavior: dynamic,
      additionalBehaviors,
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
  }

  /**
   * Let a principal (the WordPress task role) read, write and delete objects in the media bucket, as
   * an offload plugin does. Only with `mediaOffload` or `mediaBucket`.
   */
  public grantMediaReadWrite(grantee: iam.IGrantable): iam.Grant {
    const bucket = this.mediaBucket;
    if (!bucket) {
      throw new ValidationError(this, 'grantMediaReadWrite() needs a media bucket; set mediaOffload: true or mediaBucket.');
    }
    const objects = bucket.arnForObjects('*');
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee, actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resourceArns: [objects], resource: bucket,
    }).combine(iam.Grant.addToPrincipalOrResource({
      grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn], resource: bucket,
    }));
    const principal = grantee.grantPrincipal;
    const policy = principal instanceof iam.Role ? principal.node.tryFindChild('DefaultPolicy') : undefined;
    if (policy && Stack.of(policy) === Stack.of(bucket)) {
      acknowledge(policy, `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(policy).resolve(objects))}]`,
        'WordPress names media objects at upload time; the grant covers the objects of the one media bucket, with only '
          + 'GetObject, PutObject and DeleteObject.');
    }
    return grant;
  }

  private createAccessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant to the awslogsdelivery account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    acknowledge(bucket, 'AwsSolutions-S1',
      'This bucket is itself the destination of the distribution\'s (and the media bucket\'s) access logs; logging access to it '
        + 'would need another bucket for no gain.');
    return bucket;
  }

  private createMediaBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    return new s3.Bucket(this, 'MediaBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED, // readable by CloudFront through Origin Access Control without a key policy
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'media-bucket/',
      removalPolicy,
    });
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

  private validateProps(props: GeoBlockedCloudFrontWafProps): void {
    if (props.webAcl && props.webAclArn !== undefined) {
      throw new ValidationError(this, 'webAcl and webAclArn cannot both be set; give one of them.');
    }
    if (!props.webAcl && props.webAclArn === undefined) {
      throw new ValidationError(this, 'a web ACL is required: give webAcl (a WordpressWebAcl in a stack in us-east-1) or webAclArn.');
    }
    if (props.webAclArn !== undefined && !Token.isUnresolved(props.webAclArn)) {
      let arn: ArnComponents;
      try {
        arn = Stack.of(this).splitArn(props.webAclArn, ArnFormat.SLASH_RESOURCE_NAME);
      } catch {
        throw propError(this, 'webAclArn', props.webAclArn, 'Allowed: the ARN of a CloudFront-scope WAFv2 web ACL.');
      }
      if (arn.service !== 'wafv2' || !(arn.resourceName ?? '').startsWith('webacl/') || arn.resource !== 'global') {
        throw propError(this, 'webAclArn', props.webAclArn,
          'Allowed: the ARN of a CloudFront-scope WAFv2 web ACL, arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>.');
      }
      if (arn.region !== CLOUDFRONT_REGION) {
        throw propError(this, 'webAclArn', props.webAclArn,
          `A CloudFront web ACL lives in us-east-1, not ${arn.region}: create it in a stack in us-east-1.`);
      }
    }
    if (props.certificate) {
      const region = certificateRegion(this, props.certificate);
      if (region !== undefined && region !== CLOUDFRONT_REGION) {
        throw propError(this, 'certificate', props.certificate.certificateArn,
          `CloudFront only uses certificates issued in us-east-1; this one is in ${region}. Create the certificate in a stack in us-east-1.`);
      }
      if (!props.domainNames || props.domainNames.length === 0) {
        throw new ValidationError(this, 'certificate is set but domainNames is not; give the names the certificate covers.');
      }
    }
    if (props.domainNames !== undefined) {
      if (props.domainNames.length === 0) {
        throw propError(this, 'domainNames', props.domainNames, 'Give at least one domain name, or leave it unset.');
      }
      props.domainNames.forEach((name, i) => {
        checkDomainName(this, `domainNames[${i}]`, name, true);
      });
      if (!props.certificate) {
        throw propError(this, 'domainNames', props.domainNames, 'A custom domain needs a certificate issued in us-east-1 that covers it.');
      }
    }
    if (props.hostedZone) {
      if (!props.domainNames) {
        throw new ValidationError(this, 'hostedZone is set but domainNames is not; give the names to create records for.');
      }
      const zoneName = props.hostedZone.zoneName;
      if (!Token.isUnresolved(zoneName)) {
        props.domainNames.forEach((name, i) => {
          if (!isUnresolved(name) && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
            throw propError(this, `domainNames[${i}]`, name, `It is not in the hosted zone ${zoneName}.`);
          }
        });
      }
    }
    if (props.geoRestriction) {
      props.geoRestriction.locations.forEach((code, i) => {
        if (!isCountryCode(code)) {
          throw propError(this, `geoRestriction.locations[${i}]`, code, 'Allowed: an ISO 3166-1 alpha-2 country code such as "CN".');
        }
      });
      if (props.webAcl?.geoBlocking) {
        throw new ValidationError(this, 'geoRestriction is set and the web ACL already geo-blocks (blockedCountries / allowedCountries); '
          + 'choose one of them.');
      }
    }
    if (props.mediaBucket && props.mediaOffload === false) {
      throw new ValidationError(this, 'mediaBucket is set but mediaOffload is false; remove one of them.');
    }
    if (props.originReadTimeout && !props.originReadTimeout.isUnresolved()) {
      checkInteger(this, 'originReadTimeout (seconds)', props.originReadTimeout.toSeconds({ integral: false }), 1, 120);
    }
    if (props.staticFilesTtl && !props.staticFilesTtl.isUnresolved()) {
      const seconds = props.staticFilesTtl.toSeconds({ integral: false });
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 365 * 24 * 3600) {
        throw propError(this, 'staticFilesTtl', props.staticFilesTtl, 'Allowed: whole seconds from 0 to 365 days.');
      }
    }
    const access = props.originAccess ?? LoadBalancerOriginAccess.vpcOrigin();
    const scheme = loadBalancerScheme(props.loadBalancer);
    if (access.kind === OriginAccessKind.VPC_ORIGIN) {
      const options = access.vpcOriginOptions ?? {};
      if (scheme === 'internet-facing') {
        throw propError(this, 'originAccess', 'vpcOrigin()', 'The load balancer is internet-facing; a CloudFront VPC origin needs an '
          + 'internal one (e.g. internetFacing: false on the site), or use LoadBalancerOriginAccess.publicWithSecretHeader().');
      }
      checkPrefixListId(this, 'originAccess.cloudFrontPrefixListId', options.cloudFrontPrefixListId);
      if (options.protocolPolicy === cloudfront.OriginProtocolPolicy.MATCH_VIEWER) {
        throw propError(this, 'originAccess.protocolPolicy', options.protocolPolicy, 'Allowed: HTTP_ONLY or HTTPS_ONLY.');
      }
      if (options.protocolPolicy === cloudfront.OriginProtocolPolicy.HTTPS_ONLY && !props.domainNames) {
        throw propError(this, 'originAccess.protocolPolicy', options.protocolPolicy, 'HTTPS to the load balancer needs domainNames: '
          + 'CloudFront validates the load balancer\'s certificate against the viewer\'s Host header.');
      }
    } else {
      const options = access.publicOptions!;
      if (scheme === 'internal') {
        throw propError(this, 'originAccess', 'publicWithSecretHeader()', 'The load balancer is internal; use LoadBalancerOriginAccess.vpcOrigin().');
      }
      checkPrefixListId(this, 'originAccess.cloudFrontPrefixListId', options.cloudFrontPrefixListId);
      if (options.headerName !== undefined && !/^[A-Za-z0-9-]{1,40}$/.test(options.headerName)) {
        throw propError(this, 'originAccess.headerName', options.headerName, 'Allowed: 1 to 40 letters, digits and "-".');
      }
      if (!props.domainNames) {
        throw propError(this, 'originAccess', 'publicWithSecretHeader()', 'An HTTPS origin needs domainNames: CloudFront validates the '
          + 'load balancer\'s certificate against the viewer\'s Host header, which *.cloudfront.net never matches.');
      }
    }
  }
}

/** Region of a certificate when it is known at synth time (its stack's, or its ARN's). */
function certificateRegion(scope: Construct, certificate: acm.ICertificate): string | undefined {
  // A known ARN says where the certificate is (an imported one reports its importing stack's region as env).
  const fromArn = arnRegion(scope, certificate.certificateArn);
  if (fromArn !== undefined) {
    return fromArn;
  }
  return Token.isUnresolved(certificate.env.region) ? undefined : certificate.env.region;
}

/** Errors for inbound rules of these security groups (those defined in this app) open to any address. */
function openIngress(groups: ec2.ISecurityGroup[]): string[] {
  return groups.flatMap((group) => {
    const cfn = group.node.defaultChild;
    if (!(cfn instanceof ec2.CfnSecurityGroup)) {
      return [];
    }
    const rules = (Stack.of(cfn).resolve(cfn.securityGroupIngress) ?? []) as Array<{ [key: string]: unknown }>;
    return rules.filter((rule) => rule.cidrIp === '0.0.0.0/0' || rule.cidrIpv6 === '::/0').map((rule) =>
      `The load balancer's security group ${group.node.path} admits ${rule.cidrIp ?? rule.cidrIpv6} on port ${rule.fromPort}: with `
      + 'publicWithSecretHeader() only CloudFront\'s origin-facing prefix list may reach it (openListener: false on the site).');
  });
}

/** `internet-facing`, `internal`, or undefined when the load balancer was imported. */
function loadBalancerScheme(loadBalancer: elbv2.IApplicationLoadBalancer): string | undefined {
  const cfn = loadBalancer.node.defaultChild;
  if (cfn instanceof elbv2.CfnLoadBalancer && typeof cfn.scheme === 'string' && !Token.isUnresolved(cfn.scheme)) {
    return cfn.scheme;
  }
  return undefined;
}
