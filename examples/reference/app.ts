/**
 * The reference app: the customer's full setup (staging and production), as a consultancy would write it in the customer's CDK app.
 *
 * The customer runs WordPress in Tokyo (ap-northeast-1) for visitors in Korea, with traffic peaks on the
 * 5th and the 25th of every month for about two days, two operators and a GitHub repository holding the
 * site's Dockerfile, theme and plugins. `WordpressHosting` gives each environment its own stacks: the web
 * ACL and certificate in us-east-1, the site behind CloudFront (internal load balancer, VPC origin) in
 * Tokyo, the CloudFront and WAF alarms in us-east-1. Staging and production share nothing stateful;
 * production's pipeline builds each release from GitHub, deploys it to staging, waits for an operator's
 * approval, then releases it to production blue/green.
 *
 * Everything is explicit (account, regions, zones, hosted zone, connection ARN, the one lookup's answer in
 * the context), so synthesis needs no AWS credentials.
 */
import { App, Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { recordCloudFrontPrefixList } from '../context';
import { PipelineSource, WordpressDatabase, WordpressHosting } from 'cdk-fargate-wordpress';

/** Where the customer's site runs. Replace the account with yours. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-1' };
/** The customer's public hosted zone, created once by hand (or in another app). */
export const HOSTED_ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };
/** A CodeConnections connection to GitHub, created and authorized once in the console. */
const GITHUB_CONNECTION_ARN = 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
/** The two operators. */
const OPERATORS = ['ops-one@example.com', 'ops-two@example.com'];

/** Add the reference app's two environments to an app (a new one by default) and return them. */
export function buildReferenceApp(app: App = new App()): { app: App; staging: WordpressHosting; production: WordpressHosting } {
  recordCloudFrontPrefixList(app, SITE_ENV); // what cdk.context.json holds after one `cdk synth` with credentials
  const common = {
    env: SITE_ENV,
    hostedZone: HOSTED_ZONE,
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
    alarmEmails: OPERATORS,
    webAcl: {
      // Geo-blocking China in WAF (a geo match rule), not with a DNS trick.
      blockedCountries: ['CN'],
      // The dashboard and the login page only from the office (documentation ranges: replace with yours).
      adminAllowList: ['203.0.113.0/24', '2001:db8::/32'],
    },
    // Edge locations in Asia (Korea, Japan) without the most expensive ones. (`mediaOffload: true` serves
    // uploads from S3 instead, once an offload plugin writes them there.)
    edge: { priceClass: cloudfront.PriceClass.PRICE_CLASS_200 },
  };

  const staging = new WordpressHosting(app, 'Staging', {
    ...common,
    domainName: 'staging.example.com',
    // Small and cheap: one task, a database that pauses when nobody tests.
    site: {
      minCapacity: 1,
      maxCapacity: 2,
      database: WordpressDatabase.auroraServerlessV2({ autoPause: Duration.minutes(30) }),
      // Production's pipeline releases here first: the site runs the image of its last release (a cdk deploy keeps it).
      trackReleasedImage: true,
    },
  });

  const production = new WordpressHosting(app, 'Production', {
    ...common,
    domainName: 'www.example.com',
    site: {
      // The customer's peaks: the 5th and the 25th, about two days each, read in Korean time.
      monthlyPeaks: [
        { dayOfMonth: 5, durationDays: 2 },
        { dayOfMonth: 25, durationDays: 2 },
      ],
      scheduleTimeZone: 'Asia/Seoul',
      peakMinCapacity: 6,
      // Tasks above the two on-demand ones split 1:1 onto Fargate Spot: what keeps the month's compute
      // within 0.35x static provisioning for the reference traffic profile (see docs/cost.md).
      fargateSpot: {},
    },
    // Releases built from GitHub, tried on staging first, then blue/green onto production with alarm rollback.
    pipeline: {
      source: PipelineSource.github({ owner: 'example-org', repository: 'wordpress-site', connectionArn: GITHUB_CONNECTION_ARN }),
      manualApproval: true,
    },
    promoteFrom: staging,
  });
  return { app, staging, production };
}
