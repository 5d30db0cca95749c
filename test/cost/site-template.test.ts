import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { newStack, REGION, site } from '../fixtures';
import {
  CapacityStrategy, CostEstimate, ScalableWordpressOnFargateProps, ScalingMetric, SimulationMonth, SiteTemplate, TrafficProfiles, WordpressDatabase,
  WordpressDeployment,
} from 'cdk-fargate-wordpress';

/** The quest's site, as in examples/reference/app.ts (without the domain). */
const QUEST: ScalableWordpressOnFargateProps = {
  monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
  scheduleTimeZone: 'Asia/Seoul',
  peakMinCapacity: 6,
};

/** GIVEN a site with these props WHEN synthesized: the site and its template as JSON. */
function synthesize(props: ScalableWordpressOnFargateProps) {
  const stack = newStack();
  const wordpress = site(stack, props);
  return { wordpress, template: Template.fromStack(stack).toJSON() };
}

const estimate = (template: any) => CostEstimate.fromTemplate(template, {
  profile: TrafficProfiles.questReference(), month: SimulationMonth.ofDays(31), region: REGION,
});

let quest: ReturnType<typeof synthesize>;
let questEstimate: CostEstimate;
beforeAll(() => {
  quest = synthesize(QUEST);
  questEstimate = estimate(quest.template);
});

describe('reading a site\'s template', () => {
  test('the scaling settings are the ones the site resolved (site.capacity)', () => {
    const read = SiteTemplate.read(quest.template);
    const capacity = quest.wordpress.capacity;
    expect(read.service).toMatchObject({
      cpu: capacity.cpu,
      memoryMiB: capacity.memoryLimitMiB,
      cpuArchitecture: capacity.cpuArchitecture,
      minCapacity: capacity.minCapacity,
      maxCapacity: capacity.maxCapacity,
    });
    expect(read.service.targetTracking).toEqual([
      {
        metric: ScalingMetric.CPU_UTILIZATION,
        targetValue: capacity.targetCpuUtilizationPercent,
        scaleOutCooldownSeconds: capacity.scaleOutCooldownSeconds,
        scaleInCooldownSeconds: capacity.scaleInCooldownSeconds,
      },
      {
        metric: ScalingMetric.REQUESTS_PER_TARGET,
        targetValue: capacity.requestsPerTargetPerMinute,
        scaleOutCooldownSeconds: capacity.scaleOutCooldownSeconds,
        scaleInCooldownSeconds: capacity.scaleInCooldownSeconds,
      },
    ]);
    expect(read.service.scheduledActions!.map((a) => [a.schedule, a.timeZone, a.minCapacity])).toEqual([
      ['cron(0 23 4 * ? *)', 'Asia/Seoul', 6],
      ['cron(0 0 7 * ? *)', 'Asia/Seoul', 2],
      ['cron(0 23 24 * ? *)', 'Asia/Seoul', 6],
      ['cron(0 0 27 * ? *)', 'Asia/Seoul', 2],
    ]);
    expect(read.service.spotWeight).toBeUndefined();
  });

  test('a blue/green site tracks requests per healthy task over both target groups: read as requests per target', () => {
    const { wordpress, template } = synthesize({ ...QUEST, deployment: WordpressDeployment.ecsBlueGreen() });
    const read = SiteTemplate.read(template);
    expect(read.service.targetTracking!.map((t) => [t.metric, t.targetValue])).toEqual([
      [ScalingMetric.CPU_UTILIZATION, wordpress.capacity.targetCpuUtilizationPercent],
      [ScalingMetric.REQUESTS_PER_TARGET, wordpress.capacity.requestsPerTargetPerMinute],
    ]);
    expect(read.notes.join('\n')).not.toMatch(/is not simulated/);
  });

  test('the rest of the site: Aurora Serverless v2, one NAT gateway, nine secrets, backups kept 35 days', () => {
    const read = SiteTemplate.read(quest.template);
    expect(read.database).toEqual({ kind: 'AURORA_SERVERLESS_V2', auroraMinCapacity: 0.5, auroraMaxCapacity: 4, auroraInstances: 1 });
    expect(read).toMatchObject({
      natGateways: 1, secrets: 9, fileSystems: 1, loadBalancers: 1, publicIpv4Addresses: 3, hostedZones: 0, backupRetentionDays: 35, notes: [],
    });
  });

  test('a template without a Fargate service, or with two, is refused naming what it has', () => {
    expect(() => SiteTemplate.read({ Resources: {} })).toThrow(/invalid servicePath: null\. No Fargate service matches; the template has: none/);
    expect(() => SiteTemplate.read({})).toThrow(/invalid template/);
    const stack = newStack();
    site(stack, {}, 'One');
    site(stack, { vpc: (stack.node.findChild('One') as any).vpc }, 'Two');
    const template = Template.fromStack(stack).toJSON();
    expect(() => SiteTemplate.read(template)).toThrow(/More than one Fargate service matches/);
    const serviceId = Object.keys(template.Resources)
      .find((id) => id.startsWith('TwoService') && template.Resources[id].Type === 'AWS::ECS::Service')!;
    expect(SiteTemplate.read(template, { servicePath: serviceId }).servicePath).toBe(serviceId);
  });
});

describe('the estimate follows the site\'s props', () => {
  test('a higher peak minimum costs more compute in the scheduled strategies only', () => {
    const higher = estimate(synthesize({ ...QUEST, peakMinCapacity: 8 }).template);
    const s3 = CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING;
    expect(higher.strategy(s3).computeUsd).toBeGreaterThan(questEstimate.strategy(s3).computeUsd);
    const tracking = CapacityStrategy.TARGET_TRACKING;
    expect(higher.strategy(tracking).computeUsd).toBeCloseTo(questEstimate.strategy(tracking).computeUsd, 9);
    expect(higher.strategy(CapacityStrategy.ORACLE).computeUsd).toBeCloseTo(questEstimate.strategy(CapacityStrategy.ORACLE).computeUsd, 9);
  });

  test('without peakMinCapacity the default (twice the minimum: 4) leaves the peak starts under-provisioned', () => {
    const defaults = estimate(synthesize({ ...QUEST, peakMinCapacity: undefined }).template);
    expect(defaults.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBeGreaterThan(0);
    expect(questEstimate.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBe(0);
  });

  test('the schedule\'s time zone matters: peaks scheduled in UTC come 9 hours late for Seoul traffic', () => {
    const utc = estimate(synthesize({ ...QUEST, scheduleTimeZone: undefined }).template);
    expect(utc.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBeGreaterThan(0);
  });

  test('Graviton tasks cost less per task-hour', () => {
    const arm = estimate(synthesize({ ...QUEST, cpuArchitecture: ecs.CpuArchitecture.ARM64 }).template);
    const oracle = CapacityStrategy.ORACLE;
    expect(arm.strategy(oracle).capacity.taskHours).toBeCloseTo(questEstimate.strategy(oracle).capacity.taskHours, 9);
    expect(arm.strategy(oracle).computeUsd).toBeLessThan(0.85 * questEstimate.strategy(oracle).computeUsd);
  });

  test('fargateSpot: strategy 4 uses the site\'s own split', () => {
    const spot = estimate(synthesize({ ...QUEST, fargateSpot: { spotWeight: 3 } }).template);
    expect(spot.site.service).toMatchObject({ spotOnDemandBaseTasks: 2, spotOnDemandWeight: 1, spotWeight: 3 });
    const s4 = CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT;
    expect(spot.strategy(s4).capacity.spotTaskHours).toBeGreaterThan(questEstimate.strategy(s4).capacity.spotTaskHours);
    expect(spot.simulation.spotSplitDescription).toMatch(/the service's split: 2 task\(s\) on regular Fargate, the rest 1:3/);
  });

  test('two NAT gateways double the NAT gateway hours', () => {
    const two = estimate(synthesize({ ...QUEST, natGateways: 2 }).template);
    const nat = (e: CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'NAT gateway')!;
    expect(two.site.natGateways).toBe(2);
    const hours = questEstimate.simulation.monthHours * questEstimate.prices.natGatewayHour;
    expect(nat(two).usd - nat(questEstimate).usd).toBeCloseTo(hours, 6);
  });

  test('a MySQL instance is priced by its class, twice with Multi-AZ', () => {
    const mysql = estimate(synthesize({ ...QUEST, database: WordpressDatabase.mysqlInstance({ multiAz: true }) }).template);
    expect(mysql.site.database).toEqual({ kind: 'MYSQL_INSTANCE', instanceClass: 'db.t4g.small', multiAz: true, allocatedStorageGiB: 20 });
    const line = mysql.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'RDS for MySQL')!;
    const p = mysql.prices;
    expect(line.usd).toBeCloseTo(2 * (744 * p.rdsMysqlHourly['db.t4g.small'] + 20 * p.rdsGp3StorageGbMonth), 9);
  });

  test('an instance class the price table does not have is refused, naming it', () => {
    const template = synthesize({ ...QUEST, database: WordpressDatabase.mysqlInstance({ instanceType: new ec2.InstanceType('r8g.large') }) }).template;
    expect(() => estimate(template)).toThrow(/invalid database\.instanceClass: "db\.r8g\.large"\. The ap-northeast-1 price table has db\.t4g\.micro/);
  });

  test('Aurora readers and a larger range raise the database bill', () => {
    const big = estimate(synthesize({ ...QUEST, database: WordpressDatabase.auroraServerlessV2({ readers: 1, maxCapacity: 16 }) }).template);
    expect(big.site.database).toMatchObject({ auroraInstances: 2, auroraMaxCapacity: 16 });
    const aurora = (e: CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'Aurora Serverless v2')!.usd;
    expect(aurora(big)).toBeGreaterThan(2 * aurora(questEstimate));
  });

  test('no backup plan, no AWS Backup line; a longer retention costs more', () => {
    const none = estimate(synthesize({ ...QUEST, backup: false }).template);
    expect(none.strategy(CapacityStrategy.ORACLE).lines.map((l) => l.service)).not.toContain('AWS Backup');
    const longer = estimate(synthesize({ ...QUEST, backupRetention: Duration.days(90) }).template);
    const backupLine = (e: CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'AWS Backup')!.usd;
    expect(longer.site.backupRetentionDays).toBe(90);
    expect(backupLine(longer)).toBeGreaterThan(backupLine(questEstimate));
  });
});
