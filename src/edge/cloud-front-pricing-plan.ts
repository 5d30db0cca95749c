import { valueError } from '../private/validation';

/**
 * A CloudFront flat-rate pricing plan for one distribution: a monthly price that bundles the distribution's delivery,
 * its AWS WAF web ACL, DDoS protection and CloudWatch Logs ingestion of its standard and WAF logs, with request and data
 * transfer allowances and no overage charges (over an allowance AWS may throttle or ask for a higher plan).
 *
 * Prices and allowances are in the cost model's price table (`PriceTable`); `CostEstimate` says which plan a traffic
 * profile fits. See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/flat-rate-pricing-plan.html.
 */
export class CloudFrontPricingPlan {
  /** The Free plan: activated at once, no approval. */
  public static readonly FREE = new CloudFrontPricingPlan('FREE');
  /** The Pro plan: created pending an approval outside CloudFormation. */
  public static readonly PRO = new CloudFrontPricingPlan('PRO');
  /** The Business plan: created pending an approval outside CloudFormation. */
  public static readonly BUSINESS = new CloudFrontPricingPlan('BUSINESS');
  /** The Premium plan (its default usage level): created pending an approval outside CloudFormation. */
  public static readonly PREMIUM = new CloudFrontPricingPlan('PREMIUM');

  /**
   * The plan of a tier named in text, e.g. from the CDK context: `FREE`, `PRO`, `BUSINESS` or `PREMIUM` (any case).
   * Throws for any other name.
   *
   * @param tier the tier's name
   */
  public static fromTier(tier: string): CloudFrontPricingPlan {
    const plan = [CloudFrontPricingPlan.FREE, CloudFrontPricingPlan.PRO, CloudFrontPricingPlan.BUSINESS, CloudFrontPricingPlan.PREMIUM]
      .find((p) => typeof tier === 'string' && p.tier === tier.trim().toUpperCase());
    if (!plan) {
      throw valueError('pricingPlan', tier, 'Allowed: FREE, PRO, BUSINESS or PREMIUM (CloudFront\'s flat-rate plans).');
    }
    return plan;
  }

  /** Whether the subscription waits for an approval before it is billed and takes effect (every tier but Free). */
  public readonly requiresApproval: boolean;

  private constructor(
    /** The tier as `AWS::PricingPlanManager::Subscription` names it (`PlanTier`). */
    public readonly tier: string,
  ) {
    this.requiresApproval = tier !== 'FREE';
  }

  /** The tier's name. */
  public toString(): string {
    return this.tier;
  }
}
