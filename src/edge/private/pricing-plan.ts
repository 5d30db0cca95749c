import { Annotations, CfnOutput, CfnResource, Fn, Names, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as pricingplanmanager from 'aws-cdk-lib/aws-pricingplanmanager';
import { Construct, IConstruct } from 'constructs';
import { weakReference } from './cross-region';
import { ValidationError } from '../../private/validation';
import type { CloudFrontPricingPlan } from '../cloud-front-pricing-plan';
import type { WordpressWebAcl } from '../wordpress-web-acl';

/**
 * Which edges of an app use which web ACL (the `WordpressWebAcl` object or the `webAclArn` string given), so that a
 * subscribed distribution can tell whether its web ACL serves another distribution too.
 */
const WEB_ACL_USERS = new WeakMap<IConstruct, Map<unknown, IConstruct[]>>();

/** Record that `edge` uses the web ACL `key` (a `WordpressWebAcl` or the `webAclArn` given). */
export function recordWebAclUse(edge: IConstruct, key: unknown): void {
  const root = edge.node.root;
  const users = WEB_ACL_USERS.get(root) ?? new Map<unknown, IConstruct[]>();
  WEB_ACL_USERS.set(root, users);
  users.set(key, [...(users.get(key) ?? []), edge]);
}

/** What the subscription covers. */
export interface PlanSubject {
  readonly distribution: cloudfront.Distribution;
  /** ARN of the web ACL, as the distribution's stack reads it. */
  readonly webAclArn: string;
  /** The web ACL as given: a `WordpressWebAcl`, or undefined with `webAclArn`. */
  readonly webAcl?: WordpressWebAcl;
  /** `webAcl` or `webAclArn`, whichever was given: the prop a shared web ACL is named by. */
  readonly webAclProp: string;
  /** What identifies the web ACL across edges (the object, or the ARN given). */
  readonly webAclKey: unknown;
}

/**
 * Subscribe the distribution to the plan: one `AWS::PricingPlanManager::Subscription` whose resources are the
 * distribution and its web ACL, the two a CloudFront-family subscription must name exactly once each
 * (https://docs.aws.amazon.com/pricingplanmanager/latest/APIReference/API_AssociateResourcesToSubscription.html; the
 * CreateSubscription input says the same). It references the distribution, so CloudFormation creates it after the
 * distribution has its web ACL attached (`WebACLId`) and deletes it first. Paid tiers are created `PENDING_APPROVAL`
 * and CloudFormation never approves them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pricingplanmanager-subscription.html):
 * a stack output says how to approve. Then what the plan does not allow is checked at synthesis, after every change
 * to the distribution and the web ACL.
 */
export function subscribeToPlan(
  scope: IConstruct, plan: CloudFrontPricingPlan, subject: PlanSubject, home?: Stack,
): pricingplanmanager.CfnSubscription {
  // In another stack (us-east-1, deployed after the distribution's): the distribution's ID crosses as a stack output read
  // with Fn::GetStackOutput, the web ACL's ARN straight from its own stack.
  const elsewhere = home !== undefined && home !== Stack.of(scope);
  const target: IConstruct = elsewhere ? new Construct(home, Names.uniqueId(scope)) : scope;
  const distributionId = elsewhere ? weakReference(home, subject.distribution.distributionId) : subject.distribution.distributionId;
  const distributionArn = elsewhere
    ? home.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: distributionId })
    : subject.distribution.distributionArn;
  const webAclArn = elsewhere && subject.webAcl ? subject.webAcl.webAclArn : subject.webAclArn;
  const subscription = new pricingplanmanager.CfnSubscription(target, 'PricingPlan', {
    planFamily: 'CloudFront',
    planTier: plan.tier,
    resourceArns: [distributionArn, webAclArn],
  });
  if (plan.requiresApproval) {
    // ApprovePaidSubscription takes the subscription's ARN and its current ETag (If-Match), from GetSubscription:
    // https://docs.aws.amazon.com/pricingplanmanager/latest/APIReference/API_ApprovePaidSubscription.html
    new CfnOutput(target, 'PricingPlanApproval', {
      description: `The ${plan.tier} CloudFront flat-rate plan is created PENDING_APPROVAL: it is not billed and does not apply until an operator approves it`,
      value: Fn.join('', [
        `${plan.tier} plan of distribution `, distributionId, ' waits for approval: CloudFront console > Distributions > ',
        distributionId, ' > pricing plan, or: aws pricing-plan-manager get-subscription --region us-east-1 --arn ',
        subscription.attrArn, ' (note the ETag), then aws pricing-plan-manager approve-paid-subscription --region us-east-1 --arn ',
        subscription.attrArn, ' --if-match <ETag>',
      ]),
    });
  }
  scope.node.addValidation({ validate: () => planViolations(scope, plan, subject) });
  if (!subject.webAcl) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:pricingPlanWebAclUnchecked',
      `pricingPlan ${plan.tier}: the web ACL given by webAclArn cannot be inspected here; make sure it uses no CAPTCHA action, `
      + 'no targeted Bot Control, no account takeover or account creation fraud prevention and no partner rule groups, '
      + 'and serves this distribution only, or the subscription will fail.');
  }
  return subscription;
}

/**
 * What the distribution and the web ACL use that flat-rate plans do not allow, one message each naming the prop.
 * The list: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/flat-rate-pricing-plan.html (not in the
 * corpus this was written from; as summarised by https://finops.com.py/services/cloudfront/flat-rate-pricing, read
 * 2026-11-30): Lambda@Edge, real-time logs, continuous deployment, dedicated IP SSL, field-level encryption, legacy
 * cache settings (ForwardedValues; also https://github.com/hashicorp/terraform-provider-aws
 * website/docs/r/pricingplanmanager_subscription.html.markdown), origin access identities, IAM server certificates;
 * in AWS WAF CAPTCHA, targeted Bot Control, account takeover / account creation fraud prevention, partner rule groups;
 * and a web ACL shared with another distribution.
 */
export function planViolations(scope: IConstruct, plan: CloudFrontPricingPlan, subject: PlanSubject): string[] {
  const out: string[] = [];
  const no = (what: string, where: string, instead: string) =>
    out.push(new ValidationError(scope, `invalid pricingPlan: ${plan.tier}. Flat-rate plans do not allow ${what}: ${where}. ${instead}`).message);

  const config = resolvedProperties(subject.distribution.node.defaultChild as CfnResource).DistributionConfig ?? {};
  const behaviors: Array<[string, any]> = [['the default behavior', config.DefaultCacheBehavior ?? {}],
    ...(config.CacheBehaviors ?? []).map((b: any): [string, any] => [`the behavior of "${b.PathPattern}"`, b])];
  for (const [name, b] of behaviors) {
    if ((b.LambdaFunctionAssociations ?? []).length > 0) {
      no('Lambda@Edge', `${name} has edgeLambdas (distribution)`, 'Use a CloudFront Function (functionAssociations) or stay pay-as-you-go.');
    }
    if (b.ForwardedValues) {
      no('legacy cache settings', `${name} has ForwardedValues (distribution)`, 'Use a cache policy and an origin request policy.');
    }
    if (b.RealtimeLogConfigArn) {
      no('real-time logs', `${name} has a realtimeLogConfig (distribution)`, 'Use the standard access logs.');
    }
    if (b.FieldLevelEncryptionId) {
      no('field-level encryption', `${name} has a FieldLevelEncryptionId (distribution)`, 'Remove it or stay pay-as-you-go.');
    }
  }
  for (const origin of config.Origins ?? []) {
    if (origin.S3OriginConfig?.OriginAccessIdentity) {
      no('origin access identities', `origin "${origin.Id}" has one (distribution)`, 'Use origin access control (mediaBucket does).');
    }
  }
  if (config.ViewerCertificate?.IamCertificateId) {
    no('IAM server certificates', 'the viewer certificate is one (certificate)', 'Use an ACM certificate in us-east-1.');
  }
  if (config.ViewerCertificate?.SslSupportMethod === 'vip') {
    no('dedicated IP SSL', 'the viewer certificate uses sslSupportMethod VIP (distribution)', 'Use SNI.');
  }
  if (config.ContinuousDeploymentPolicyId || config.Staging) {
    no('continuous deployment', 'the distribution has a continuous deployment policy or is a staging distribution (distribution)', 'Remove it.');
  }
  if (subject.webAcl) {
    const rules = resolvedProperties(subject.webAcl.webAcl).Rules ?? [];
    for (const rule of rules) {
      webAclRuleViolations(rule, no);
    }
  }
  const sharers = (WEB_ACL_USERS.get(scope.node.root)?.get(subject.webAclKey) ?? []).filter((edge) => edge !== scope);
  if (sharers.length > 0) {
    no('a web ACL shared between distributions', `${subject.webAclProp} is also the web ACL of ${sharers.map((e) => e.node.path).join(', ')}`,
      'Give each subscribed distribution a web ACL of its own (one WordpressWebAcl each).');
  }
  return out;
}

function webAclRuleViolations(rule: any, no: (what: string, where: string, instead: string) => void): void {
  const where = `the web ACL's rule "${rule.Name}" (webAcl: additionalRules)`;
  const overrides: any[] = [rule.Statement?.ManagedRuleGroupStatement, rule.Statement?.RuleGroupReferenceStatement]
    .flatMap((statement) => statement?.RuleActionOverrides ?? []);
  if (rule.Action?.Captcha || overrides.some((o) => o.ActionToUse?.Captcha)) {
    no('CAPTCHA actions', `${where} uses one`, 'Use Challenge or Block.');
  }
  const group = rule.Statement?.ManagedRuleGroupStatement;
  if (!group) {
    return;
  }
  if (group.VendorName !== 'AWS') {
    no('partner managed rule groups', `${where} uses ${group.VendorName}'s ${group.Name}`, 'Use AWS managed rule groups or your own rules.');
  }
  const configs: any[] = group.ManagedRuleGroupConfigs ?? [];
  if (group.Name === 'AWSManagedRulesBotControlRuleSet'
    && configs.some((c) => c.AWSManagedRulesBotControlRuleSet?.InspectionLevel === 'TARGETED')) {
    no('targeted Bot Control', `${where} sets InspectionLevel TARGETED`, 'Use the COMMON inspection level.');
  }
  if (group.Name === 'AWSManagedRulesATPRuleSet' || group.Name === 'AWSManagedRulesACFPRuleSet') {
    no('account takeover or account creation fraud prevention', `${where} uses ${group.Name}`, 'Remove the rule group or stay pay-as-you-go.');
  }
}

/** A resource's CloudFormation properties as they will be synthesized (every lazy value resolved). */
function resolvedProperties(resource: CfnResource): { [key: string]: any } {
  const resources = Stack.of(resource).resolve((resource as any)._toCloudFormation()).Resources ?? {};
  return (Object.values(resources)[0] as any)?.Properties ?? {};
}
