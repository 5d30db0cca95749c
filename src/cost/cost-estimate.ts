import type { CostEstimateOptions } from './cost-estimate-options';
import type { EdgePricingOption } from './edge-pricing';
import type { CapacitySimulation } from './private/capacity-simulation';
import { readPlanTier } from './private/plan-subscription';
import { priceMonth, PricedMonth } from './private/pricing';
import { renderSvg, renderText } from './private/render';
import { readSiteTemplate, SiteConfiguration } from './private/site-template';
import type { RegionPrices } from './region-prices';
import type { SimulationMonth } from './simulation-month';
import type { CapacityStrategy, StrategyCost } from './strategy-cost';

/**
 * A month of a synthesized site's bill, estimated for five capacity strategies side by side.
 *
 * The site is read from its synthesized template, so the estimate prices what would be deployed,
 * every default applied. Each strategy gets the bill by service (Fargate, database, EFS, load
 * balancer, NAT gateway, public IPv4, CloudFront, AWS WAF, Secrets Manager, CloudWatch Logs,
 * Route 53, AWS Backup) and its ratios to static provisioning and to the oracle. Pure computation:
 * nothing is deployed or called.
 */
export class CostEstimate {
  /**
   * Estimate the site a synthesized template defines.
   *
   * @param template the parsed JSON of `cdk.out/<stack>.template.json`, or `Template.fromStack(stack).toJSON()`
   * @param options the traffic, the month, the region and what the template cannot tell
   */
  public static fromTemplate(template: any, options: CostEstimateOptions): CostEstimate {
    return new CostEstimate(priceMonth(readSiteTemplate(template, options.servicePath), options, readPlanTier(template)));
  }

  /**
   * Estimate a site described by hand (tests).
   *
   * @internal
   */
  public static _fromSite(site: SiteConfiguration, options: CostEstimateOptions): CostEstimate {
    return new CostEstimate(priceMonth(site, options));
  }

  /** Construct path of the ECS service priced (or its logical id when the template has no path metadata). */
  public readonly servicePath: string;
  /** The month simulated and priced. */
  public readonly month: SimulationMonth;
  /** Hours in the month (differs from days x 24 across a daylight saving change). */
  public readonly monthHours: number;
  /** Requests arriving at the edge in the month. */
  public readonly edgeRequests: number;
  /** Requests reaching the tasks in the month. */
  public readonly originRequests: number;
  /** The prices used. */
  public readonly prices: RegionPrices;
  /** The strategies, 1 to 5, priced. */
  public readonly strategies: StrategyCost[];
  /** Things the reader should know: what was not simulated or priced. */
  public readonly notes: string[];
  /**
   * The ways of paying for the edge (pay-as-you-go and each CloudFront flat-rate plan), priced for the month, with the
   * one the strategies' bills use marked `chosen`; empty without CloudFront.
   */
  public readonly edgePricing: EdgePricingOption[];

  /**
   * The site as read from the template.
   *
   * @internal
   */
  public readonly _site: SiteConfiguration;

  /**
   * The capacity simulation, hour by hour.
   *
   * @internal
   */
  public readonly _simulation: CapacitySimulation;

  private readonly _priced: PricedMonth;

  private constructor(priced: PricedMonth) {
    this._site = priced.site;
    this._simulation = priced.simulation;
    this.servicePath = priced.site.servicePath;
    this.month = priced.simulation.month;
    this.monthHours = priced.simulation.monthHours;
    this.edgeRequests = priced.simulation.edgeRequests;
    this.originRequests = priced.simulation.originRequests;
    this.prices = priced.prices;
    this.strategies = priced.strategies;
    this.notes = priced.notes;
    this.edgePricing = priced.edge?.options ?? [];
    this._priced = priced;
  }

  /** The priced result of one strategy. */
  public strategy(strategy: CapacityStrategy): StrategyCost {
    return this.strategies.find((s) => s.strategy === strategy)!;
  }

  /** A plain-text report: the bill by service and strategy, ratios, capacity figures and notes. */
  public toText(): string {
    return renderText(this.report());
  }

  /** An SVG plot of demand against capacity over the month, one panel per strategy. */
  public toSvg(): string {
    return renderSvg(this.report());
  }

  private report(): PricedMonth {
    return this._priced;
  }
}
