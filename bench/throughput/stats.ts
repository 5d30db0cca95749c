/**
 * Pure helpers of the WordPress throughput benchmark (`npx projen bench:wordpress`): percentiles, the summary of
 * one measured run, what the benchmark reads from /proc, and the derivation of `requestsPerTaskPerSecond` from a
 * run. No I/O here, so that `test/bench/throughput-stats.test.ts` can pin all of it in `npm test`.
 */

/** One request the load generator sent. */
export interface Sample {
  /** Time from sending the request to the last byte of the response, in milliseconds. */
  readonly latencyMs: number;
  /** HTTP status, or 0 when the request failed (connection error, timeout). */
  readonly status: number;
}

/** What one measured run (one page, one worker count) came to. */
export interface RunSummary {
  /** Requests that completed (any status). */
  readonly requests: number;
  /** Requests that did not answer 200 (failed, timed out or another status). */
  readonly errors: number;
  /** Successful requests per second over the wall time of the run. */
  readonly requestsPerSecond: number;
  /** `requestsPerSecond` divided by the PHP workers (the concurrency equals the workers). */
  readonly requestsPerSecondPerWorker: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/**
 * The p-th percentile (0 < p <= 100) by the nearest-rank method: the smallest value such that at least p % of the
 * values are less than or equal to it. NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) {
    throw new Error(`percentile: p must be in (0, 100], got ${p}`);
  }
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** Summary of a run of `samples` that took `wallMs` with `workers` PHP workers. Latencies over successful requests only. */
export function summarize(samples: readonly Sample[], wallMs: number, workers: number): RunSummary {
  if (!(wallMs > 0) || !(workers > 0)) {
    throw new Error(`summarize: wallMs and workers must be positive, got ${wallMs} and ${workers}`);
  }
  const ok = samples.filter((s) => s.status === 200).map((s) => s.latencyMs);
  const requestsPerSecond = ok.length / (wallMs / 1000);
  return {
    requests: samples.length,
    errors: samples.length - ok.length,
    requestsPerSecond,
    requestsPerSecondPerWorker: requestsPerSecond / workers,
    p50Ms: percentile(ok, 50),
    p95Ms: percentile(ok, 95),
    maxMs: ok.length ? Math.max(...ok) : NaN,
  };
}

/** `/proc/loadavg`: load averages over 1, 5 and 15 minutes, and runnable / total scheduling entities. */
export interface LoadAverage {
  readonly one: number;
  readonly five: number;
  readonly fifteen: number;
  readonly runnable: number;
  readonly entities: number;
}

/** Parse `/proc/loadavg` ("0.52 0.58 0.59 3/412 12345"). */
export function parseLoadAverage(text: string): LoadAverage {
  const m = /^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)\s+\d+/.exec(text);
  if (!m) {
    throw new Error(`not a /proc/loadavg line: ${JSON.stringify(text)}`);
  }
  return { one: Number(m[1]), five: Number(m[2]), fifteen: Number(m[3]), runnable: Number(m[4]), entities: Number(m[5]) };
}

/** The CPU's model name from `/proc/cpuinfo` (the first processor's; 'unknown' when absent, e.g. on some ARM kernels). */
export function cpuModel(cpuinfo: string): string {
  const m = /^(?:model name|Model|Hardware|cpu model)\s*:\s*(.+)$/m.exec(cpuinfo);
  return m ? m[1].trim() : 'unknown';
}

/** The processors `/proc/cpuinfo` lists. */
export function processorCount(cpuinfo: string): number {
  return (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
}

/** The `some avg10` and `avg60` of `/proc/pressure/cpu` (share of time runnable tasks waited for a CPU), or undefined. */
export function parseCpuPressure(text: string): { avg10: number; avg60: number } | undefined {
  const m = /^some\s+avg10=([\d.]+)\s+avg60=([\d.]+)/m.exec(text);
  return m ? { avg10: Number(m[1]), avg60: Number(m[2]) } : undefined;
}

/**
 * CPU time (user + system, in clock ticks) of a process from its `/proc/<pid>/stat` line. The command name may
 * contain spaces and parentheses, so fields are counted from the last ')'.
 */
export function cpuTicks(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).trim().split(/\s+/);
  // Field 3 (state) is fields[0]; utime is field 14 and stime field 15 (proc(5)).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(statLine.slice(0, 120))}`);
  }
  return utime + stime;
}

/** A size field (`VmRSS`, `RssAnon`, ...) of a `/proc/<pid>/status` file, in KiB; undefined when absent. */
export function statusKiB(status: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s*(\\d+)\\s*kB$`, 'm').exec(status);
  return m ? Number(m[1]) : undefined;
}

/** `$wp_version` from WordPress's `wp-includes/version.php`. */
export function wordpressVersion(versionPhp: string): string {
  const m = /^\$wp_version\s*=\s*'([^']+)'/m.exec(versionPhp);
  return m ? m[1] : 'unknown';
}

/** What a run measured for one page with all of the machine's cores as workers, and the task it is projected to. */
export interface TaskRateInput {
  /** Uncached requests per second one PHP worker served (the run with one worker: no contention for a core). */
  readonly perWorkerRequestsPerSecond: number;
  /** CPU seconds PHP (the web tier of a task) spent per request, measured. */
  readonly phpCpuSecondsPerRequest: number;
  /** vCPUs of the task (Fargate `cpu` / 1024). */
  readonly taskVcpu: number;
  /** PHP workers a task runs (Apache prefork `MaxRequestWorkers` in the official image, bounded by memory). */
  readonly taskWorkers: number;
  /** The target CPU utilization of the service's target tracking, in percent (`requestsPerTaskPerSecond` is the rate at target). */
  readonly targetCpuPercent: number;
  /** Share of the measured rate kept for what this machine does not see (Fargate CPU, EFS, Aurora over the network), 0 to 1. */
  readonly headroom: number;
}

/** The figure to put in `cost.TrafficProfile.requestsPerTaskPerSecond`, and the two ceilings it comes from. */
export interface TaskRate {
  /** Requests per second the task's vCPUs serve at 100 % CPU: vCPU / CPU seconds per request. */
  readonly cpuBoundRequestsPerSecond: number;
  /** Requests per second its workers serve when each is as fast as one uncontended worker: workers x per-worker rate. */
  readonly workerBoundRequestsPerSecond: number;
  /** min(the two) x target CPU / 100 x headroom. */
  readonly requestsPerTaskPerSecond: number;
}

/**
 * `requestsPerTaskPerSecond` from a measured run: the task saturates at the lower of its CPU ceiling and its worker
 * ceiling; target tracking holds it at the target utilization, and the headroom keeps a margin for what the
 * benchmark's machine does not reproduce. The result is data for `cost.TrafficProfile`, not a constant of the library.
 */
export function deriveTaskRate(input: TaskRateInput): TaskRate {
  const positive: Array<keyof TaskRateInput> = ['perWorkerRequestsPerSecond', 'phpCpuSecondsPerRequest', 'taskVcpu', 'taskWorkers'];
  for (const key of positive) {
    if (!(input[key] > 0)) {
      throw new Error(`deriveTaskRate: ${key} must be greater than 0, got ${input[key]}`);
    }
  }
  if (!(input.targetCpuPercent > 0 && input.targetCpuPercent <= 100)) {
    throw new Error(`deriveTaskRate: targetCpuPercent must be in (0, 100], got ${input.targetCpuPercent}`);
  }
  if (!(input.headroom > 0 && input.headroom <= 1)) {
    throw new Error(`deriveTaskRate: headroom must be in (0, 1], got ${input.headroom}`);
  }
  const cpuBoundRequestsPerSecond = input.taskVcpu / input.phpCpuSecondsPerRequest;
  const workerBoundRequestsPerSecond = input.taskWorkers * input.perWorkerRequestsPerSecond;
  return {
    cpuBoundRequestsPerSecond,
    workerBoundRequestsPerSecond,
    requestsPerTaskPerSecond: Math.min(cpuBoundRequestsPerSecond, workerBoundRequestsPerSecond) * (input.targetCpuPercent / 100) * input.headroom,
  };
}
