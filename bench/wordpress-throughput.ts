/**
 * Benchmark (not a test, and it asserts no speed): uncached requests per second per PHP worker of a real WordPress,
 * on loopback, for representative pages, and the `cost.TrafficProfile.requestsPerTaskPerSecond` derived from them
 * (docs/throughput.md). `npx projen bench:wordpress` runs it on a machine with the Debian packages `.ci/run` installs.
 *
 * What it runs: Debian's WordPress with the construct's WORDPRESS_CONFIG_EXTRA (the same constant), PHP-FPM with a
 * fixed number of workers (`pm = static`) and opcache on (checked in the running FPM), MariaDB over TLS, nginx; no
 * caching plugin, no persistent object cache. It seeds posts through WordPress's own functions, then, for 1 worker
 * and for as many workers as the machine has cores, sends a fixed number of requests per page with a concurrency
 * equal to the workers (keep-alive connections from the proxy's address, with the headers the load balancer sends).
 * Each run stops after its requests or its time cap, whichever comes first; a watchdog ends the whole benchmark.
 *
 * Settings (environment): CFWP_BENCH_REQUESTS (per page and worker count, default 120), CFWP_BENCH_CAP_SECONDS (per
 * run, default 12), CFWP_BENCH_WORKERS (comma-separated, default "1,<cores>"), CFWP_BENCH_POSTS (default 20),
 * CFWP_BENCH_MAX_SECONDS (watchdog, default 150).
 */
import { execFileSync, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { BenchSite, DATABASE, missingBenchPrograms, PROGRAMS, SEED_PHP } from './throughput/bench-site';
import { runLoad } from './throughput/load-generator';
import {
  cpuModel, deriveTaskRate, LoadAverage, parseCpuPressure, parseLoadAverage, processorCount, RunSummary, summarize, wordpressVersion,
} from './throughput/stats';
import {
  ENV_DB_TLS, ENV_PUBLIC_URL, ENV_TRUSTED_PROXIES, WORDPRESS_CONFIG_EXTRA,
} from '../src/wordpress/private/wordpress-config';
import { request } from '../test/wordpress/proxy-harness/http-client';
import { DEBIAN_PACKAGES, DEBIAN_WORDPRESS, missingPrerequisites, PROXY_ADDRESS } from '../test/wordpress/proxy-harness/wordpress-behind-proxy';

const numberSetting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
};

const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
const CORES = processorCount(cpuinfo) || 1;
const REQUESTS = Math.round(numberSetting('CFWP_BENCH_REQUESTS', 120));
const CAP_MS = numberSetting('CFWP_BENCH_CAP_SECONDS', 12) * 1000;
const POSTS = Math.round(numberSetting('CFWP_BENCH_POSTS', 20));
const MAX_MS = numberSetting('CFWP_BENCH_MAX_SECONDS', 150) * 1000;
const WORKERS = [...new Set((process.env.CFWP_BENCH_WORKERS ?? `1,${CORES}`).split(',').map((w) => {
  const n = Number(w.trim());
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`CFWP_BENCH_WORKERS: whole numbers from 1 to 64, got ${JSON.stringify(w)}`);
  }
  return n;
}))];
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The task the figures are projected to: the construct's default, and its default CPU target (docs/throughput.md). */
const TASK = { vcpu: 2, memoryGiB: 8, maxRequestWorkers: 150, reservedGiB: 1, targetCpuPercent: 60, headroom: 0.75 };

function loadAverage(): LoadAverage {
  return parseLoadAverage(readFileSync('/proc/loadavg', 'utf8'));
}
function cpuPressure(): string {
  const p = existsSync('/proc/pressure/cpu') ? parseCpuPressure(readFileSync('/proc/pressure/cpu', 'utf8')) : undefined;
  return p ? `CPU pressure (some) avg10 ${p.avg10} % avg60 ${p.avg60} %` : 'CPU pressure not available';
}
/** First line a program prints about itself (on standard output or, like `nginx -v`, standard error). */
function firstLine(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0].trim() || `${command} (version unknown)`;
}
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

interface Measured {
  readonly workers: number;
  readonly page: string;
  readonly summary: RunSummary;
  readonly cappedByTime: boolean;
  readonly wallMs: number;
  readonly phpCpuMsPerRequest: number;
  readonly databaseCpuMsPerRequest: number;
  readonly kibPerResponse: number;
  readonly loadAfter: LoadAverage;
}

async function main(): Promise<void> {
  const missing = [...missingPrerequisites(), ...missingBenchPrograms()];
  if (missing.length > 0) {
    console.error(`bench:wordpress needs: ${missing.join(', ')}.\nOn Debian 12 as root: apt-get install --no-install-recommends `
      + `${[...new Set([...DEBIAN_PACKAGES, 'php-cli'])].join(' ')}`);
    process.exitCode = 1;
    return;
  }
  const began = Date.now();
  const loadBefore = loadAverage();
  console.log(`WordPress throughput benchmark, ${new Date().toISOString()} (loopback only; no speed is asserted)`);
  console.log(`Machine: ${cpuModel(cpuinfo)}, ${CORES} cores (/proc/cpuinfo); load average before ${loadBefore.one} ${loadBefore.five} `
    + `${loadBefore.fifteen} (/proc/loadavg); ${cpuPressure()}.`);
  console.log('NOTE: this machine may be shared with other busy work: the rates below are a lower bound, the CPU time per request '
    + 'the steadier figure.');
  console.log(`Software: ${firstLine(PROGRAMS.phpFpm!, ['-v'])}; WordPress ${wordpressVersion(readFileSync(join(DEBIAN_WORDPRESS, 'wp-includes', 'version.php'), 'utf8'))} `
    + `(Debian, ${DEBIAN_WORDPRESS}); ${firstLine(PROGRAMS.mariadbd!, ['--version'])}; ${firstLine(PROGRAMS.nginx!, ['-v'])}.`);

  const site = await BenchSite.create();
  const watchdog = setTimeout(() => {
    console.error(`bench:wordpress: stopped by its watchdog after ${MAX_MS / 1000} s`);
    void site.stop().finally(() => process.exit(2));
  }, MAX_MS);
  watchdog.unref();
  try {
    const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
    const environment: { [name: string]: string } = {
      WORDPRESS_DB_HOST: site.databaseTcpHost,
      WORDPRESS_DB_NAME: DATABASE.name,
      WORDPRESS_DB_USER: DATABASE.user,
      WORDPRESS_DB_PASSWORD: DATABASE.password,
      [ENV_DB_TLS]: '1',
      [ENV_PUBLIC_URL]: 'https://localhost',
      [ENV_TRUSTED_PROXIES]: `${PROXY_ADDRESS}/32`,
      WORDPRESS_CONFIG_EXTRA,
      ...Object.fromEntries(keys.map((k) => [`WORDPRESS_${k}`, randomBytes(32).toString('base64')])),
    };
    await site.start(environment, WORKERS[0]);
    await site.php([SEED_PHP, site.wordpressDir, 'install']);
    const seed = JSON.parse(await site.php([SEED_PHP, site.wordpressDir, 'content', String(POSTS)]));
    console.log(`Site: ${seed.posts + 1} posts (5 paragraphs, 3 comments each; plus "Hello world!"), theme ${seed.theme}, `
      + `${seed.postsPerPage} posts per page, permalinks ${seed.permalinkStructure}; the construct's WORDPRESS_CONFIG_EXTRA; MariaDB over TLS; `
      + `no page cache, no persistent object cache. Set up in ${((Date.now() - began) / 1000).toFixed(1)} s.`);

    // What the load balancer sends to a task: HTTP from its own address, the viewer in X-Forwarded-For.
    const headers = {
      'Host': `127.0.0.1:${site.backendPort}`,
      'X-Forwarded-For': '198.51.100.23',
      'X-Forwarded-Proto': 'http',
      'CloudFront-Forwarded-Proto': 'https',
    };
    const pages: Array<{ name: string; path: string; check: (body: string) => boolean }> = [
      { name: 'front page', path: '/', check: (b) => b.includes(seed.newestTitle) },
      { name: 'single post', path: seed.singlePath, check: (b) => b.includes(seed.singleTitle) && b.includes('Reader 3') },
      { name: 'search', path: `/?s=${seed.searchWord}`, check: (b) => (b.match(new RegExp(seed.searchWord, 'g')) ?? []).length >= 3 },
    ];
    const get = (path: string) => request({ url: `${site.backendUrl}${path}`, headers, localAddress: PROXY_ADDRESS });

    const results: Measured[] = [];
    const workerMemory: Array<{ rss: number; anonymous: number }> = [];
    for (const [i, workers] of WORKERS.entries()) {
      if (i > 0) {
        await site.restartPhpFpm(workers);
      }
      const opcache = JSON.parse((await get('/cfwp-opcache-status.php')).body);
      if (!opcache.opcacheEnabled) {
        throw new Error(`opcache is off in PHP-FPM (${JSON.stringify(opcache)}): the benchmark measures WordPress with opcache on`);
      }
      for (const page of pages) {
        const res = await get(page.path);
        if (res.status !== 200 || !page.check(res.body)) {
          throw new Error(`${page.name} (${page.path}) answered ${res.status} without the seeded content:\n${res.body.slice(0, 800)}\n${site.logs()}`);
        }
        // Warm-up, not measured: opcache, MariaDB's buffer pool, the workers' first requests.
        await runLoad({
          url: `${site.backendUrl}${page.path}`,
          concurrency: workers,
          requests: Math.max(6, 3 * workers),
          timeCapMs: 10_000,
          headers,
          localAddress: PROXY_ADDRESS,
        });
      }
      const after = JSON.parse((await get('/cfwp-opcache-status.php')).body);
      console.log(`PHP-FPM pm = static, pm.max_children = ${workers}: ${opcache.sapi} PHP ${opcache.phpVersion}, opcache.enable=${opcache.opcacheEnable} `
        + `(running: ${opcache.opcacheEnabled ? 'on' : 'off'}), validate_timestamps=${opcache.validateTimestamps}, jit_buffer_size=${opcache.jitBufferSize || '0'}; `
        + `after warm-up ${after.cachedScripts} scripts cached, ${after.hits} hits, ${after.misses} misses.`);

      for (const page of pages) {
        const php0 = site.cpuTicks('php-fpm');
        const db0 = site.cpuTicks('mariadb');
        const load = await runLoad({
          url: `${site.backendUrl}${page.path}`,
          concurrency: workers,
          requests: REQUESTS,
          timeCapMs: CAP_MS,
          headers,
          localAddress: PROXY_ADDRESS,
        });
        const php1 = site.cpuTicks('php-fpm');
        const db1 = site.cpuTicks('mariadb');
        const n = load.samples.length || 1;
        results.push({
          workers,
          page: page.name,
          summary: summarize(load.samples, load.wallMs, workers),
          cappedByTime: load.cappedByTime,
          wallMs: load.wallMs,
          phpCpuMsPerRequest: ((php1 - php0) * 1000) / CLOCK_TICKS / n,
          databaseCpuMsPerRequest: ((db1 - db0) * 1000) / CLOCK_TICKS / n,
          kibPerResponse: load.bodyBytes / n / 1024,
          loadAfter: loadAverage(),
        });
      }
      workerMemory.push(...site.phpWorkerMemoryKiB());
    }

    console.log('');
    console.log('workers  page          requests errors  req/s  req/s/worker  p50 ms  p95 ms  PHP CPU ms/req  DB CPU ms/req  KiB/resp  load avg 1m');
    for (const r of results) {
      const s = r.summary;
      console.log(`${String(r.workers).padStart(7)}  ${r.page.padEnd(12)}  ${`${s.requests}${r.cappedByTime ? '*' : ''}`.padStart(8)} ${String(s.errors).padStart(6)}`
        + ` ${fmt(s.requestsPerSecond).padStart(6)}  ${fmt(s.requestsPerSecondPerWorker).padStart(12)}  ${fmt(s.p50Ms, 0).padStart(6)}  ${fmt(s.p95Ms, 0).padStart(6)}`
        + `  ${fmt(r.phpCpuMsPerRequest).padStart(14)}  ${fmt(r.databaseCpuMsPerRequest).padStart(13)}  ${fmt(r.kibPerResponse, 0).padStart(8)}  ${fmt(r.loadAfter.one, 2).padStart(11)}`);
    }
    if (results.some((r) => r.cappedByTime)) {
      console.log(`* the time cap (${CAP_MS / 1000} s) ended the run before its ${REQUESTS} requests.`);
    }

    // Workers a task can run: Apache prefork's MaxRequestWorkers in the official image, unless memory runs out first.
    const privateKiB = Math.max(...workerMemory.map((m) => m.anonymous));
    const rssKiB = Math.max(...workerMemory.map((m) => m.rss));
    const memoryWorkers = Math.floor(((TASK.memoryGiB - TASK.reservedGiB) * 1024 * 1024) / privateKiB);
    const taskWorkers = Math.min(TASK.maxRequestWorkers, memoryWorkers);
    console.log('');
    console.log(`PHP worker memory after the runs: up to ${fmt(rssKiB / 1024)} MiB resident, ${fmt(privateKiB / 1024)} MiB of it private; `
      + `${TASK.memoryGiB} GiB less ${TASK.reservedGiB} GiB holds ${memoryWorkers} such workers, MaxRequestWorkers allows ${TASK.maxRequestWorkers}: ${taskWorkers} workers per task.`);
    console.log(`Projected to a ${TASK.vcpu} vCPU / ${TASK.memoryGiB} GiB task (target ${TASK.targetCpuPercent} % CPU, headroom ${TASK.headroom}; docs/throughput.md): `
      + 'requestsPerTaskPerSecond = min(vCPU / PHP CPU s per request, workers x req/s per worker) x target x headroom. Assumed so far: 25.');
    const derived = pages.map((page) => {
      const runs = results.filter((r) => r.page === page.name);
      const single = runs.find((r) => r.workers === 1) ?? runs[0];
      const totalRequests = runs.reduce((sum, r) => sum + r.summary.requests, 0);
      const phpCpuMs = runs.reduce((sum, r) => sum + r.phpCpuMsPerRequest * r.summary.requests, 0) / totalRequests;
      const rate = deriveTaskRate({
        perWorkerRequestsPerSecond: single.summary.requestsPerSecondPerWorker,
        phpCpuSecondsPerRequest: phpCpuMs / 1000,
        taskVcpu: TASK.vcpu,
        taskWorkers,
        targetCpuPercent: TASK.targetCpuPercent,
        headroom: TASK.headroom,
      });
      console.log(`  ${page.name.padEnd(12)} PHP CPU ${fmt(phpCpuMs)} ms/req -> ${fmt(rate.cpuBoundRequestsPerSecond)} req/s at 100 % of ${TASK.vcpu} vCPU `
        + `(worker bound ${fmt(rate.workerBoundRequestsPerSecond, 0)}) -> requestsPerTaskPerSecond ${fmt(rate.requestsPerTaskPerSecond)}`);
      return { page: page.name, phpCpuMsPerRequest: phpCpuMs, ...rate };
    });
    const loadEnd = loadAverage();
    console.log(`Load average after: ${loadEnd.one} ${loadEnd.five} ${loadEnd.fifteen}; ${cpuPressure()}. Took ${((Date.now() - began) / 1000).toFixed(1)} s.`);
    console.log(`RESULT_JSON ${JSON.stringify({
      date: new Date().toISOString(),
      cpu: cpuModel(cpuinfo),
      cores: CORES,
      loadBefore,
      loadAfter: loadEnd,
      task: { ...TASK, workers: taskWorkers, workerRssKiB: rssKiB, workerPrivateKiB: privateKiB },
      runs: results.map((r) => ({
        workers: r.workers,
        page: r.page,
        cappedByTime: r.cappedByTime,
        ...r.summary,
        phpCpuMsPerRequest: r.phpCpuMsPerRequest,
        databaseCpuMsPerRequest: r.databaseCpuMsPerRequest,
      })),
      derived,
    })}`);
  } finally {
    clearTimeout(watchdog);
    await site.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exitCode = 1;
});
