import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { cli } from './fixtures';
import { buildComposedApp } from '../../examples/composed/app';
import { buildReferenceApp, SITE_ENV } from '../../examples/reference/app';
import { CapacityStrategy, CostEstimate, SimulationMonth, TrafficProfiles } from '../../src/cost';

let dir: string;
beforeAll(() => {
  // GIVEN the composed example synthesized into <tmp>/cdk.out, as `cdk synth` would
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfw-plans-'));
  buildComposedApp(new App({ outdir: path.join(dir, 'cdk.out') })).synth();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdk-fargate-wordpress cost: how the edge is paid', () => {
  test('by default the cheapest way the two-monthly-peaks month fits: the Premium plan, listed beside pay-as-you-go', () => {
    const { code, out } = cli(['cost'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^\* PREMIUM\s+1,000\.00 {2}fits: 7\d % of its requests/m);
    expect(out).toMatch(/^CloudFront flat-rate plan\s+1,000\.00/m);
  });

  test('--edge-pricing PAY_AS_YOU_GO and --plan-headroom 0.5 (where no plan fits)', () => {
    expect(cli(['cost', '--edge-pricing', 'PAY_AS_YOU_GO', '--svg', 'payg.svg'], dir).out).toMatch(/^CloudFront\s+[\d,]+\.\d\d/m);
    const half = cli(['cost', '--plan-headroom', '0.5', '--svg', 'half.svg'], dir).out;
    expect(half).toMatch(/^\* PAY_AS_YOU_GO/m);
    expect(half).toMatch(/^ {2}PREMIUM\s+1,000\.00 {2}does not fit: \d+ M requests are 7\d % of its 500 M, \d+ M over 0\.5 x the allowance$/m);
  });

  test.each<[string[], RegExp]>([
    [['cost', '--edge-pricing', 'GOLD'], /--edge-pricing must be one of CHEAPEST, PAY_AS_YOU_GO, FREE, PRO, BUSINESS, PREMIUM, not "GOLD"/],
    [['cost', '--plan-headroom', '0'], /--plan-headroom must be a number greater than 0 and at most 1, not "0"/],
    [['cost', '--plan-headroom', '1.2'], /--plan-headroom must be a number greater than 0 and at most 1, not "1\.2"/],
  ])('%j is refused, naming the option', (args, message) => {
    const result = cli(args, dir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});

describe('the reference example\'s estimate', () => {
  test('chooses the Premium plan for the two-monthly-peaks month and keeps the whole month within 0.55x static with a pay-as-you-go edge', () => {
    // GIVEN the reference app's production site as synthesized, the reference profile, a 31-day month, Tokyo's prices
    const { app, production } = buildReferenceApp(new App());
    const template = app.synth().getStackByName(production.siteStack.stackName).template;
    // WHEN estimated as examples/reference/main.ts does
    const e = CostEstimate.fromTemplate(template, {
      profile: TrafficProfiles.twoMonthlyPeaks(), month: SimulationMonth.ofDays(31), region: SITE_ENV.region,
    });
    // THEN Premium (about 385 M requests, 77 % of its 500 M) is chosen; Business does not fit
    expect(e.edgePricing.filter((o) => o.chosen).map((o) => o.name)).toEqual(['PREMIUM']);
    expect(e.edgePricing.find((o) => o.name === 'BUSINESS')!.fits).toBe(false);
    const s4 = e.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
    expect(s4.totalRatioToStaticWithPayAsYouGoEdge).toBeLessThanOrEqual(0.55);
    expect(s4.totalWithPayAsYouGoEdgeUsd - s4.totalUsd).toBeGreaterThan(1000); // the plan absorbs CloudFront and AWS WAF
  });
});
