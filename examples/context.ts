/**
 * What `cdk.context.json` holds after one `cdk synth` with AWS credentials, recorded here so that the examples
 * synthesize offline (a customer's app gets this file from the CDK CLI and commits it).
 *
 * `GeoBlockedCloudFrontWaf` (and so `WordpressHosting`) admits CloudFront's origin-facing prefix list,
 * `com.amazonaws.global.cloudfront.origin-facing`, on the load balancer; without `cloudFrontPrefixListId` it
 * looks its ID up by name with `ec2.PrefixList.fromLookup`, whose answer the CLI records under this key.
 */
import { App } from 'aws-cdk-lib';

/** IDs of the list in the examples' regions (`aws ec2 describe-managed-prefix-lists` answers yours). */
export const CLOUDFRONT_PREFIX_LISTS: { [region: string]: string } = {
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'eu-west-1': 'pl-4fa04526',
};

/** Record the lookup's answer for an account and region in the app's context, as `cdk.context.json` would. */
export function recordCloudFrontPrefixList(app: App, env: { readonly account: string; readonly region: string }): void {
  const key = `cc-api-provider:account=${env.account}:expectedMatchCount=exactly-one:propertiesToReturn.0=PrefixListId`
    + `:propertyMatch.PrefixListName=com.amazonaws.global.cloudfront.origin-facing:region=${env.region}`
    + ':typeName=AWS$:$:EC2$:$:PrefixList';
  app.node.setContext(key, [{ PrefixListId: CLOUDFRONT_PREFIX_LISTS[env.region] }]);
}
