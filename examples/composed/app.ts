/**
 * The composed example: the customer's WordPress site with the library's constructs wired by hand, for a
 * team that wants each piece in its own place (`WordpressHosting` does this wiring in a few lines).
 *
 * The customer runs WordPress in Tokyo (ap-northeast-1) for visitors in Korea, with traffic peaks on the
 * 5th and the 25th of every month for about two days. The site has no public endpoint but CloudFront:
 * its load balancer is internal and CloudFront reaches it through a VPC origin. CloudFront's web ACL and
 * certificate must live in us-east-1, so they get a small stack of their own there; the distribution
 * sits in the site's stack, next to the load balancer. Everything is explicit (account, regions, zones,
 * hosted zone, the one lookup's answer in the context), so synthesis needs no AWS credentials.
 */
import { App, CrossStackReferences, ReferenceStrength, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { recordCloudFrontPrefixList } from '../context';
import { GeoBlockedCloudFrontWaf, ScalableWordpressOnFargate, WordpressOperations, WordpressWebAcl } from 'cdk-fargate-wordpress';

/** Where the customer's site runs. Replace the account with yours. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-1' };
/** Two of the region's zones, for the site's new VPC. */
export const SITE_ZONES = ['ap-northeast-1a', 'ap-northeast-1c'];
/** Where CloudFront keeps web ACLs and certificates: always us-east-1, same account. */
export const EDGE_ENV = { account: SITE_ENV.account, region: 'us-east-1' };
/** The site's domain, in the hosted zone below. */
export const DOMAIN_NAME = 'www.example.com';
const ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };

/** Add the composed example's stacks to an app (a new one by default) and return it. */
export function buildComposedApp(app: App = new App()): App {
  recordCloudFrontPrefixList(app, SITE_ENV); // what cdk.context.json holds after one `cdk synth` with credentials
  // ------------------------------------------------------------------ us-east-1: what CloudFront needs there
  const edgeStack = new Stack(app, 'WordpressEdge', {
    env: EDGE_ENV,
    description: 'CloudFront web ACL and certificate of the WordPress site (cdk-fargate-wordpress composed example)',
  });
  const webAcl = new WordpressWebAcl(edgeStack, 'WebAcl', {
    // Geo-blocking in WAF (a geo match rule), not with a DNS trick.
    blockedCountries: ['CN'],
    // The dashboard and login page only from the office (documentation ranges: replace with yours).
    adminAllowList: ['203.0.113.0/24', '2001:db8::/32'],
  });
  const certificate = new acm.Certificate(edgeStack, 'Certificate', {
    domainName: DOMAIN_NAME,
    validation: acm.CertificateValidation.fromDns(route53.HostedZone.fromHostedZoneAttributes(edgeStack, 'Zone', ZONE)),
  });

  // ------------------------------------------------------------------ the site's region
  const stack = new Stack(app, 'WordpressSite', {
    env: SITE_ENV,
    description: 'WordPress on ECS Fargate behind CloudFront (cdk-fargate-wordpress composed example)',
  });
  // The zones CDK would otherwise look up (ec2.Vpc checks given zones against the region's): what `cdk.context.json` holds.
  stack.node.setContext(`availability-zones:account=${SITE_ENV.account}:region=${SITE_ENV.region}`, SITE_ZONES);
  // References from the us-east-1 stack are read with Fn::GetStackOutput: no custom resources, no export lock-in.
  CrossStackReferences.of(stack).consume(ReferenceStrength.WEAK);

  const site = new ScalableWordpressOnFargate(stack, 'Wordpress', {
    availabilityZones: SITE_ZONES,
    // No public endpoint: CloudFront reaches the load balancer through a VPC origin.
    internetFacing: false,
    publicUrl: `https://${DOMAIN_NAME}`,
    // Only CloudFront reaches the load balancer: WordPress takes the viewer's address from the header CloudFront sends.
    clientIpHeader: 'CloudFront-Viewer-Address',
    // The customer's peaks: the 5th and the 25th, about two days each, read in Korean time.
    monthlyPeaks: [
      { dayOfMonth: 5, durationDays: 2 },
      { dayOfMonth: 25, durationDays: 2 },
    ],
    scheduleTimeZone: 'Asia/Seoul',
    peakMinCapacity: 6,
    // Tasks above the two on-demand ones split 1:1 onto Fargate Spot: what keeps the month's compute within
    // 0.35x static provisioning for the reference traffic profile (see docs/cost.md).
    fargateSpot: {},
  });

  // The edge pins the site to its URL and tells it the header that carries the viewer's address.
  const edge = new GeoBlockedCloudFrontWaf(stack, 'Edge', {
    origin: site,
    webAcl,
    certificate,
    domainNames: [DOMAIN_NAME],
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE),
    // Edge locations in Asia (Korea, Japan) without the most expensive ones.
    priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    // Uploads offloaded to S3 (with an offload plugin in WordPress).
    mediaOffload: true,
  });
  edge.grantMediaReadWrite(site.taskDefinition.taskRole);
  // Alarms and a dashboard: everything they watch comes from the site; the edge adds CloudFront's and the web ACL's metrics.
  new WordpressOperations(stack, 'Operations', {
    site,
    distribution: edge.distribution,
    webAclName: webAcl.webAclName,
    webAclRuleMetricNames: webAcl.ruleMetricNames,
    alarmEmails: ['ops@example.com'], // replace with the operators' addresses
  });
  return app;
}
