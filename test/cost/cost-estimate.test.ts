import * as fs from 'fs';
import * as path from 'path';
import { prices, SITE } from './fixtures';
import { CapacityStrategy, CostEstimate, PriceTable, SimulationMonth, TrafficProfile } from '../../src/cost';
import { SiteConfiguration } from '../../src/cost/private/site-template';


/** 10 req/s all day (UTC), 10 req/s per task, a 3x day on the 10th. */
const PROFILE: TrafficProfile = {
  requestsPerSecondByHour: Array(24).fill(10),
  requestsPerTaskPerSecond: 10,
  peaks: [{ dayOfMonth: 10, multiplier: 3 }],
  averageResponseKiB: 64,
};
const FEBRUARY = SimulationMonth.of(2026, 2);
const NO_EDGE = { cloudFront: true, webAclRules: 0 };

describe('dollars on a hand-computable month', () => {
  test('Fargate: task-hours x (vCPU x vCPU-hour + GB x GB-hour), on-demand and Spot apart', () => {
    // GIVEN $0.04 per vCPU-hour and $0.004 per GB-hour: a 1 vCPU / 2 GB task costs $0.048 an hour; Spot a quarter.
    const p = prices({ fargateX86: { vcpuHour: 0.04, gbHour: 0.004 }, fargateSpotX86: { vcpuHour: 0.01, gbHour: 0.001 } });
    const site: SiteConfiguration = { ...SITE, service: { ...SITE.service, spotOnDemandBaseTasks: 1, spotOnDemandWeight: 1, spotWeight: 1 } };
    // WHEN estimated over February 2026
    const e = CostEstimate._fromSite(site, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: p, edge: NO_EDGE });
    // THEN static = 3 tasks x 672 h; oracle = 1 task but 3 on the 10th = 720 task-hours
    expect(e.strategy(CapacityStrategy.STATIC_FOR_PEAK).computeUsd).toBeCloseTo(3 * 672 * 0.048, 9);
    expect(e.strategy(CapacityStrategy.ORACLE).computeUsd).toBeCloseTo(720 * 0.048, 9);
    expect(e.strategy(CapacityStrategy.ORACLE).computeRatioToStatic).toBeCloseTo(720 / 2016, 9);
    expect(e.strategy(CapacityStrategy.STATIC_FOR_PEAK).computeRatioToOracle).toBeCloseTo(2016 / 720, 9);
    // Target tracking alone (see capacity-simulation.test.ts): 647 h x 1 + 176 task-min + 23 h x 3 + 88 task-min.
    const tracking = 647 + 176 / 60 + 69 + 88 / 60;
    expect(e.strategy(CapacityStrategy.TARGET_TRACKING).computeUsd).toBeCloseTo(tracking * 0.048, 9);
    // Spot: 2 of the 3 tasks are above the base of 1, split 1:1 -> 1 on Spot from minute 2 of the 10th until minute 14 of the 11th.
    const s4 = e.strategy(CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT);
    const spotHours = (58 + 23 * 60 + 14) / 60;
    expect(s4.capacity.spotTaskHours).toBeCloseTo(spotHours, 9);
    expect(s4.computeUsd).toBeCloseTo((tracking - spotHours) * 0.048 + spotHours * 0.012, 9);
    expect(s4.lines[0]).toMatchObject({ service: 'Fargate' });
    expect(s4.lines[0].detail).toMatch(/Spot task-h x \$0\.0120 \(1 vCPU, 2 GB, x86_64\)/);
  });

  test('ARM64 tasks use the ARM rates', () => {
    const p = prices({ fargateX86: { vcpuHour: 1, gbHour: 1 }, fargateArm: { vcpuHour: 0.02, gbHour: 0.002 } });
    const site = { ...SITE, service: { ...SITE.service, cpuArchitecture: 'ARM64' } };
    const e = CostEstimate._fromSite(site, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: p, edge: NO_EDGE });
    expect(e.strategy(CapacityStrategy.ORACLE).computeUsd).toBeCloseTo(720 * 0.024, 9);
  });

  test('the shared services: each line is quantity x unit price', () => {
    const p = prices({
      albHour: 0.02,
      albLcuHour: 0.01,
      natGatewayHour: 0.05,
      natGatewayGb: 0.1,
      publicIpv4Hour: 0.005,
      cloudFrontDataOutGb: 0.1,
      cloudFrontHttpsPer10k: 0.01,
      wafWebAclMonth: 5,
      wafRuleMonth: 1,
      wafPerMillionRequests: 0.6,
      secretsManagerSecretMonth: 0.4,
      cloudWatchLogsIngestionGb: 0.5,
      route53HostedZoneMonth: 0.5,
      efsStandardGbMonth: 0.3,
      efsInfrequentAccessGbMonth: 0.02,
      efsElasticReadGb: 0.03,
      efsElasticWriteGb: 0.06,
      auroraAcuHour: 0.1,
      auroraStorageGbMonth: 0.1,
      auroraIoPerMillion: 0.2,
      backupEfsGbMonth: 0.05,
      backupAuroraGbMonth: 0.02,
    });
    const site: SiteConfiguration = {
      ...SITE,
      natGateways: 1,
      publicIpv4Addresses: 3,
      loadBalancers: 1,
      fileSystems: 1,
      secrets: 9,
      hostedZones: 1,
      backupRetentionDays: 11,
      database: { kind: 'AURORA_SERVERLESS_V2', auroraMinCapacity: 0.5, auroraMaxCapacity: 4, auroraInstances: 1 },
    };
    const e = CostEstimate._fromSite(site, {
      profile: PROFILE,
      month: FEBRUARY,
      region: 'test-1',
      prices: p,
      edge: { webAclRules: 10 },
      usage: {
        fileSystemGiB: 10,
        fileSystemInfrequentAccessShare: 0.5,
        fileSystemReadKiBPerOriginRequest: 0,
        fileSystemWriteGiBPerMonth: 1,
        databaseGiB: 5,
        auroraAcuPerOriginRequestPerSecond: 0.05,
        databaseIosPerOriginRequest: 0,
        logBytesPerOriginRequest: 0,
        backupDailyChangeRatio: 0.1,
        imageSizeMiB: 1024,
        natOtherGiBPerMonth: 2,
      },
    });
    const lines = Object.fromEntries(e.strategy(CapacityStrategy.ORACLE).lines.map((l) => [l.service, l.usd]));
    const requests = e.edgeRequests;
    expect(requests).toBe((672 + 48) * 3600 * 10); // 10 req/s, tripled for 24 h
    const gb = (requests * 64) / 1024 / 1024;
    expect(lines.CloudFront).toBeCloseTo(gb * 0.1 + (requests / 1e4) * 0.01, 6);
    expect(lines['AWS WAF']).toBeCloseTo(5 + 10 + (requests / 1e6) * 0.6, 9);
    expect(lines['Application Load Balancer']).toBeCloseTo(672 * 0.02 + ((requests * 65) / 1024 / 1024) * 0.01, 6);
    expect(lines['Public IPv4 addresses']).toBeCloseTo(3 * 672 * 0.005, 9);
    expect(lines['Secrets Manager']).toBeCloseTo(3.6, 9);
    expect(lines['Route 53']).toBe(0.5);
    expect(lines.EFS).toBeCloseTo(5 * 0.3 + 5 * 0.02 + 1 * 0.06, 9);
    // ACU: 0.5 + 0.05 x 10 = 1.0 most hours, 0.5 + 0.05 x 30 = 2.0 on the peak day.
    expect(lines['Aurora Serverless v2']).toBeCloseTo((648 * 1 + 24 * 2) * 0.1 + 5 * 0.1, 9);
    // Backups: (10 + 5) GB x (1 + 0.1 x 10 days).
    expect(lines['AWS Backup']).toBeCloseTo(20 * 0.05 + 10 * 0.02, 9);
    // NAT: 672 h + (launches x 1 GiB image + 2 GiB other) GB; the oracle launches 2 tasks on the 10th.
    expect(e.strategy(CapacityStrategy.ORACLE).capacity.taskLaunches).toBe(2);
    expect(lines['NAT gateway']).toBeCloseTo(672 * 0.05 + (2 + 2) * 0.1, 9);
    expect(lines['CloudWatch Logs']).toBe(0);
  });

  test('without CloudFront, responses are internet data transfer and nothing may be cached', () => {
    const p = prices({ internetDataOutGb: 0.09 });
    const e = CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: p, edge: { cloudFront: false } });
    const services = e.strategy(CapacityStrategy.ORACLE).lines.map((l) => l.service);
    expect(services).toContain('Data transfer out');
    expect(services).not.toContain('CloudFront');
    expect(() => CostEstimate._fromSite(SITE, { profile: { ...PROFILE, cacheHitRatio: 0.5 }, month: FEBRUARY, region: 'test-1', prices: p, edge: { cloudFront: false } }))
      .toThrow(/invalid profile\.cacheHitRatio: 0\.5\. Without CloudFront/);
  });

  test('defaults: CloudFront with a 10-rule web ACL; responses of 32 KiB', () => {
    const p = prices({ wafRuleMonth: 1, cloudFrontDataOutGb: 1 });
    const e = CostEstimate._fromSite(SITE, { profile: { ...PROFILE, averageResponseKiB: undefined }, month: FEBRUARY, region: 'test-1', prices: p });
    const lines = Object.fromEntries(e.strategy(CapacityStrategy.ORACLE).lines.map((l) => [l.service, l.usd]));
    expect(lines['AWS WAF']).toBe(10);
    expect(lines.CloudFront).toBeCloseTo((e.edgeRequests * 32) / 1024 / 1024, 6);
  });

  test('web ACL capacity above the 1,500 WCUs of the base price: each started block of 500 adds its price per million requests', () => {
    const p = prices({ wafWebAclMonth: 5, wafRuleMonth: 1, wafPerMillionRequests: 0.6, wafPerMillionRequestsPer500ExtraWcu: 0.2 });
    const waf = (webAclCapacityUnits?: number) => {
      const e = CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: p, edge: { webAclRules: 10, webAclCapacityUnits } });
      const line = e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'AWS WAF')!;
      return { usd: line.usd, detail: line.detail, millions: e.edgeRequests / 1e6 };
    };
    const base = waf();
    expect(base.usd).toBeCloseTo(5 + 10 + base.millions * 0.6, 9);
    expect(waf(1500).usd).toBeCloseTo(base.usd, 9);
    expect(waf(1501).usd).toBeCloseTo(base.usd + base.millions * 0.2, 9); // a started block counts whole
    const twoBlocks = waf(2488);
    expect(twoBlocks.usd).toBeCloseTo(base.usd + 2 * base.millions * 0.2, 9);
    expect(twoBlocks.detail).toMatch(/\+ 2 x 500 WCUs above 1500 \(2488 WCUs\) x [\d.]+ M requests x \$0\.2\/M$/);
  });

  test('the bundled price table prices WAF capacity; a table without that price says it left it out', () => {
    expect(PriceTable.forRegion('ap-northeast-1').wafPerMillionRequestsPer500ExtraWcu).toBe(0.2);
    const e = CostEstimate._fromSite(SITE, {
      profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: prices({ wafRuleMonth: 1 }), edge: { webAclCapacityUnits: 2000 },
    });
    expect(e.notes).toContainEqual(expect.stringMatching(/uses 2000 WCUs, above the 1500 in AWS WAF's base price, .* not in the estimate/));
  });

  test('the text report and the plot name every strategy', () => {
    const e = CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'test-1', prices: prices(), edge: NO_EDGE });
    const text = e.toText();
    for (const column of ['1 static', '2 tracking', '3 scheduled', '4 sched+Spot', '5 oracle', 'Under-provisioned hours', 'Compute / oracle']) {
      expect(text).toContain(column);
    }
    expect(text).toMatch(/Under-provisioned hours\s+0\s+1\s+1\s+1\s+0/);
    const svg = e.toSvg();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path [^>]*stroke="#1b7f3b"/g)).toHaveLength(5);
    expect(svg).toContain('2 target tracking: compute $0.00');
    expect(svg.match(/fill="#d62728"/g)!.length).toBe(1 + 3); // the legend + one hour in strategies 2 to 4
  });
});

describe('the bundled price table', () => {
  test.each(['us-east-1', 'ap-northeast-1', 'ap-northeast-2', 'eu-west-1'])('%s has every price, dated and sourced', (region) => {
    const p = PriceTable.forRegion(region);
    expect(p.region).toBe(region);
    expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.source).toMatch(/AWS public pricing pages/);
    for (const [key, value] of Object.entries(p)) {
      if (typeof value === 'number') {
        expect({ key, ok: value > 0 }).toEqual({ key, ok: true });
      }
    }
    for (const rate of [p.fargateX86, p.fargateArm, p.fargateSpotX86, p.fargateSpotArm]) {
      expect(rate.vcpuHour).toBeGreaterThan(0);
      expect(rate.gbHour).toBeGreaterThan(0);
    }
    // Graviton and Spot are cheaper than x86 on-demand; the library's default database class is listed.
    expect(p.fargateArm.vcpuHour).toBeLessThan(p.fargateX86.vcpuHour);
    expect(p.fargateSpotX86.vcpuHour).toBeLessThan(0.4 * p.fargateX86.vcpuHour);
    expect(p.rdsMysqlHourly['db.t4g.small']).toBeGreaterThan(0);
  });

  test('known list prices (us-east-1 and Tokyo Fargate, x86 and ARM)', () => {
    expect(PriceTable.forRegion('us-east-1').fargateX86).toEqual({ vcpuHour: 0.04048, gbHour: 0.004445 });
    expect(PriceTable.forRegion('us-east-1').fargateArm).toEqual({ vcpuHour: 0.03238, gbHour: 0.00356 });
    expect(PriceTable.forRegion('ap-northeast-1').fargateX86).toEqual({ vcpuHour: 0.05056, gbHour: 0.00553 });
    expect(PriceTable.forRegion('us-east-1').auroraAcuHour).toBe(0.12);
    expect(PriceTable.regions()).toEqual(['ap-northeast-1', 'ap-northeast-2', 'eu-west-1', 'us-east-1']);
  });

  test('an unknown region is refused, listing the covered ones', () => {
    expect(() => PriceTable.forRegion('mars-north-1')).toThrow(/invalid region: "mars-north-1"\. The bundled price table covers ap-northeast-1, ap-northeast-2, eu-west-1, us-east-1/);
    expect(() => CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'mars-north-1' })).toThrow(/invalid region/);
  });

  test('prices never appear outside the price data module: not in code, not in JSDoc', () => {
    // A guard for "prices are data": every other file of the cost model, its docs comments included,
    // is free of the table's figures and of dollar amounts (they go stale; the table has its date).
    const dir = path.join(__dirname, '../../src/cost');
    const data = fs.readFileSync(path.join(dir, 'private/price-data.ts'), 'utf8');
    const figures = [...new Set(data.match(/\d+\.\d{3,}/g))];
    expect(figures.length).toBeGreaterThan(30);
    const files = ['', 'private/'].flatMap((sub) => fs.readdirSync(path.join(dir, sub))
      .filter((f) => f.endsWith('.ts') && f !== 'price-data.ts').map((f) => sub + f));
    expect(files).toEqual(expect.arrayContaining(['cost-estimate.ts', 'cost-estimate-options.ts', 'private/pricing.ts', 'private/render.ts']));
    for (const file of files) {
      const code = fs.readFileSync(path.join(dir, file), 'utf8');
      const found = figures.filter((figure) => new RegExp(`(^|[^\\d.])${figure.replace('.', '\\.')}(?![\\d])`).test(code));
      const dollars = code.match(/(\$ ?\d[\d,.]*|\d(?:[\d,.]*\d)? ?(USD|dollars?)\b)/g) ?? [];
      expect({ file, found, dollars }).toEqual({ file, found: [], dollars: [] });
    }
  });
});

describe('bad assumptions name the field', () => {
  test.each<[string, any, RegExp]>([
    ['negative file system size', { usage: { fileSystemGiB: -1 } }, /invalid usage\.fileSystemGiB: -1/],
    ['an IA share above 1', { usage: { fileSystemInfrequentAccessShare: 1.5 } }, /invalid usage\.fileSystemInfrequentAccessShare: 1\.5\. Allowed: a number from 0 to 1/],
    ['a fractional rule count', { edge: { webAclRules: 2.5 } }, /invalid edge\.webAclRules: 2\.5/],
    ['web ACL capacity above AWS WAF\'s 5,000', { edge: { webAclCapacityUnits: 5001 } }, /invalid edge\.webAclCapacityUnits: 5001\. Allowed: a whole number from 0 to 5000/],
  ])('%s', (_, extra, message) => {
    expect(() => CostEstimate._fromSite(SITE, { profile: PROFILE, month: FEBRUARY, region: 'us-east-1', ...extra })).toThrow(message);
  });
});
