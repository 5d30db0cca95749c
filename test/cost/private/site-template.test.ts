import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ScalingMetric } from '../../../src/cost/private/service-scaling';
import { readSiteTemplate } from '../../../src/cost/private/site-template';
import { newStack, REGION, site } from '../../fixtures';
import { cost, ScalableWordpressOnFargateProps, WordpressDatabase, WordpressDeployment } from 'cdk-fargate-wordpress';

const { CapacityStrategy, CostEstimate, SimulationMonth, TrafficProfiles } = cost;

/** The reference app's site, as in examples/reference/app.ts (without the domain). */
const REFERENCE: ScalableWordpressOnFargateProps = {
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
  profile: TrafficProfiles.twoMonthlyPeaks(), month: SimulationMonth.ofDays(31), region: REGION,
});

let reference: ReturnType<typeof synthesize>;
let referenceEstimate: cost.CostEstimate;
beforeAll(() => {
  reference = synthesize(REFERENCE);
  referenceEstimate = estimate(reference.template);
});

describe('reading a site\'s template', () => {
  test('the scaling settings are the ones the site resolved (site.capacity)', () => {
    const read = readSiteTemplate(reference.template);
    const capacity = reference.wordpress.capacity;
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
    const { wordpress, template } = synthesize({ ...REFERENCE, deployment: WordpressDeployment.ecsBlueGreen() });
    const read = readSiteTemplate(template);
    expect(read.service.targetTracking!.map((t) => [t.metric, t.targetValue])).toEqual([
      [ScalingMetric.CPU_UTILIZATION, wordpress.capacity.targetCpuUtilizationPercent],
      [ScalingMetric.REQUESTS_PER_TARGET, wordpress.capacity.requestsPerTargetPerMinute],
    ]);
    expect(read.notes.join('\n')).not.toMatch(/is not simulated/);
  });

  test('the rest of the site: Aurora Serverless v2, one NAT gateway, nine secrets, backups kept 35 days', () => {
    const read = readSiteTemplate(reference.template);
    expect(read.database).toEqual({ kind: 'AURORA_SERVERLESS_V2', auroraMinCapacity: 0.5, auroraMaxCapacity: 4, auroraInstances: 1 });
    expect(read).toMatchObject({
      natGateways: 1, secrets: 9, fileSystems: 1, loadBalancers: 1, publicIpv4Addresses: 3, hostedZones: 0, backupRetentionDays: 35, notes: [],
    });
  });

  test('a template without a Fargate service, or with two, is refused naming what it has', () => {
    expect(() => readSiteTemplate({ Resources: {} })).toThrow(/invalid servicePath: null\. No Fargate service matches; the template has: none/);
    expect(() => readSiteTemplate({})).toThrow(/invalid template/);
    const stack = newStack();
    site(stack, {}, 'One');
    site(stack, { vpc: (stack.node.findChild('One') as any).vpc }, 'Two');
    const template = Template.fromStack(stack).toJSON();
    expect(() => readSiteTemplate(template)).toThrow(/More than one Fargate service matches/);
    const serviceId = Object.keys(template.Resources)
      .find((id) => id.startsWith('TwoService') && template.Resources[id].Type === 'AWS::ECS::Service')!;
    expect(readSiteTemplate(template, serviceId).servicePath).toBe(serviceId);
  });
});

describe('the estimate follows the site\'s props', () => {
  test('a higher peak minimum costs more compute in the scheduled strategies only', () => {
    const higher = estimate(synthesize({ ...REFERENCE, peakMinCapacity: 8 }).template);
    const s3 = CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING;
    expect(higher.strategy(s3).computeUsd).toBeGreaterThan(referenceEstimate.strategy(s3).computeUsd);
    const tracking = CapacityStrategy.TARGET_TRACKING;
    expect(higher.strategy(tracking).computeUsd).toBeCloseTo(referenceEstimate.strategy(tracking).computeUsd, 9);
    expect(higher.strategy(CapacityStrategy.ORACLE).computeUsd).toBeCloseTo(referenceEstimate.strategy(CapacityStrategy.ORACLE).computeUsd, 9);
  });

  test('without peakMinCapacity the default (twice the minimum: 4) leaves the peak starts under-provisioned', () => {
    const defaults = estimate(synthesize({ ...REFERENCE, peakMinCapacity: undefined }).template);
    expect(defaults.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBeGreaterThan(0);
    expect(referenceEstimate.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBe(0);
  });

  test('the schedule\'s time zone matters: peaks scheduled in UTC come 9 hours late for Seoul traffic', () => {
    const utc = estimate(synthesize({ ...REFERENCE, scheduleTimeZone: undefined }).template);
    expect(utc.strategy(CapacityStrategy.SCHEDULED_AND_TARGET_TRACKING).capacity.underProvisionedHours).toBeGreaterThan(0);
  });

  test('Graviton tasks cost less per task-hour', () => {
    const arm = estimate(synthesize({ ...REFERENCE, cpuArchitecture: ecs.CpuArchitecture.ARM64 }).template);
    const oracle = CapacityStrategy.ORACLE;
    expect(arm.strategy(oracle).capacity.taskHours).toBeCloseTo(referenceEstimate.strategy(oracle).capacity.taskHours, 9);
    expect(arm.strategy(oracle).computeUsd).toBeLessThan(0.85 * referenceEstimate.strategy(oracle).computeUsd);
  });

  test('fargateSpot: strategy 4 uses the site\'s own split', () => {
    const spot = estimate(synthesize({ ...REFERENCE, fargateSpot: { spotWeight: 3 } }).template);
    expect(spot._site.service).toMatchObject({ spotOnDemandBaseTasks: 2, spotOnDemandWeight: 1, spotWeight: 3 });
    const s4 = CapacityStrategy.SCHEDULED_TARGET_TRACKING_AND_SPOT;
    expect(spot.strategy(s4).capacity.spotTaskHours).toBeGreaterThan(referenceEstimate.strategy(s4).capacity.spotTaskHours);
    expect(spot._simulation.spotSplitDescription).toMatch(/the service's split: 2 task\(s\) on regular Fargate, the rest 1:3/);
  });

  test('two NAT gateways double the NAT gateway hours', () => {
    const two = estimate(synthesize({ ...REFERENCE, natGateways: 2 }).template);
    const nat = (e: cost.CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'NAT gateway')!;
    expect(two._site.natGateways).toBe(2);
    const hours = referenceEstimate.monthHours * referenceEstimate.prices.natGatewayHour;
    expect(nat(two).usd - nat(referenceEstimate).usd).toBeCloseTo(hours, 6);
  });

  test('a MySQL instance is priced by its class, twice with Multi-AZ', () => {
    const mysql = estimate(synthesize({ ...REFERENCE, database: WordpressDatabase.mysqlInstance({ multiAz: true }) }).template);
    expect(mysql._site.database).toEqual({ kind: 'MYSQL_INSTANCE', instanceClass: 'db.t4g.small', multiAz: true, allocatedStorageGiB: 20 });
    const line = mysql.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'RDS for MySQL')!;
    const p = mysql.prices;
    expect(line.usd).toBeCloseTo(2 * (744 * p.rdsMysqlHourly['db.t4g.small'] + 20 * p.rdsGp3StorageGbMonth), 9);
  });

  test('an instance class the price table does not have is refused, naming it', () => {
    const template = synthesize({ ...REFERENCE, database: WordpressDatabase.mysqlInstance({ instanceType: new ec2.InstanceType('r8g.large') }) }).template;
    expect(() => estimate(template)).toThrow(/invalid database\.instanceClass: "db\.r8g\.large"\. The ap-northeast-1 price table has db\.t4g\.micro/);
  });

  test('Aurora readers and a larger range raise the database bill', () => {
    const big = estimate(synthesize({ ...REFERENCE, database: WordpressDatabase.auroraServerlessV2({ readers: 1, maxCapacity: 16 }) }).template);
    expect(big._site.database).toMatchObject({ auroraInstances: 2, auroraMaxCapacity: 16 });
    const aurora = (e: cost.CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'Aurora Serverless v2')!.usd;
    expect(aurora(big)).toBeGreaterThan(2 * aurora(referenceEstimate));
  });

  test('no backup plan, no AWS Backup line; a longer retention costs more', () => {
    const none = estimate(synthesize({ ...REFERENCE, backup: false }).template);
    expect(none.strategy(CapacityStrategy.ORACLE).lines.map((l) => l.service)).not.toContain('AWS Backup');
    const longer = estimate(synthesize({ ...REFERENCE, backupRetention: Duration.days(90) }).template);
    const backupLine = (e: cost.CostEstimate) => e.strategy(CapacityStrategy.ORACLE).lines.find((l) => l.service === 'AWS Backup')!.usd;
    expect(longer._site.backupRetentionDays).toBe(90);
    expect(backupLine(longer)).toBeGreaterThan(backupLine(referenceEstimate));
  });
});
