/**
 * Inputs a check takes from the app rather than from its templates (a check must not trust the template
 * it checks for the values it checks it against).
 */
import { App, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The AWS-managed prefix list of CloudFront's origin-facing servers. */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/**
 * The ID of CloudFront's origin-facing prefix list the app was given for a region: the value of the
 * context key that `ec2.PrefixList.fromLookup({ prefixListName: 'com.amazonaws.global.cloudfront.origin-facing' })`
 * reads (`cc-api-provider:...:propertyMatch.PrefixListName=com.amazonaws.global.cloudfront.origin-facing:region=<region>...`,
 * value `[{ "PrefixListId": "pl-..." }]`), as `cdk.context.json` or the app's code supplies it, on the app
 * or on any stack. Undefined when the app was given none for that region.
 */
export function givenCloudFrontPrefixListId(app: App, region: string): string | undefined {
  for (const scope of [app, ...stacksOf(app)]) {
    for (const [key, value] of Object.entries(scope.node.getAllContext())) {
      if (key.includes(`=${CLOUDFRONT_ORIGIN_FACING}`) && key.includes(`:region=${region}`)) {
        const entry: any = Array.isArray(value) ? value[0] : value;
        const id = typeof entry === 'string' ? entry : entry?.PrefixListId ?? entry?.prefixListId;
        if (typeof id === 'string') {
          return id;
        }
      }
    }
  }
  return undefined;
}

function stacksOf(scope: IConstruct): Stack[] {
  return scope.node.findAll().filter((c): c is Stack => Stack.isStack(c) && !Stage.isStage(c));
}
