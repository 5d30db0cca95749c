/**
 * The reference app: the quest's WordPress site, as a consultancy would write it in the customer's CDK app.
 *
 * The customer runs WordPress in Tokyo (ap-northeast-1) for visitors in Korea, with traffic peaks on the
 * 5th and the 25th of every month for about two days. Everything is explicit (account, region, zones,
 * hosted zone), so synthesis needs no AWS credentials and no context lookups.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ScalableWordpressOnFargate } from 'cdk-fargate-wordpress';

/** Where the customer's site runs. Replace the account with yours. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-1' };

/** Add the reference stacks to an app (a new one by default) and return it. */
export function buildReferenceApp(app: App = new App()): App {
  const stack = new Stack(app, 'WordpressSite', {
    env: SITE_ENV,
    description: 'WordPress on ECS Fargate (cdk-fargate-wordpress reference app)',
  });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
    hostedZoneId: 'Z0123456789EXAMPLE',
    zoneName: 'example.com',
  });

  new ScalableWordpressOnFargate(stack, 'Wordpress', {
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
    domainName: 'www.example.com',
    hostedZone,
    // The quest: peaks on the 5th and the 25th, about two days each, read in Korean time.
    monthlyPeaks: [
      { dayOfMonth: 5, durationDays: 2 },
      { dayOfMonth: 25, durationDays: 2 },
    ],
    scheduleTimeZone: 'Asia/Seoul',
    peakMinCapacity: 6,
    // Tasks above the two on-demand ones split 1:1 onto Fargate Spot: what keeps the month's compute within
    // 0.35x static provisioning for the quest's traffic (see "Cost and capacity" in the README).
    fargateSpot: {},
  });
  return app;
}
