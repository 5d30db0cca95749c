/**
 * The tier of a template's CloudFront flat-rate plan subscription (`AWS::PricingPlanManager::Subscription` with
 * `PlanFamily` `CloudFront`), when it has exactly one with a literal tier: what the estimate prices the edge on unless
 * told otherwise. https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pricingplanmanager-subscription.html
 */
export function readPlanTier(template: any): string | undefined {
  const tiers = Object.values<any>(template?.Resources ?? {})
    .filter((r) => r?.Type === 'AWS::PricingPlanManager::Subscription' && r.Properties?.PlanFamily === 'CloudFront')
    .map((r) => r.Properties?.PlanTier);
  return tiers.length === 1 && typeof tiers[0] === 'string' ? tiers[0] : undefined;
}
