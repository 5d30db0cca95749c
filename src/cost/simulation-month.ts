import { checkWholeNumber } from '../private/validation';
import { daysInMonth } from './private/calendar';

/**
 * The calendar month an estimate simulates and prices.
 *
 * It runs from 00:00 on the 1st to 00:00 on the 1st of the next month in the traffic profile's time
 * zone (so 743 or 745 hours across a daylight saving change).
 */
export class SimulationMonth {
  /**
   * A calendar month.
   *
   * @param year e.g. 2026 (1970 to 2199)
   * @param month 1 (January) to 12 (December)
   */
  public static of(year: number, month: number): SimulationMonth {
    checkWholeNumber('month.year', year, 1970, 2199);
    checkWholeNumber('month.month', month, 1, 12);
    return new SimulationMonth(year, month);
  }

  /**
   * A month of `days` days (28 to 31) that starts on a Monday: the first such month from January
   * 2025 on, so that results are reproducible. E.g. 31 days: December 2025; 30 days: September 2025.
   */
  public static ofDays(days: number): SimulationMonth {
    checkWholeNumber('month.days', days, 28, 31);
    for (let i = 0; ; i++) {
      const year = 2025 + Math.floor(i / 12);
      const month = (i % 12) + 1;
      if (daysInMonth(year, month) === days && new Date(Date.UTC(year, month - 1, 1)).getUTCDay() === 1) {
        return new SimulationMonth(year, month);
      }
    }
  }

  /** Number of days of the month. */
  public readonly days: number;

  private constructor(
    /** The year. */
    public readonly year: number,
    /** The month, 1 to 12. */
    public readonly month: number,
  ) {
    this.days = daysInMonth(year, month);
  }

  /** The month as `YYYY-MM`. */
  public toString(): string {
    return `${this.year}-${String(this.month).padStart(2, '0')}`;
  }
}
