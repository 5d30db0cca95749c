import { ArnFormat, ReferenceStrength, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

export { CLOUDFRONT_REGION } from '../../private/regions';

/** The context key with which an app chooses how cross-stack references are made. */
const REFERENCE_STRENGTH_CONTEXT = '@aws-cdk/core:defaultCrossStackReferences';

/**
 * A reference to an attribute of a resource in another stack, made weak when the app has not chosen a
 * reference strength itself: the consuming template reads the producing stack's output with
 * `Fn::GetStackOutput`, which works across regions without the custom resources (Lambda functions)
 * that strong cross-region references deploy into both stacks. Nothing is lost by it here: ACM will not
 * delete a certificate and WAF will not delete a web ACL while a distribution uses it.
 *
 * Values that are not a single resource attribute (literals, imported ARNs) are returned unchanged.
 */
export function weakReference(consumer: IConstruct, value: string): string {
  if (!Token.isUnresolved(value) || consumer.node.tryGetContext(REFERENCE_STRENGTH_CONTEXT) !== undefined) {
    return value;
  }
  try {
    return Stack.consumeReference(value, ReferenceStrength.WEAK);
  } catch {
    return value; // not a plain resource attribute (e.g. a joined string): CDK's default applies
  }
}

/** The region of an ARN, when the ARN is known at synth time. */
export function arnRegion(scope: IConstruct, arn: string): string | undefined {
  if (Token.isUnresolved(arn)) {
    return undefined;
  }
  const region = Stack.of(scope).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME).region;
  return region && !Token.isUnresolved(region) ? region : undefined;
}
