/**
 * Zero-downtime releases of a WordPress site, both ways `BlueGreenEcsPipeline` can run them (the site's `deployment` decides).
 *
 * - `WordpressNativeBlueGreen` (recommended): the site with Amazon ECS native blue/green and a test
 *   listener, a separate staging site (own file system and database, same VPC), and a pipeline that
 *   builds the image from GitHub (the customer's repository: `site-repository/`, a Dockerfile with the
 *   site's themes, plugins and pinned wordpress.org plugins), deploys it to staging, waits for an approval, then releases it
 *   to production blue/green with alarm rollback. Both sites run the image of their last release: a later `cdk deploy`
 *   keeps it.
 * - `WordpressCodeDeployBlueGreen` (for a team that builds its images elsewhere): the site under the CodeDeploy controller, and a
 *   pipeline started by an image push to ECR that releases through a CodeDeploy deployment group with
 *   generated taskdef.json and appspec.yaml.
 *
 * Everything is explicit (account, region, zones, hosted zone, connection ARN), so synthesis needs no
 * AWS credentials and no context lookups.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  BlueGreenEcsPipeline, PipelineSource, ScalableWordpressOnFargate, WordpressDeployment,
} from 'cdk-fargate-wordpress';

/** Where the customer's site runs. Replace the account with yours. */
export const SITE_ENV = { account: '123456789012', region: 'ap-northeast-1' };
const ZONES = ['ap-northeast-1a', 'ap-northeast-1c'];
/** A CodeConnections connection to GitHub, created and authorized once in the console. */
const GITHUB_CONNECTION_ARN = 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** Add the pipeline example stacks to an app (a new one by default) and return it. */
export function buildPipelineApp(app: App = new App()): App {
  // ---------------------------------------------------------------- native ECS blue/green, built from GitHub
  const native = new Stack(app, 'WordpressNativeBlueGreen', {
    env: SITE_ENV,
    description: 'WordPress with native ECS blue/green releases from GitHub (cdk-fargate-wordpress pipeline example)',
  });
  const zone = route53.HostedZone.fromHostedZoneAttributes(native, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
  const site = new ScalableWordpressOnFargate(native, 'Wordpress', {
    availabilityZones: ZONES,
    domainName: 'www.example.com',
    hostedZone: zone,
    deployment: WordpressDeployment.ecsBlueGreen({ testListenerPort: 8443 }),
  });
  // Staging: its own service, file system and database (never shared with production), in the same VPC.
  const staging = new ScalableWordpressOnFargate(native, 'Staging', {
    vpc: site.vpc,
    domainName: 'staging.example.com',
    hostedZone: zone,
    minCapacity: 1,
    maxCapacity: 2,
    // A rolling site the pipeline releases to: it runs the image of its last release too (a cdk deploy keeps it).
    trackReleasedImage: true,
  });
  new BlueGreenEcsPipeline(native, 'Releases', {
    service: site,
    source: PipelineSource.github({ owner: 'example-org', repository: 'wordpress-site', connectionArn: GITHUB_CONNECTION_ARN }),
    staging: { service: staging, url: 'https://staging.example.com' },
    manualApproval: true,
  });

  // ---------------------------------------------------------------- CodeDeploy blue/green on an ECR push
  const codeDeploy = new Stack(app, 'WordpressCodeDeployBlueGreen', {
    env: SITE_ENV,
    description: 'WordPress with CodeDeploy blue/green releases of pushed images (cdk-fargate-wordpress pipeline example)',
  });
  const pushed = new ecr.Repository(codeDeploy, 'Images', { imageScanOnPush: true, imageTagMutability: ecr.TagMutability.MUTABLE });
  const pushedSite = new ScalableWordpressOnFargate(codeDeploy, 'Wordpress', {
    availabilityZones: ZONES,
    deployment: WordpressDeployment.codeDeployBlueGreen(),
  });
  new BlueGreenEcsPipeline(codeDeploy, 'Releases', {
    service: pushedSite,
    source: PipelineSource.ecr({ repository: pushed, tag: 'latest' }),
  });
  return app;
}
