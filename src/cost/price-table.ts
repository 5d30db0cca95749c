import { valueError } from '../private/validation';
import { PRICE_DATA } from './private/price-data';
import { RegionPrices } from './region-prices';

/**
 * The prices bundled with the library, by region, each with the date it was compiled and its source.
 *
 * Public list prices for us-east-1, eu-west-1, ap-northeast-1 and ap-northeast-2. Prices are data:
 * the estimate reads them only from here (or from a `RegionPrices` you pass).
 */
export class PriceTable {
  /** Regions the bundled table covers. */
  public static regions(): string[] {
    return Object.keys(PRICE_DATA).sort();
  }

  /**
   * The bundled prices of a region. Throws for a region the table does not cover: pass your own
   * `RegionPrices` to the estimator instead.
   */
  public static forRegion(region: string): RegionPrices {
    const prices = PRICE_DATA[region];
    if (!prices) {
      throw valueError('region', region, `The bundled price table covers ${PriceTable.regions().join(', ')}; `
        + 'for another region pass your own RegionPrices (prices).');
    }
    return prices;
  }

  private constructor() {}
}
