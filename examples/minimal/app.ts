/**
 * The minimal drop-in: the whole architecture for one domain in about ten lines.
 */
import { App } from 'aws-cdk-lib';
import { recordCloudFrontPrefixList } from '../context';
import { WordpressHosting } from 'cdk-fargate-wordpress';

/** Add the minimal example to an app (a new one by default) and return it. */
export function buildMinimalApp(app: App = new App()): App {
  const env = { account: '123456789012', region: 'eu-west-1' };
  recordCloudFrontPrefixList(app, env); // what cdk.context.json holds after one `cdk synth` with credentials
  new WordpressHosting(app, 'Blog', {
    env,
    domainName: 'blog.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    alarmEmails: ['ops@example.com'],
  });
  return app;
}
