/**
 * The pure logic of the WordPress throughput benchmark (bench/wordpress-throughput.ts, `npx projen bench:wordpress`),
 * which itself runs servers and is not part of `npm test`: these tests keep its arithmetic and parsing from rotting.
 */
import { runLoad } from '../../bench/throughput/load-generator';
import {
  cpuModel, cpuTicks, deriveTaskRate, parseCpuPressure, parseLoadAverage, percentile, processorCount, statusKiB,
  summarize, wordpressVersion,
} from '../../bench/throughput/stats';
import { descendants, parentPid } from '../wordpress/proxy-harness/processes';

describe('percentile (nearest rank)', () => {
  test('p50 and p95 of 1..20 are 10 and 19; order of the input does not matter', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
  });

  test('one value is every percentile; no value is NaN', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  test('does not sort the caller\'s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  test('p outside (0, 100] throws', () => {
    expect(() => percentile([1], 0)).toThrow(/p must be/);
    expect(() => percentile([1], 101)).toThrow(/p must be/);
  });
});

describe('summarize', () => {
  test('GIVEN 9 answers of 200 and 1 failure in 2 s with 2 workers THEN 4.5 req/s, 2.25 per worker, latencies of the 200s only', () => {
    const samples = [...Array.from({ length: 9 }, (_, i) => ({ latencyMs: (i + 1) * 10, status: 200 })), { latencyMs: 5000, status: 0 }];
    expect(summarize(samples, 2000, 2)).toEqual({
      requests: 10,
      errors: 1,
      requestsPerSecond: 4.5,
      requestsPerSecondPerWorker: 2.25,
      p50Ms: 50,
      p95Ms: 90,
      maxMs: 90,
    });
  });

  test('a non-200 status counts as an error', () => {
    expect(summarize([{ latencyMs: 1, status: 500 }, { latencyMs: 1, status: 200 }], 1000, 1)).toMatchObject({ errors: 1, requestsPerSecond: 1 });
  });

  test('no wall time or no worker throws', () => {
    expect(() => summarize([], 0, 1)).toThrow(/wallMs/);
    expect(() => summarize([], 1000, 0)).toThrow(/workers/);
  });
});

describe('what the benchmark reads from /proc', () => {
  test('/proc/loadavg', () => {
    expect(parseLoadAverage('9.05 5.55 2.51 8/148 23753\n')).toEqual({ one: 9.05, five: 5.55, fifteen: 2.51, runnable: 8, entities: 148 });
    expect(() => parseLoadAverage('nonsense')).toThrow(/loadavg/);
  });

  test('/proc/cpuinfo: model name and processor count', () => {
    const cpuinfo = 'processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7R13 Processor\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7R13 Processor\n';
    expect(cpuModel(cpuinfo)).toBe('AMD EPYC 7R13 Processor');
    expect(processorCount(cpuinfo)).toBe(2);
    expect(cpuModel('processor\t: 0\n')).toBe('unknown');
  });

  test('/proc/pressure/cpu', () => {
    expect(parseCpuPressure('some avg10=97.48 avg60=89.78 avg300=59.84 total=322114560\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n'))
      .toEqual({ avg10: 97.48, avg60: 89.78 });
    expect(parseCpuPressure('')).toBeUndefined();
  });

  test('/proc/<pid>/stat: CPU ticks and parent, with a command name holding spaces and parentheses', () => {
    const stat = '27053 (php-fpm: pool (x) y) S 27052 27052 27052 0 -1 4194624 3270 0 0 0 412 37 0 0 20 0 1 0 123456 250000000 9000 '
      + '18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0';
    expect(cpuTicks(stat)).toBe(449);
    expect(parentPid(stat)).toBe(27052);
    expect(() => cpuTicks('garbage')).toThrow(/stat/);
  });

  test('/proc/<pid>/status sizes', () => {
    const status = 'Name:\tphp-fpm8.2\nVmRSS:\t   39732 kB\nRssAnon:\t   10036 kB\n';
    expect(statusKiB(status, 'VmRSS')).toBe(39732);
    expect(statusKiB(status, 'RssAnon')).toBe(10036);
    expect(statusKiB(status, 'RssFile')).toBeUndefined();
  });

  test('descendants: PHP-FPM workers below a master that left the process group', () => {
    // timeout (100) -> php-fpm master (101) -> workers 102, 103; 200 is unrelated.
    const parents = new Map([[100, 1], [101, 100], [102, 101], [103, 101], [200, 1], [201, 200]]);
    expect(descendants(100, parents).sort()).toEqual([100, 101, 102, 103]);
    expect(descendants(102, parents)).toEqual([102]);
  });

  test('the WordPress version from wp-includes/version.php', () => {
    expect(wordpressVersion("<?php\n/**\n * @global string $wp_version\n */\n$wp_version = '6.1.9';\n")).toBe('6.1.9');
    expect(wordpressVersion('<?php')).toBe('unknown');
  });
});

describe('deriveTaskRate', () => {
  const measured = {
    perWorkerRequestsPerSecond: 16,
    phpCpuSecondsPerRequest: 0.04,
    taskVcpu: 2,
    taskWorkers: 150,
    targetCpuPercent: 60,
    headroom: 0.75,
  };

  test('GIVEN 40 ms of CPU per request on 2 vCPU THEN 50 req/s at 100 %, 50 x 0.6 x 0.75 = 22.5 at target with headroom', () => {
    const rate = deriveTaskRate(measured);
    expect(rate.cpuBoundRequestsPerSecond).toBeCloseTo(50);
    expect(rate.workerBoundRequestsPerSecond).toBe(2400);
    expect(rate.requestsPerTaskPerSecond).toBeCloseTo(22.5);
  });

  test('GIVEN too few workers THEN the worker ceiling decides', () => {
    const rate = deriveTaskRate({ ...measured, taskWorkers: 2 });
    expect(rate.workerBoundRequestsPerSecond).toBe(32);
    expect(rate.requestsPerTaskPerSecond).toBeCloseTo(32 * 0.6 * 0.75);
  });

  test('bad inputs throw with the name of the input', () => {
    expect(() => deriveTaskRate({ ...measured, phpCpuSecondsPerRequest: 0 })).toThrow(/phpCpuSecondsPerRequest/);
    expect(() => deriveTaskRate({ ...measured, targetCpuPercent: 120 })).toThrow(/targetCpuPercent/);
    expect(() => deriveTaskRate({ ...measured, headroom: 1.5 })).toThrow(/headroom/);
  });
});

describe('the load generator stays on loopback', () => {
  test.each(['https://127.0.0.1:8443/', 'http://example.com/', 'http://10.0.0.5/'])('refuses %s before sending anything', async (url) => {
    await expect(runLoad({ url, concurrency: 1, requests: 1, timeCapMs: 1000 })).rejects.toThrow(/loopback/);
  });

  test('refuses a run without a request count or a time cap', async () => {
    await expect(runLoad({ url: 'http://127.0.0.1:1/', concurrency: 1, requests: 0, timeCapMs: 1000 })).rejects.toThrow(/positive/);
    await expect(runLoad({ url: 'http://127.0.0.1:1/', concurrency: 1, requests: 1, timeCapMs: 0 })).rejects.toThrow(/positive/);
  });
});
