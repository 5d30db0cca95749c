import { prices } from './fixtures';
import { CostEstimate, RegionPrices, SimulationMonth, TrafficProfile } from '../../src/cost';
import { SiteConfiguration } from '../../src/cost/private/site-template';

const SITE: SiteConfiguration = {
  servicePath: 'Test/Service',
  service: { cpu: 1024, memoryMiB: 2048, minCapacity: 1, maxCapacity: 5, targetTracking: [] },
  natGateways: 1,
  publicIpv4Addresses: 0,
  loadBalancers: 1,
  fileSystems: 0,
  secrets: 0,
  hostedZones: 0,
  notes: [],
};
/** Responses of exactly 1 MiB, to count gigabytes by hand. */
const PROFILE: TrafficProfile = { requestsPerSecondByHour: Array(24).fill(1), requestsPerTaskPerSecond: 10, averageResponseKiB: 1024 };
const MONTH = SimulationMonth.of(2026, 2);
/** Two rehearsals of 10 minutes at 100/s: 120,000 requests, 117.1875 GiB of responses. */
const REHEARSAL = { runsPerMonth: 2, requestsPerSecond: 100, durationMinutes: 10 };

function rehearsalLine(p: RegionPrices, edge = { cloudFront: true, webAclRules: 10 }) {
  const e = CostEstimate._fromSite(SITE, { profile: PROFILE, month: MONTH, region: 'test-1', prices: p, edge, rehearsal: REHEARSAL });
  return e.strategies.map((s) => s.lines.find((l) => l.service === 'Peak rehearsal'));
}

describe('the peak rehearsal\'s line of the bill', () => {
  test('without a rehearsal there is no line', () => {
    const e = CostEstimate._fromSite(SITE, { profile: PROFILE, month: MONTH, region: 'test-1', prices: prices() });
    expect(e.strategies[0].lines.map((l) => l.service)).not.toContain('Peak rehearsal');
  });

  test('the same line in every strategy (it does not depend on the site\'s scaling)', () => {
    const lines = rehearsalLine(prices({ natGatewayGb: 0.01 }));
    expect(new Set(lines.map((l) => l!.usd)).size).toBe(1);
  });

  test('Fargate: runs x (duration + 3 minutes) of a 1 vCPU / 2 GB task', () => {
    // 2 x 13 min = 26/60 task-h at $1 per vCPU-hour and $0.5 per GB-hour (1 + 2 x 0.5 = $2 an hour).
    expect(rehearsalLine(prices({ fargateX86: { vcpuHour: 1, gbHour: 0.5 } }))[0]!.usd).toBeCloseTo((26 / 60) * 2, 9);
  });

  test('CloudFront requests and data out, AWS WAF requests', () => {
    expect(rehearsalLine(prices({ cloudFrontHttpsPer10k: 1 }))[0]!.usd).toBeCloseTo(12, 9);
    expect(rehearsalLine(prices({ wafPerMillionRequests: 1 }))[0]!.usd).toBeCloseTo(0.12, 9);
    expect(rehearsalLine(prices({ wafPerMillionRequests: 1 }), { cloudFront: true, webAclRules: 0 })[0]!.usd).toBe(0);
    expect(rehearsalLine(prices({ cloudFrontDataOutGb: 1 }))[0]!.usd).toBeCloseTo(117.1875, 6);
  });

  test('the responses pulled in through the NAT gateway, and the load balancer\'s processed bytes (1 LCU-hour a GB)', () => {
    expect(rehearsalLine(prices({ natGatewayGb: 1 }))[0]!.usd).toBeCloseTo(117.1875, 6);
    expect(rehearsalLine(prices({ albLcuHour: 1 }))[0]!.usd).toBeCloseTo((120000 * 1025 * 1024) / 1024 ** 3, 6);
  });

  test('a rehearsal of more than 60 minutes is refused, naming the field', () => {
    expect(() => CostEstimate._fromSite(SITE, {
      profile: PROFILE, month: MONTH, region: 'test-1', prices: prices(), rehearsal: { ...REHEARSAL, durationMinutes: 61 },
    })).toThrow(/rehearsal.durationMinutes/);
  });
});
