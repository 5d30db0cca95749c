// A customer's CDK app using the installed package: the minimal drop-in (the install check compiles and runs this).
import { App } from 'aws-cdk-lib';
import { WordpressHosting } from 'cdk-fargate-wordpress';

const app = new App({ outdir: process.env.CDK_OUTDIR });
new WordpressHosting(app, 'Blog', {
  env: { account: '123456789012', region: 'eu-west-1' },
  domainName: 'blog.example.com',
  hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  alarmEmails: ['ops@example.com'],
});
app.synth();
