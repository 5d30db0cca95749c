import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { isUnresolved, propError } from '../../private/validation';

/**
 * The AWS-managed prefix list of CloudFront's origin-facing servers
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html). A security group
 * rule that references it counts as about 55 rules against the group's quota (60 by default): one rule, one port.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

/** Throws unless the value (when known) looks like a prefix list ID, `pl-` and 8 to 17 hex digits. */
export function checkPrefixListId(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value !== undefined && !isUnresolved(value) && !/^pl-[0-9a-f]{8,17}$/.test(value)) {
    throw propError(scope, prop, value,
      `Allowed: the ID (pl-...) of the ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} prefix list in the load balancer's region.`);
  }
}

/**
 * The ID of CloudFront's origin-facing prefix list in the scope's region: the given one, else looked up by name
 * (`ec2.PrefixList.fromLookup`, a context lookup through the Cloud Control API that the CDK CLI resolves once and
 * records in `cdk.context.json`; see aws/aws-cdk#33606 and #33619, which add it for exactly this list).
 */
export function cloudFrontPrefixListId(scope: Construct, id: string, prop: string, given: string | undefined): string {
  if (given !== undefined) {
    return given;
  }
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw propError(scope, prop, given, `Give the ID (pl-...) of the ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} prefix list, `
      + 'or give the stack an explicit account and region so that it can be looked up.');
  }
  return ec2.PrefixList.fromLookup(scope, id, { prefixListName: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }).prefixListId;
}

