import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ValidationError } from './validation';

/**
 * One acknowledged cdk-nag finding, recorded for both majors of cdk-nag:
 *
 * - cdk-nag 3 (a `Validations` plugin) reads `Validations.of(scope).acknowledge()` from the scope and its
 *   ancestors;
 * - cdk-nag 2 (an `Aspects` pack, still the most installed major) reads only the `cdk_nag` CloudFormation
 *   metadata of each L1 resource (`rules_to_suppress: [{ id, reason, applies_to }]`, the format
 *   `NagSuppressions.addResourceSuppressions(scope, ..., true)` writes). It is written here as plain resource
 *   metadata onto every L1 resource under `scope`, so the library needs no runtime dependency on cdk-nag.
 *
 * @param scope the construct whose resources the finding is about; call it after the resources exist
 * @param id the finding as cdk-nag 3 names it: `AwsSolutions-S1`, or a granular finding
 *   `AwsSolutions-IAM5[Resource::*]` (cdk-nag 2 matches the part in brackets through `applies_to`)
 * @param reason why the finding is acceptable here: specific, at least 10 characters (cdk-nag 2 rejects less)
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  const { ruleId, finding } = splitFindingId(id);
  if (reason.trim().length < 10) {
    throw new ValidationError(scope, `the acknowledgement of ${id} needs a specific reason (at least 10 characters).`);
  }
  Validations.of(scope).acknowledge({ id, reason });
  const rule = finding === undefined ? { id: ruleId, reason } : { id: ruleId, reason, applies_to: [finding] };
  for (const resource of scope.node.findAll().filter(CfnResource.isCfnResource)) {
    const existing: unknown[] = resource.getMetadata(NAG_METADATA_KEY)?.rules_to_suppress ?? [];
    const serialized = JSON.stringify(rule);
    if (!existing.some((r) => JSON.stringify(r) === serialized)) {
      resource.addMetadata(NAG_METADATA_KEY, { rules_to_suppress: [...existing, rule] });
    }
  }
}

/** The CloudFormation metadata key cdk-nag 2 reads suppressions from. */
export const NAG_METADATA_KEY = 'cdk_nag';

/** `AwsSolutions-IAM5[Resource::*]` → rule `AwsSolutions-IAM5`, finding `Resource::*`. */
export function splitFindingId(id: string): { ruleId: string; finding?: string } {
  const match = /^([^[\]]+)\[(.+)\]$/s.exec(id);
  return match ? { ruleId: match[1], finding: match[2] } : { ruleId: id };
}
