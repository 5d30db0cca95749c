// A customer's CDK app using the installed package (the install check compiles and runs this).
import { App, Stack } from 'aws-cdk-lib';
import { ScalableWordpressOnFargate } from 'cdk-fargate-wordpress';

const app = new App({ outdir: process.env.CDK_OUTDIR });
const stack = new Stack(app, 'InstallCheck', { env: { account: '123456789012', region: 'eu-west-1' } });
new ScalableWordpressOnFargate(stack, 'Wordpress', {
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
});
app.synth();
