import * as library from 'cdk-fargate-wordpress';
import { cost } from 'cdk-fargate-wordpress';

describe('the cost submodule', () => {
  test('exports what an estimate needs (traffic, prices, the estimate and its result) and nothing at the root', () => {
    // GIVEN the library's entry point WHEN its cost names are listed (runtime values: classes and enums)
    const values = Object.keys(cost).sort();
    // THEN the submodule holds the classes and the enum; the model's internals are not exported
    expect(values).toEqual(['CapacityStrategy', 'CostEstimate', 'EdgePricing', 'PriceTable', 'SimulationMonth', 'TrafficProfiles']);
    for (const name of [...values, 'CapacitySimulation', 'SiteTemplate', 'ScalingMetric']) {
      expect({ name, atRoot: name in library }).toEqual({ name, atRoot: false });
    }
  });
});

describe('TrafficProfiles', () => {
  test('dailyCosine: 24 hours averaging the mean, the crest at the given hour', () => {
    const day = cost.TrafficProfiles.dailyCosine(100, 0.7, 21);
    expect(day).toHaveLength(24);
    expect(day.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(100, 9);
    expect(day[21]).toBeCloseTo(170, 9);
    expect(day[9]).toBeCloseTo(30, 9);
  });

  test('twoMonthlyPeaks: an evening crest and 48 hours at 5x from the 5th and the 25th, in Seoul', () => {
    expect(cost.TrafficProfiles.twoMonthlyPeaks()).toEqual({
      timeZone: 'Asia/Seoul',
      requestsPerSecondByHour: cost.TrafficProfiles.dailyCosine(100, 0.7, 21),
      weekendFactor: 0.8,
      peaks: [{ dayOfMonth: 5, durationDays: 2, multiplier: 5 }, { dayOfMonth: 25, durationDays: 2, multiplier: 5 }],
      cacheHitRatio: 0.8,
      requestsPerTaskPerSecond: 25,
    });
  });
});
