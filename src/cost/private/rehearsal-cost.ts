import { checkNumber, checkWholeNumber } from '../../private/validation';
import type { RegionPrices } from '../region-prices';
import type { RehearsalCostOptions } from '../rehearsal-cost-options';
import type { CostLine } from '../strategy-cost';

const GIB = 1024 ** 3;
/** Minutes a rehearsal's task runs beyond its load: start, installing the load generator, the summary, stopping. */
export const REHEARSAL_OVERHEAD_MINUTES = 3;

/** The edge in front of the site, as the estimate resolved it. */
export interface RehearsalEdge {
  readonly cloudFront: boolean;
  readonly webAclRules: number;
}

/**
 * A month of peak rehearsals as one line of the bill: the load generator's Fargate task (x86_64, on demand), its
 * requests at CloudFront and AWS WAF (or internet data out without CloudFront), the bytes the load balancer processes
 * (its page requests all reach the origin), and the responses it pulls in through the NAT gateway. What the site's own
 * tasks and database do while it runs is not in it (the capacity simulation follows the profile, not the rehearsal).
 */
export function rehearsalCostLine(r: RehearsalCostOptions, p: RegionPrices, responseKiB: number, edge: RehearsalEdge): CostLine {
  checkWholeNumber('rehearsal.runsPerMonth', r.runsPerMonth, 0, 31);
  checkNumber('rehearsal.requestsPerSecond', r.requestsPerSecond, 0, 5000);
  checkNumber('rehearsal.durationMinutes', r.durationMinutes, 0, 60);
  checkNumber('rehearsal.taskCpu', r.taskCpu, 256, 16384);
  checkNumber('rehearsal.taskMemoryMiB', r.taskMemoryMiB, 512, 122880);
  const taskHours = (r.runsPerMonth * (r.durationMinutes + REHEARSAL_OVERHEAD_MINUTES)) / 60;
  const taskHour = ((r.taskCpu ?? 1024) / 1024) * p.fargateX86.vcpuHour + ((r.taskMemoryMiB ?? 2048) / 1024) * p.fargateX86.gbHour;
  const requests = r.runsPerMonth * r.requestsPerSecond * r.durationMinutes * 60;
  const gb = (requests * responseKiB * 1024) / GIB;
  const lcuGb = (requests * (responseKiB + 1) * 1024) / GIB; // 1 LCU-hour per GB processed, as the site's own line counts
  const fargateUsd = taskHours * taskHour;
  const wafUsd = edge.webAclRules > 0 ? (requests / 1e6) * p.wafPerMillionRequests : 0;
  const edgeUsd = edge.cloudFront
    ? gb * p.cloudFrontDataOutGb + (requests / 1e4) * p.cloudFrontHttpsPer10k + wafUsd
    : gb * p.internetDataOutGb;
  const usd = fargateUsd + edgeUsd + lcuGb * p.albLcuHour + gb * p.natGatewayGb;
  return {
    service: 'Peak rehearsal',
    usd,
    detail: `${r.runsPerMonth} run(s) x ${r.durationMinutes} min at ${r.requestsPerSecond}/s = ${fmt(requests / 1e6)} M requests: `
      + `${fmt(taskHours)} task-h x $${taskHour.toFixed(4)} + ${edge.cloudFront ? 'CloudFront and WAF requests and ' : ''}${fmt(gb)} GB out, `
      + 'through the load balancer and in through the NAT gateway',
  };
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
