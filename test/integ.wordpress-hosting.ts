/**
 * Integration test of the `WordpressHosting` drop-in, run by `integ-runner` (docs/integration-tests.md).
 *
 * With an AWS account (`npx projen integ:deploy`), it deploys the three stacks of a small site (eu-west-1,
 * web ACL and certificate in us-east-1), then an assertion stack whose custom resources check the live site:
 *
 * 1. `https://<domain>/license.txt` answers 200 through the distribution: CloudFront → VPC origin → internal
 *    load balancer → a WordPress task (a static file: no database needed);
 * 2. `https://<domain>/` answers as WordPress does once it reached its database: 302 to its installer on a
 *    fresh site (an installed one answers 200), with an `https://` Location: WordPress knows its public URL;
 * 3. `/wp-includes` (a directory: Apache's own trailing-slash redirect) redirects to `https://` too;
 * 4. `/xmlrpc.php` answers 403 (the web ACL blocks it);
 * 5. `/wp-login.php` answers 403 from outside the admin allow-list (the assertion Lambda's address is never
 *    in the documentation range 203.0.113.0/24);
 * 6. the load balancer is `internal`, and its security group has no rule open to 0.0.0.0/0 or ::/0;
 * 7. scheduled WP-Cron ran: EventBridge Scheduler's universal target started a task of the site's family in the cron
 *    group (RunTask with the cron's `startedBy`), and its WordPress container ran and exited (stop code
 *    `EssentialContainerExited`, not `TaskFailedToStart`: the command override, the network and the roles worked).
 *
 * Without an account (CI, `npx projen integ`), integ-runner only synthesizes it and compares the result with
 * the committed snapshot (test/integ.wordpress-hosting.ts.snapshot). `npx projen integ:snapshot` rewrites
 * the snapshot without deploying.
 *
 * The shape follows AWS CDK's own deployed integ tests, e.g. aws-cdk
 * packages/@aws-cdk-testing/framework-integ/test/aws-cloudfront-origins/test/integ.vpc-origin.ts
 * (`IntegTest` + `assertions.httpApiCall(...).expect(ExpectedResult.objectLike({ status: 200 }))`).
 */
import { ExpectedResult, FetchOptions, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { WafLogging, WordpressDatabase, WordpressHosting } from '../src';
import { CRON_STARTED_BY } from '../src/wordpress/private/cron-run-task';

// ---------------------------------------------------------------- environment
// integ-runner synthesizes snapshots with CDK_INTEG_ACCOUNT=12345678 and CDK_INTEG_HOSTED_ZONE_ID/NAME set to
// placeholders (so the snapshot never holds a real account); a deployment uses the CLI's account and the
// hosted zone exported before the run (docs/integration-tests.md).
const account = process.env.CDK_INTEG_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT;
const REGION = 'eu-west-1';
const ZONES = ['eu-west-1a', 'eu-west-1b'];
const hostedZone = {
  hostedZoneId: process.env.CDK_INTEG_HOSTED_ZONE_ID ?? 'Z23ABC4XYZL05B',
  zoneName: process.env.CDK_INTEG_HOSTED_ZONE_NAME ?? 'example.com',
};
const domainName = `wordpress-integ.${hostedZone.zoneName}`;
/** A documentation range (RFC 5737): the assertions run from outside it. */
const ADMIN_ALLOW_LIST = ['203.0.113.0/24'];

/**
 * CloudFront's origin-facing managed prefix list in eu-west-1, as `ec2.PrefixList.fromLookup` records it
 * (managed prefix list IDs are per region, the same in every account). Check it with
 * `aws ec2 describe-managed-prefix-lists --region eu-west-1 --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`
 * and override it with CLOUDFRONT_PREFIX_LIST_ID.
 */
const cloudFrontPrefixListId = process.env.CLOUDFRONT_PREFIX_LIST_ID ?? 'pl-4fa04526';

const app = new App({
  context: {
    // The context key of that lookup (aws-cdk-lib ec2.PrefixList.fromLookup, Cloud Control context provider).
    [`cc-api-provider:account=${account}:expectedMatchCount=exactly-one:propertiesToReturn.0=PrefixListId:`
      + `propertyMatch.PrefixListName=com.amazonaws.global.cloudfront.origin-facing:region=${REGION}:typeName=AWS$:$:EC2$:$:PrefixList`]:
      [{ PrefixListId: cloudFrontPrefixListId }],
  },
});

// ---------------------------------------------------------------- the drop-in, small and disposable
const hosting = new WordpressHosting(app, 'WordpressHostingInteg', {
  env: { account, region: REGION },
  domainName,
  hostedZone,
  availabilityZones: ZONES,
  site: {
    minCapacity: 1,
    maxCapacity: 2,
    backup: false,
    // Everything goes when the test ends (integ-runner destroys the stacks).
    removalPolicy: RemovalPolicy.DESTROY,
    database: WordpressDatabase.auroraServerlessV2({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }),
  },
  webAcl: {
    adminAllowList: ADMIN_ALLOW_LIST,
    logging: WafLogging.cloudWatchLogs({ removalPolicy: RemovalPolicy.DESTROY }),
  },
  edge: { removalPolicy: RemovalPolicy.DESTROY },
});

// The assertions' stack lives with the site (same account and region: it reads the load balancer's ARN and group).
const assertionStack = new Stack(app, 'WordpressHostingIntegAssertions', { env: { account, region: REGION } });
const integ = new IntegTest(app, 'WordpressHostingIntegTest', {
  testCases: [hosting.edgeStack, hosting.siteStack, hosting.edgeMonitoringStack],
  assertionStack,
  diffAssets: false,
});

/** Retry while DNS, CloudFront and the first task come up. */
const patiently = { totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) };
/**
 * Do not follow redirects: the Location header is what is checked. The assertion handler passes `fetchOptions`
 * to node-fetch as they are, and node-fetch's `redirect: 'manual'` returns the 3xx response itself
 * (integ-tests-alpha's FetchOptions type does not list it).
 */
const noRedirects = { redirect: 'manual' } as FetchOptions;
const site = `https://${domainName}`;

// 1. Through the distribution to a task.
integ.assertions.httpApiCall(`${site}/license.txt`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions(patiently);

// 2. WordPress itself (PHP and the database) answers, and redirects only to https://.
integ.assertions.httpApiCall(`${site}/`, noRedirects)
  .expect(ExpectedResult.objectLike({ status: 302, headers: { location: [`${site}/wp-admin/install.php`] } }))
  .waitForAssertions(patiently);

// 3. Apache's own redirects (a directory without its trailing slash) keep https:// too.
integ.assertions.httpApiCall(`${site}/wp-includes`, noRedirects)
  .expect(ExpectedResult.objectLike({ headers: { location: [Match.stringLikeRegexp('^https://')] } }))
  .waitForAssertions(patiently);

// 4. XML-RPC is blocked at the edge.
integ.assertions.httpApiCall(`${site}/xmlrpc.php`, { method: 'POST', body: '<methodCall/>' })
  .expect(ExpectedResult.objectLike({ status: 403 }))
  .waitForAssertions(patiently);

// 5. The login page is blocked from outside the admin allow-list.
integ.assertions.httpApiCall(`${site}/wp-login.php`, noRedirects)
  .expect(ExpectedResult.objectLike({ status: 403 }))
  .waitForAssertions(patiently);

// 6. The load balancer cannot be reached from the internet: internal scheme, no rule open to everyone.
const loadBalancer = hosting.site.loadBalancer;
const describeLoadBalancer = integ.assertions.awsApiCall('ElasticLoadBalancingV2', 'describeLoadBalancers', {
  LoadBalancerArns: [loadBalancer.loadBalancerArn],
});
describeLoadBalancer.expect(ExpectedResult.objectLike({ LoadBalancers: [Match.objectLike({ Scheme: 'internal' })] }));
// The SDK name gives the wrong IAM prefix (elasticloadbalancingv2:): grant the real action.
describeLoadBalancer.provider.addToRolePolicy({ Effect: 'Allow', Action: ['elasticloadbalancing:DescribeLoadBalancers'], Resource: ['*'] });

for (const [filter, everyone] of [['ip-permission.cidr', '0.0.0.0/0'], ['ip-permission.ipv6-cidr', '::/0']]) {
  integ.assertions.awsApiCall('EC2', 'describeSecurityGroups', {
    Filters: [
      { Name: 'group-id', Values: loadBalancer.connections.securityGroups.map((g) => g.securityGroupId) },
      { Name: filter, Values: [everyone] },
    ],
  }).expect(ExpectedResult.objectLike({ SecurityGroups: [] }));
}

// 7. Scheduled WP-Cron: a run started by the schedule (every 5 minutes) and ran its container to the end.
const cluster = hosting.site.cluster.clusterArn;
const cronRuns = integ.assertions.awsApiCall('ECS', 'listTasks', { cluster, startedBy: CRON_STARTED_BY, desiredStatus: 'STOPPED' });
cronRuns.assertAtPath('taskArns.0', ExpectedResult.stringLikeRegexp(':task/')).waitForAssertions(patiently);
cronRuns.next(integ.assertions.awsApiCall('ECS', 'describeTasks', { cluster, tasks: [cronRuns.getAttString('taskArns.0')] })
  .expect(ExpectedResult.objectLike({
    tasks: [Match.objectLike({ group: `cron:${hosting.site.taskDefinition.family}`, stopCode: 'EssentialContainerExited' })],
  })));

app.synth();
