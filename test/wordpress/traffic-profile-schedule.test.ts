import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { REGION, newStack, onlyResource, site } from '../fixtures';
import { cost, ScalableWordpressOnFargateProps, WordpressOperations } from 'cdk-fargate-wordpress';

const { CapacityStrategy, CostEstimate, SimulationMonth, TrafficProfiles } = cost;

/** 10 requests/s all day but 30 at 08:00 and 09:00; one task carries 10/s; a peak on the 10th at 2x. */
function smallProfile(extra: Partial<cost.TrafficProfile> = {}): cost.TrafficProfile {
  const hours = Array.from({ length: 24 }, (_, h) => (h === 8 || h === 9 ? 30 : 10));
  return { requestsPerSecondByHour: hours, requestsPerTaskPerSecond: 10, timeZone: 'Asia/Seoul', peaks: [{ dayOfMonth: 10, multiplier: 2 }], ...extra };
}

function warnings(props: ScalableWordpressOnFargateProps): string[] {
  const stack = newStack();
  site(stack, props);
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
}

describe('a schedule shaped by a traffic profile', () => {
  test('the scheduled actions follow the profile: exact crons, time zone and minimums; target tracking at one task\'s rate', () => {
    // GIVEN a site with a small profile WHEN it is synthesized
    const stack = newStack();
    const s = site(stack, { minCapacity: 1, maxCapacity: 10, trafficProfile: smallProfile() });
    const template = Template.fromStack(stack);
    // THEN the scalable target carries the planned actions in the profile's time zone
    const target = onlyResource(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.ScheduledActions).toEqual([
      { ScheduledActionName: 'ReleaseHourly', Schedule: 'cron(5 * * * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 1 } },
      { ScheduledActionName: 'Raise0744To3', Schedule: 'cron(44 7 ? * * *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 3 } },
      { ScheduledActionName: 'Peak1Raise2345To2', Schedule: 'cron(45 23 9 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 2 } },
      { ScheduledActionName: 'Peak1Raise0745To6', Schedule: 'cron(45 7 10 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 6 } },
    ]);
    // AND request-count tracking targets what one task sustains (10/s = 600 a minute)
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }), TargetValue: 600,
      }),
    });
    // AND the resolved capacity lists the peak windows, for whatever schedules around them
    expect(s.capacity.monthlyPeaks).toEqual([{ dayOfMonth: 10, durationDays: 1, minCapacity: 6 }]);
    expect(s.capacity.scheduleTimeZone).toBe('Asia/Seoul');
    expect(s.capacity.peakLeadTimeMinutes).toBe(15);
  });

  test('a given requestsPerTargetPerMinute and peakLeadTime are kept', () => {
    const stack = newStack();
    const s = site(stack, { minCapacity: 1, trafficProfile: smallProfile(), requestsPerTargetPerMinute: 500, peakLeadTime: Duration.minutes(30) });
    expect(s.capacity.requestsPerTargetPerMinute).toBe(500);
    const target = onlyResource(Template.fromStack(stack), 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.ScheduledActions.map((a: any) => a.Schedule)).toContain('cron(30 7 10 * ? *)');
  });

  test('monthlyPeaks that agree with the profile\'s peaks: no warning', () => {
    const found = warnings({ trafficProfile: smallProfile(), monthlyPeaks: [{ dayOfMonth: 10 }] });
    expect(found.filter((w) => w.includes('profile-peaks-disagree'))).toEqual([]);
  });

  test('monthlyPeaks that disagree with the profile\'s peaks: a warning naming both', () => {
    const found = warnings({ trafficProfile: smallProfile(), monthlyPeaks: [{ dayOfMonth: 10, durationDays: 2 }, { dayOfMonth: 20 }] });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/trafficProfile\.peaks\[0\] \(day 10 for 1 day\(s\)\) and monthlyPeaks\[0\] \(day 10 for 2 day\(s\)\) disagree.*profile-peaks-disagree/),
      expect.stringMatching(/monthlyPeaks\[1\] \(day 20 for 1 day\(s\)\) has no trafficProfile\.peaks entry/),
    ]));
  });

  test('peak minimums the profile replaces: a warning naming them', () => {
    const found = warnings({ trafficProfile: smallProfile(), peakMinCapacity: 4, monthlyPeaks: [{ dayOfMonth: 10, minCapacity: 5 }] });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/peakMinCapacity, monthlyPeaks\[0\]\.minCapacity are not used: with trafficProfile/),
    ]));
  });

  test('a profile that needs more than maxCapacity: a warning naming both, and the minimums stop at maxCapacity', () => {
    const stack = newStack();
    site(stack, { maxCapacity: 4, trafficProfile: smallProfile() });
    const found = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/trafficProfile's busiest hour needs 6 tasks .* above maxCapacity \(4\)/)]));
    const target = onlyResource(Template.fromStack(stack), 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(Math.max(...target.ScheduledActions.map((a: any) => a.ScalableTargetAction.MinCapacity))).toBe(4);
  });

  test.each([
    ['a schedule time zone other than the profile\'s', { scheduleTimeZone: 'UTC' }, /invalid scheduleTimeZone: "UTC"\. trafficProfile\.timeZone is "Asia\/Seoul"/],
    ['a peak on the 29th', { trafficProfile: smallProfile({ peaks: [{ dayOfMonth: 29, multiplier: 2 }] }) }, /trafficProfile\.peaks\[0\]\.dayOfMonth: 29/],
    ['overlapping peaks', {
      trafficProfile: smallProfile({ peaks: [{ dayOfMonth: 10, durationDays: 3, multiplier: 2 }, { dayOfMonth: 12, multiplier: 3 }] }),
    }, /trafficProfile\.peaks\[1\].*overlaps trafficProfile\.peaks\[0\]/],
    ['a lead time past the hourly release', { peakLeadTime: Duration.minutes(55) }, /invalid peakLeadTime: 55 minutes\. With trafficProfile, at most 50 minutes/],
    ['a profile of 23 hours', { trafficProfile: { requestsPerSecondByHour: [1], requestsPerTaskPerSecond: 10 } }, /trafficProfile\.requestsPerSecondByHour/],
  ])('%s is rejected, naming the prop', (_, props, error) => {
    expect(() => site(newStack(), { trafficProfile: smallProfile(), ...props })).toThrow(error);
  });

  test('a deploy-time maxCapacity does not cap the raises; a deploy-time minCapacity is rejected, naming it', () => {
    const stack = newStack();
    const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    site(stack, { minCapacity: 1, maxCapacity: max, trafficProfile: smallProfile() });
    const target = onlyResource(Template.fromStack(stack), 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.ScheduledActions.map((a: any) => a.ScalableTargetAction.MinCapacity)).toEqual([1, 3, 2, 6]);
    const other = newStack();
    const min = new CfnParameter(other, 'Min', { type: 'Number' }).valueAsNumber;
    expect(() => site(other, { minCapacity: min, trafficProfile: smallProfile() })).toThrow(/invalid minCapacity: .*With trafficProfile, a literal number/);
  });

  test('a profile that would need more scheduled actions than Application Auto Scaling allows (200) is rejected', () => {
    // GIVEN a staircase day (one more task every hour) and nine one-day peaks: about 23 raises for each
    const staircase = Array.from({ length: 24 }, (_, h) => 10 * (h + 1));
    const peaks = [1, 4, 7, 10, 13, 16, 19, 22, 25].map((dayOfMonth) => ({ dayOfMonth, multiplier: 2 }));
    expect(() => site(newStack(), {
      maxCapacity: 100, trafficProfile: { requestsPerSecondByHour: staircase, requestsPerTaskPerSecond: 10, weekendFactor: 0.5, peaks },
    })).toThrow(/invalid trafficProfile: "2\d\d scheduled actions"\. Application Auto Scaling allows at most 200 per scalable target/);
  });
});

test('the operators\' dashboard describes the shaped schedule: raised before each busier hour, up to the busiest hour\'s tasks', () => {
  const stack = newStack();
  const s = site(stack, { minCapacity: 1, trafficProfile: smallProfile() });
  new WordpressOperations(stack, 'Operations', { site: s });
  const body = JSON.stringify(onlyResource(Template.fromStack(stack), 'AWS::CloudWatch::Dashboard').DashboardBody);
  expect(body).toContain('capacity raised 15 min before each busier hour, following the traffic profile): day 10 for 1 day(s), up to 6 tasks');
  expect(body).toContain('most scheduled during peaks');
});

describe('the estimate prices the shaped schedule the site deploys', () => {
  const profile = TrafficProfiles.twoMonthlyPeaks();
  const month = SimulationMonth.ofDays(31);
  const estimateOf = (props: ScalableWordpressOnFargateProps) => {
    const stack = newStack();
    site(stack, props);
    const template = Template.fromStack(stack).toJSON();
    return { template, estimate: CostEstimate.fromTemplate(template, { profile, month, region: REGION }) };
  };

  test('the same profile object drives the site and its estimate: within 1.10x the oracle, never short, without Spot', () => {
    // GIVEN the reference profile passed to the site and to the estimate
    const { template, estimate } = estimateOf({ trafficProfile: profile });
    // THEN the estimate simulates every scheduled action the template holds, in the profile's time zone
    const target = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(estimate._site.service.scheduledActions!.map((a) => [a.schedule, a.timeZone, a.minCapacity]))
      .toEqual(target.Properties.ScheduledActions.map((a: any) => [a.Schedule, a.Timezone, a.ScalableTargetAction.MinCapacity]));
    expect(estimate._site.service.scheduledActions!.length).toBe(17);
    // AND strategy 3 (scheduled + tracking, on-demand) stays within 1.10x the oracle with no under-provisioned hour
    const s3 = estimate.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
    expect(s3.computeRatioToOracle).toBeLessThanOrEqual(1.10);
    expect(s3.capacity.underProvisionedHours).toBe(0);
  });

  test('the flat form on the same traffic costs more than 1.10x the oracle (what the shaped schedule removes)', () => {
    const { estimate } = estimateOf({
      monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }], scheduleTimeZone: 'Asia/Seoul', peakMinCapacity: 6,
    });
    const s3 = estimate.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING);
    expect(s3.computeRatioToOracle).toBeGreaterThan(1.10);
  });
});
