/**
 * The minimal drop-in: the whole architecture for one domain in about ten lines.
 */
import { App } from 'aws-cdk-lib';
import { WordpressHosting } from 'cdk-fargate-wordpress';

/** Add the minimal example to an app (a new one by default) and return it. */
export function buildMinimalApp(app: App = new App()): App {
  new WordpressHosting(app, 'Blog', {
    env: { account: '123456789012', region: 'eu-west-1' },
    domainName: 'blog.example.com',
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    alarmEmails: ['ops@example.com'],
  });
  return app;
}
