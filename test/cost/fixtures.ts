import { RegionPrices } from '../../src/cost';
import { runCli } from '../../src/cost/private/cli';
import { ScalingMetric } from '../../src/cost/private/service-scaling';
import { SiteConfiguration } from '../../src/cost/private/site-template';

/** Every price 0 but the ones a test sets. */
export function prices(overrides: Partial<RegionPrices> = {}): RegionPrices {
  const zero = { vcpuHour: 0, gbHour: 0 };
  return {
    region: 'test-1',
    asOf: '2026-01-01',
    source: 'test',
    fargateX86: zero,
    fargateArm: zero,
    fargateSpotX86: zero,
    fargateSpotArm: zero,
    auroraAcuHour: 0,
    auroraStorageGbMonth: 0,
    auroraIoPerMillion: 0,
    rdsMysqlHourly: {},
    rdsGp3StorageGbMonth: 0,
    efsStandardGbMonth: 0,
    efsInfrequentAccessGbMonth: 0,
    efsElasticReadGb: 0,
    efsElasticWriteGb: 0,
    albHour: 0,
    albLcuHour: 0,
    natGatewayHour: 0,
    natGatewayGb: 0,
    publicIpv4Hour: 0,
    internetDataOutGb: 0,
    cloudFrontGeography: 'test',
    cloudFrontDataOutGb: 0,
    cloudFrontHttpsPer10k: 0,
    wafWebAclMonth: 0,
    wafRuleMonth: 0,
    wafPerMillionRequests: 0,
    secretsManagerSecretMonth: 0,
    cloudWatchLogsIngestionGb: 0,
    route53HostedZoneMonth: 0,
    backupEfsGbMonth: 0,
    backupAuroraGbMonth: 0,
    backupRdsGbMonth: 0,
    ...overrides,
  };
}

/** A site of 1 vCPU / 2 GB tasks, 1 to 5 of them, target tracking on requests at 10/s, nothing else. */
export const SITE: SiteConfiguration = {
  servicePath: 'Test/Service',
  service: {
    cpu: 1024,
    memoryMiB: 2048,
    minCapacity: 1,
    maxCapacity: 5,
    targetTracking: [{ metric: ScalingMetric.REQUESTS_PER_TARGET, targetValue: 600, scaleOutCooldownSeconds: 0, scaleInCooldownSeconds: 0 }],
  },
  natGateways: 0,
  publicIpv4Addresses: 0,
  loadBalancers: 0,
  fileSystems: 0,
  secrets: 0,
  hostedZones: 0,
  notes: [],
};

/** Run the command line in-process in `cwd`: exit code and what it printed. */
export function cli(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd });
  return { code, out, err };
}

