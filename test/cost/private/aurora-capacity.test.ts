import { Template } from 'aws-cdk-lib/assertions';
import { auroraAcuHours, AuroraHour, readAuroraScheduledMinimums } from '../../../src/cost/private/aurora-capacity';
import { readSiteTemplate } from '../../../src/cost/private/site-template';
import { newStack, REGION, site } from '../../fixtures';
import { cost, ScalableWordpressOnFargateProps, WordpressDatabase } from 'cdk-fargate-wordpress';

const HOUR = 3_600_000;

/** `count` hours from `start` (ISO UTC), every one at `rps` except those in `busy` (hour index → rps). */
function hours(start: string, count: number, busy: { [index: number]: number } = {}): AuroraHour[] {
  return Array.from({ length: count }, (_, i) => ({
    startUtc: new Date(Date.parse(start) + i * HOUR).toISOString(),
    originRequestsPerSecond: busy[i] ?? 0,
  }));
}

const MODEL = { minCapacity: 0.5, maxCapacity: 4, acuPerOriginRequestPerSecond: 0.04 };

describe('Aurora ACU-hours, hour by hour', () => {
  test('GIVEN no schedule THEN each hour is max(minimum, minimum + load rounded up to 0.5), capped at the maximum', () => {
    // 47 idle hours at 0.5; hour 10 at 100 req/s: 0.5 + 4 = 4.5, capped at 4; hour 20 at 10 req/s: 0.5 + 0.4 -> 1.
    const month = auroraAcuHours(hours('2026-03-01T00:00:00Z', 48, { 10: 100, 20: 10 }), MODEL);
    expect(month).toEqual({ acuHours: 46 * 0.5 + 4 + 1, scheduledMinimumAcuHours: 0 });
  });

  test('GIVEN a raise to 2 ACU at 06:00 and a restore at 18:30 THEN the raised hours count at 2, the busy hour at its load, half of 18:00 at 2', () => {
    const month = auroraAcuHours(hours('2026-03-01T00:00:00Z', 48, { 10: 100 }), {
      ...MODEL,
      scheduledMinimums: [
        { schedule: 'at(2026-03-01T06:00:00)', minCapacity: 2 },
        { schedule: 'at(2026-03-01T18:30:00)', minCapacity: 0.5 },
      ],
    });
    // Hours 6-17: 11 x 2 + hour 10 at 4 (load above the raised minimum) = 26; hour 18: 0.5 h x 2 + 0.5 h x 0.5 = 1.25;
    // the other 35 hours at 0.5 = 17.5. Without the schedule: 47 x 0.5 + 4 = 27.5, so the raise adds 17.25.
    expect(month.acuHours).toBeCloseTo(44.75, 9);
    expect(month.scheduledMinimumAcuHours).toBeCloseTo(17.25, 9);
  });

  test('GIVEN a raise on the last day of the previous month in Seoul (L) THEN it is in force from the first hour, until the restore in Seoul time', () => {
    // cron(0 23 L * ? *) Asia/Seoul fired on 28 February 23:00 KST (14:00 UTC), before the first hour; the restore at
    // 00:00 KST on the 3rd is 2 March 15:00 UTC: hours 0-38 at 2 ACU, 39-47 at 0.5.
    const month = auroraAcuHours(hours('2026-03-01T00:00:00Z', 48), {
      ...MODEL,
      scheduledMinimums: [
        { schedule: 'cron(0 23 L * ? *)', timeZone: 'Asia/Seoul', minCapacity: 2 },
        { schedule: 'cron(0 0 3 * ? *)', timeZone: 'Asia/Seoul', minCapacity: 0.5 },
      ],
    });
    expect(month.acuHours).toBeCloseTo(39 * 2 + 9 * 0.5, 9);
    expect(month.scheduledMinimumAcuHours).toBeCloseTo(39 * 1.5, 9);
  });
});

describe('reading the capacity schedules of a template', () => {
  const schedule = (input: any, extra: any = {}) => ({
    Type: 'AWS::Scheduler::Schedule',
    Properties: {
      ScheduleExpression: 'cron(0 23 4 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Seoul',
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:rds:modifyDBCluster', Input: JSON.stringify(input) },
      ...extra,
    },
  });
  const raise = (id: string, min: any) => ({ DbClusterIdentifier: id, ServerlessV2ScalingConfiguration: { MinCapacity: min, MaxCapacity: 4 } });

  test('GIVEN schedules for another cluster, a disabled one and another API THEN only the enabled ones for this cluster count', () => {
    const read = readAuroraScheduledMinimums({
      Mine: schedule(raise('db-one', 2)),
      Other: schedule(raise('db-two', 3)),
      Off: schedule(raise('db-one', 4), { State: 'DISABLED' }),
      Stop: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 0 1 * ? *)', Target: { Arn: 'arn:aws:scheduler:::aws-sdk:rds:stopDBCluster', Input: '{"DbClusterIdentifier":"db-one"}' } } },
    }, 'DB-One', (id) => id);
    expect(read).toEqual([{ schedule: 'cron(0 23 4 * ? *)', timeZone: 'Asia/Seoul', minCapacity: 2 }]);
  });

  test('GIVEN a minimum that is not a literal number THEN an error names the schedule', () => {
    expect(() => readAuroraScheduledMinimums({ Mine: schedule(raise('db-one', '${Token}')) }, 'db-one', (id) => `Site/${id}`))
      .toThrow(/Site\/Mine ScheduleExpression and Input MinCapacity.*Expected a literal schedule expression and minimum capacity/);
  });
});

describe('the estimate prices the deployed peak minimum', () => {
  const PROPS: ScalableWordpressOnFargateProps = {
    monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
    scheduleTimeZone: 'Asia/Seoul',
    peakMinCapacity: 6,
  };
  const synth = (props: ScalableWordpressOnFargateProps) => {
    const stack = newStack();
    site(stack, props);
    return Template.fromStack(stack).toJSON();
  };
  const options = { profile: cost.TrafficProfiles.twoMonthlyPeaks(), month: cost.SimulationMonth.ofDays(31), region: REGION };

  test('GIVEN a site with peakMinCapacity THEN the template reader finds its four schedules (expression, time zone, minimum)', () => {
    const read = readSiteTemplate(synth({ ...PROPS, database: WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 }) }));
    expect(read.database?.auroraScheduledMinimums?.map((s) => `${s.schedule} ${s.timeZone} ${s.minCapacity}`).sort()).toEqual([
      'cron(0 0 27 * ? *) Asia/Seoul 0.5', 'cron(0 0 7 * ? *) Asia/Seoul 0.5', 'cron(0 23 24 * ? *) Asia/Seoul 2', 'cron(0 23 4 * ? *) Asia/Seoul 2',
    ]);
  });

  test('GIVEN the reference profile THEN a line prices the ACU-hours the peak minimum adds, and the total grows by exactly that', () => {
    const database = WordpressDatabase.auroraServerlessV2({ peakMinCapacity: 2 });
    const raised = cost.CostEstimate.fromTemplate(synth({ ...PROPS, database }), options);
    const plain = cost.CostEstimate.fromTemplate(synth(PROPS), options);
    const line = (e: cost.CostEstimate, service: string) => e.strategies[2].lines.find((l) => l.service === service);
    const peak = line(raised, 'Aurora peak minimum')!;
    expect(peak).toBeDefined();
    expect(line(plain, 'Aurora peak minimum')).toBeUndefined();
    expect(peak.usd).toBeGreaterThan(0);
    expect(peak.detail).toMatch(/ACU-h x \$[\d.]+: the minimum raised to 2 ACU by 4 schedules/);
    // Load-driven ACU-hours are the same with and without the raise; the raise only adds its own line.
    expect(line(raised, 'Aurora Serverless v2')!.usd).toBeCloseTo(line(plain, 'Aurora Serverless v2')!.usd, 6);
    expect(raised.strategies[2].totalUsd - plain.strategies[2].totalUsd).toBeCloseTo(peak.usd, 6);
    expect(raised.toText()).toContain('Aurora peak minimum');
  });
});
