import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** How CloudFront reaches an internal load balancer through a CloudFront VPC origin. */
export interface VpcOriginAccessOptions {
  /**
   * Protocol from CloudFront to the load balancer. `HTTP_ONLY` matches a load balancer without a
   * certificate (the VPC origin carries the hop inside AWS's network); `HTTPS_ONLY` needs an HTTPS
   * listener whose certificate covers the viewer's Host header (the distribution's domain names).
   * `MATCH_VIEWER` is not offered: every viewer request is HTTPS.
   *
   * @default cloudfront.OriginProtocolPolicy.HTTP_ONLY
   */
  readonly protocolPolicy?: cloudfront.OriginProtocolPolicy;

  /**
   * Port of the load balancer's HTTP listener.
   *
   * @default 80
   */
  readonly httpPort?: number;

  /**
   * Port of the load balancer's HTTPS listener.
   *
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * ID of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the load
   * balancer's region (`pl-...`). Traffic from a CloudFront VPC origin reaches the load balancer from
   * CloudFront's origin-facing addresses, not from the VPC's CIDR block, so the load balancer's security
   * group gets one rule for this list, on the port CloudFront uses (`httpPort`, or `httpsPort` with
   * `HTTPS_ONLY`). The list counts as about 55 rules against the security group's quota of 60. Find it
   * with `aws ec2 describe-managed-prefix-lists --filters
   * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --region <region>`.
   *
   * @default - looked up by name with `ec2.PrefixList.fromLookup` (the CDK CLI resolves it once with
   * credentials and records it in `cdk.context.json`); the stack needs an explicit account and region
   */
  readonly cloudFrontPrefixListId?: string;
}

/**
 * How CloudFront reaches an internet-facing load balancer: over HTTPS, admitted only from CloudFront's
 * origin-facing addresses, and forwarded to WordPress only with a secret header.
 */
export interface PublicOriginAccessOptions {
  /**
   * The listener rule that forwards to WordPress. A condition on the secret origin header is added to
   * it, so requests without the header fall through to the listener's default action (for
   * `ScalableWordpressOnFargate`, its `listenerRule`; the default action answers 404).
   */
  readonly listenerRule: elbv2.ApplicationListenerRule;

  /**
   * ID of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the load
   * balancer's region (`pl-...`). The load balancer's security group admits HTTPS from it only. Find
   * it with `aws ec2 describe-managed-prefix-lists --filters
   * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --region <region>`;
   * it is given, not looked up, so that synthesis needs no AWS credentials. The list counts as about
   * 55 rules against the security group's rule quota.
   */
  readonly cloudFrontPrefixListId: string;

  /**
   * Name of the secret origin header.
   *
   * @default 'X-Origin-Verify'
   */
  readonly headerName?: string;

  /**
   * Port of the load balancer's HTTPS listener. Its certificate must cover the distribution's domain
   * names: CloudFront forwards the viewer's Host header and validates the certificate against it.
   *
   * @default 443
   */
  readonly httpsPort?: number;
}

/** Which way CloudFront reaches the site's load balancer. */
export enum OriginAccessKind {
  /** An internal load balancer through a CloudFront VPC origin. */
  VPC_ORIGIN = 'VPC_ORIGIN',
  /** An internet-facing load balancer restricted to CloudFront and a secret header. */
  PUBLIC_WITH_SECRET_HEADER = 'PUBLIC_WITH_SECRET_HEADER',
}

/**
 * How CloudFront reaches the site's Application Load Balancer.
 *
 * The default, `vpcOrigin()`, needs an internal load balancer: the site then has no public endpoint
 * at all besides CloudFront. `publicWithSecretHeader()` is for an internet-facing one.
 */
export class LoadBalancerOriginAccess {
  /**
   * Reach an internal load balancer through a CloudFront VPC origin (no public endpoint). The load
   * balancer's security group gets one rule: CloudFront's origin-facing prefix list on the port
   * CloudFront uses. `ScalableWordpressOnFargate` with `internetFacing: false` opens its production
   * listener to nothing else.
   */
  public static vpcOrigin(options: VpcOriginAccessOptions = {}): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(OriginAccessKind.VPC_ORIGIN, options, undefined);
  }

  /**
   * Reach an internet-facing load balancer over HTTPS. Its security group gets an HTTPS rule for
   * CloudFront's origin-facing prefix list and must have no rule open to any address (synthesis fails
   * otherwise: give `openListener: false` to `ScalableWordpressOnFargate`), and a random header value
   * kept in Secrets Manager is sent by CloudFront and required by the listener rule.
   */
  public static publicWithSecretHeader(options: PublicOriginAccessOptions): LoadBalancerOriginAccess {
    return new LoadBalancerOriginAccess(OriginAccessKind.PUBLIC_WITH_SECRET_HEADER, undefined, options);
  }

  /** Which way it is. */
  public readonly kind: OriginAccessKind;
  /** Options of a VPC origin, when `kind` is `VPC_ORIGIN`. */
  public readonly vpcOriginOptions?: VpcOriginAccessOptions;
  /** Options of a public load balancer, when `kind` is `PUBLIC_WITH_SECRET_HEADER`. */
  public readonly publicOptions?: PublicOriginAccessOptions;

  private constructor(kind: OriginAccessKind, vpcOriginOptions?: VpcOriginAccessOptions, publicOptions?: PublicOriginAccessOptions) {
    this.kind = kind;
    this.vpcOriginOptions = vpcOriginOptions;
    this.publicOptions = publicOptions;
  }
}
