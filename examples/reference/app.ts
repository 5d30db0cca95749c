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
import { cost, PipelineSource, WordpressDatabase, WordpressDeployment, WordpressHosting } from 'cdk-fargate-wordpress';

/** Where the customer's site runs. Replace the account with yours. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-1' };
/** The customer's public hosted zone, created once by hand (or in another app). */
export const HOSTED_ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };
/** A CodeConnections connection to GitHub, created and authorized once in the console. */
const GITHUB_CONNECTION_ARN = 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
/**
 * The customer's traffic (Korean time, an evening crest, peaks on the 5th and the 25th for two days at 5x): one
 * object, given to the production site, whose scheduled minimums follow it, and to its cost estimate (main.ts).
 */
export const TRAFFIC_PROFILE = cost.TrafficProfiles.twoMonthlyPeaks();
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
      // Released by production's pipeline like production: blue/green, so its code comes from the released image too
      // (immutable content) and runs its last release (a cdk deploy keeps it): a release tried here is the code production will run.
      deployment: WordpressDeployment.ecsBlueGreen(),
    },
  });

  const production = new WordpressHosting(app, 'Production', {
    ...common,
    domainName: 'www.example.com',
    site: {
      // The customer's traffic: the minimum task count is raised before each hour that needs more tasks,
      // through the peaks on the 5th and the 25th too, in Korean time (see docs/site.md).
      trafficProfile: TRAFFIC_PROFILE,
      // The database on the same schedule: its minimum raised to 2 ACU before each peak, back to 0.5 after it,
      // so that the 5th and the 25th do not start on a cold database.
      database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }),
      // Tasks above the two on-demand ones split 1:1 onto Fargate Spot (docs/cost.md compares with and without).
      fargateSpot: {},
    },
    // Releases built from GitHub, tried on staging first, then blue/green onto production with alarm rollback.
    pipeline: {
      source: PipelineSource.github({ owner: 'example-org', repository: 'wordpress-site', connectionArn: GITHUB_CONNECTION_ARN }),
      manualApproval: true,
    },
    promoteFrom: staging,
    // The peak rehearsed three days before each (the 2nd and the 22nd, at the profile's quietest hour, Korean time):
    // the profile's busiest hour at the origin for 15 minutes, through CloudFront and the web ACL, reported to the operators.
    rehearsal: {}, // the site's own traffic profile
  });
  return { app, staging, production };
}
