import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { OriginAccessBinding, OriginAccessBindOptions, VIEWER_ADDRESS_HEADER } from './private/bindings';
import { loadBalancerScheme, openIngress } from './private/load-balancer-checks';
import { checkPrefixListId, cloudFrontPrefixListId } from './private/prefix-list';
import { acknowledge } from '../private/acknowledge';
import { propError } from '../private/validation';
import { ILoadBalancedOrigin } from '../wordpress/site-contract';

/** How CloudFront reaches an internal load balancer through a CloudFront VPC origin. */
export interface VpcOriginAccessOptions {
  /**
   * ID of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the load
   * balancer's region (`pl-...`). Traffic from a CloudFront VPC origin reaches the load balancer from
   * CloudFront's origin-facing addresses, not from the VPC's CIDR block, so the load balancer's security
   * group gets one rule for this list, on the origin's listener port. The list counts as about 55 rules
   * against the security group's quota of 60. Find it with `aws ec2 describe-managed-prefix-lists
   * --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --region <region>`.
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
}

/**
 * How CloudFront reaches the site's Application Load Balancer: through a CloudFront VPC origin (an
 * internal load balancer, the default) or over HTTPS with a secret header (an internet-facing one).
 */
export abstract class LoadBalancerOriginAccess {
  /**
   * Reach an internal load balancer through a CloudFront VPC origin (no public endpoint), over the origin's
   * listener protocol and port. The load balancer's security group gets one rule: CloudFront's origin-facing
   * prefix list on that port. `ScalableWordpressOnFargate` with `internetFacing: false` opens its production
   * listener to nothing else.
   */
  public static vpcOrigin(options: VpcOriginAccessOptions = {}): LoadBalancerOriginAccess {
    return new VpcOriginAccess(options);
  }

  /**
   * Reach an internet-facing load balancer over HTTPS (the origin's listener must be HTTPS). Its security
   * group gets an HTTPS rule for CloudFront's origin-facing prefix list and must have no rule open to any
   * address (synthesis fails otherwise: give `openListener: false` to `ScalableWordpressOnFargate`), and a
   * random header value kept in Secrets Manager is sent by CloudFront and required by the origin's listener rule.
   */
  public static publicWithSecretHeader(options: PublicOriginAccessOptions): LoadBalancerOriginAccess {
    return new PublicWithSecretHeaderAccess(options);
  }

  /**
   * Create what this way of access needs in `scope` (the distribution's construct) and return the CloudFront origin.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, origin: ILoadBalancedOrigin, options: OriginAccessBindOptions): OriginAccessBinding;
}

/** An internal load balancer through a CloudFront VPC origin, on the origin's listener port and protocol. */
class VpcOriginAccess extends LoadBalancerOriginAccess {
  constructor(private readonly options: VpcOriginAccessOptions) {
    super();
  }

  public _bind(scope: Construct, origin: ILoadBalancedOrigin, bind: OriginAccessBindOptions): OriginAccessBinding {
    const loadBalancer = origin.loadBalancer;
    if (loadBalancerScheme(loadBalancer) === 'internet-facing') {
      throw propError(scope, 'originAccess', 'vpcOrigin()', 'The load balancer is internet-facing; a CloudFront VPC origin needs an '
        + 'internal one (e.g. internetFacing: false on the site), or use LoadBalancerOriginAccess.publicWithSecretHeader().');
    }
    checkPrefixListId(scope, 'originAccess.cloudFrontPrefixListId', this.options.cloudFrontPrefixListId);
    const https = origin.listenerProtocol === elbv2.ApplicationProtocol.HTTPS;
    if (https && !bind.domainNames) {
      throw propError(scope, 'origin.listenerProtocol', origin.listenerProtocol, 'HTTPS to the load balancer needs domainNames: '
        + 'CloudFront validates the load balancer\'s certificate against the viewer\'s Host header.');
    }
    const port = origin.listenerPort;
    // The default port of each protocol stays implicit (the VPC origin's own default), as it always was.
    const vpcOrigin = new cloudfront.VpcOrigin(scope, 'VpcOrigin', {
      endpoint: cloudfront.VpcOriginEndpoint.applicationLoadBalancer(loadBalancer),
      protocolPolicy: https ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      httpPort: !https && port !== 80 ? port : undefined,
      httpsPort: https && port !== 443 ? port : undefined,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    // A VPC origin's requests come from CloudFront's origin-facing addresses (through the service-managed security
    // group CloudFront-VPCOrigins-Service-SG), not from the VPC's CIDR block: admit the origin-facing prefix list, on
    // the one port CloudFront uses. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html;
    // aws/aws-cdk packages/@aws-cdk-testing/framework-integ/test/aws-cloudfront-origins/test/integ.vpc-origin.ts admits
    // CloudFront's side of the VPC origin, not the VPC, to get its 200.
    const prefixListId = cloudFrontPrefixListId(scope, 'CloudFrontOriginFacing', 'originAccess.cloudFrontPrefixListId',
      this.options.cloudFrontPrefixListId);
    loadBalancer.connections.allowFrom(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(port),
      `${https ? 'HTTPS' : 'HTTP'} from CloudFront origin-facing servers (VPC origin)`);
    return {
      origin: origins.VpcOrigin.withVpcOrigin(vpcOrigin, { domainName: loadBalancer.loadBalancerDnsName, readTimeout: bind.readTimeout }),
      // Only CloudFront reaches the listener (the prefix list above), and CloudFront sets this header itself.
      clientIpHeader: VIEWER_ADDRESS_HEADER,
      vpcOrigin,
    };
  }
}

const DEFAULT_HEADER_NAME = 'X-Origin-Verify';

/** An internet-facing load balancer over HTTPS, admitted from CloudFront's prefix list and only with a secret header. */
class PublicWithSecretHeaderAccess extends LoadBalancerOriginAccess {
  constructor(private readonly options: PublicOriginAccessOptions) {
    super();
  }

  public _bind(scope: Construct, origin: ILoadBalancedOrigin, bind: OriginAccessBindOptions): OriginAccessBinding {
    const loadBalancer = origin.loadBalancer;
    const options = this.options;
    if (loadBalancerScheme(loadBalancer) === 'internal') {
      throw propError(scope, 'originAccess', 'publicWithSecretHeader()', 'The load balancer is internal; use LoadBalancerOriginAccess.vpcOrigin().');
    }
    checkPrefixListId(scope, 'originAccess.cloudFrontPrefixListId', options.cloudFrontPrefixListId);
    if (options.headerName !== undefined && !/^[A-Za-z0-9-]{1,40}$/.test(options.headerName)) {
      throw propError(scope, 'originAccess.headerName', options.headerName, 'Allowed: 1 to 40 letters, digits and "-".');
    }
    if (origin.listenerProtocol !== elbv2.ApplicationProtocol.HTTPS) {
      throw propError(scope, 'origin.listenerProtocol', origin.listenerProtocol, 'publicWithSecretHeader() sends the secret header '
        + 'over the internet, so only over HTTPS: give the site a certificate (an HTTPS listener).');
    }
    if (!bind.domainNames) {
      throw propError(scope, 'originAccess', 'publicWithSecretHeader()', 'An HTTPS origin needs domainNames: CloudFront validates the '
        + 'load balancer\'s certificate against the viewer\'s Host header, which *.cloudfront.net never matches.');
    }
    const headerName = options.headerName ?? DEFAULT_HEADER_NAME;
    const originSecret = new secretsmanager.Secret(scope, 'OriginSecret', {
      description: `Value of the ${headerName} header CloudFront sends to the WordPress load balancer`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(originSecret, 'AwsSolutions-SMG4',
      'The origin header value is resolved into the distribution and the listener rule when the stack deploys; a rotation '
        + 'would change neither. Replace it by redeploying with a new secret.');
    const headerValue = originSecret.secretValue.unsafeUnwrap(); // a {{resolve:secretsmanager}} reference, never the value
    // Requests without the header fall through to the listener's default action.
    origin.listenerRule.addCondition(elbv2.ListenerCondition.httpHeader(headerName, [headerValue]));
    loadBalancer.connections.allowFrom(ec2.Peer.prefixList(options.cloudFrontPrefixListId), ec2.Port.tcp(origin.listenerPort),
      'HTTPS from CloudFront origin-facing servers');
    // ... and from nobody else: a listener opened to the internet would let anyone reach the origin past CloudFront.
    const groups = loadBalancer.connections.securityGroups;
    scope.node.addValidation({ validate: () => openIngress(groups) });
    return {
      origin: new origins.LoadBalancerV2Origin(loadBalancer, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        httpsPort: origin.listenerPort,
        readTimeout: bind.readTimeout,
        customHeaders: { [headerName]: headerValue },
      }),
      // The listener rule forwards only requests that carry the secret, which only this distribution sends, and CloudFront
      // sets this header on each of them itself; X-Forwarded-For would end in a CloudFront address, no trusted proxy.
      clientIpHeader: VIEWER_ADDRESS_HEADER,
      originSecret,
      originHeaderName: headerName,
    };
  }
}
