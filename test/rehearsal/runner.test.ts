/**
 * The peak rehearsal's runner, run for real: the exact `sh -c <script>` the load generator's container runs (taken from
 * the synthesized task definition), with the same load generator (Debian 12's `hey`, the version the task installs) and
 * Debian's `awk` (mawk, what the slim image has), against
 * - a real WordPress behind a TLS-terminating proxy on loopback (test/wordpress/proxy-harness), with a bounded rate and
 *   time (10 requests/s for 4 s), its summary line then read by the synthesized metric filters into the six metrics;
 * - small loopback servers that record the header the rehearsal sends, and answer 503 or refuse connections, for the
 *   exemption header and the error paths.
 * No test asserts a speed: only the contract (a summary line, its fields, metric values, an exit code that agrees with
 * `keptUp`). What it cannot prove here: CloudFront and WAF (see the web ACL tests), ECS, EventBridge Scheduler and
 * CloudWatch (their configuration is asserted on the templates).
 */
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, symlinkSync } from 'fs';
import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ACCOUNT, newStack, site } from '../fixtures';
import { resolveEnvironment, secretValues, synthesizeSite } from '../wordpress/proxy-harness/synthesized-site';
import { missingPrerequisites, PROXY_ADDRESS, WordpressBehindProxy } from '../wordpress/proxy-harness/wordpress-behind-proxy';
import { cost, PeakRehearsal } from 'cdk-fargate-wordpress';

const HEY_VERSION = '0.1.4-2+b4';
const TOKEN = 'test-token-not-a-secret';
const inCi = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);

/** The load generator's command and the metric filters, from a synthesized rehearsal with a rate-limit exemption. */
function synthesizedRunner() {
  const stack = newStack();
  const wordpress = site(stack, { monthlyPeaks: [{ dayOfMonth: 5 }], scheduleTimeZone: 'Asia/Seoul' });
  const token = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token', `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:Token-AbCdEf`);
  new PeakRehearsal(stack, 'Rehearsal', {
    site: wordpress,
    publicUrl: 'https://www.example.com',
    trafficProfile: cost.TrafficProfiles.twoMonthlyPeaks(),
    rateLimitExemption: { headerName: 'x-peak-rehearsal', token },
  });
  const template = Template.fromStack(stack);
  const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))
    .flatMap((r) => r.Properties.ContainerDefinitions).find((c: any) => c.Name === 'LoadGenerator');
  const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((r) => r.Properties);
  return { command: container.Command as string[], filters };
}

interface RunResult {
  readonly exitCode: number | null;
  readonly output: string;
  readonly summary: { [field: string]: any };
}

/**
 * Run the synthesized command with these values in place of the URL, rate, seconds and workers (the script, header,
 * bounds and name as synthesized), `awk` being Debian's mawk, the token in the environment as ECS would inject it.
 */
function runRunner(command: string[], url: string, rate: number, seconds: number): Promise<RunResult> {
  const args = [...command];
  args.splice(4, 4, url, `${rate}`, `${seconds}`, `${Math.max(1, Math.ceil(rate))}`);
  const bin = mkdtempSync(join(tmpdir(), 'cfwp-rehearsal-bin-'));
  symlinkSync('/usr/bin/mawk', join(bin, 'awk'));
  return new Promise((resolve, reject) => {
    const child = spawn(args[0], args.slice(1), {
      env: { PATH: `${bin}:${process.env.PATH}`, REHEARSAL_TOKEN: TOKEN },
      timeout: (seconds + 60) * 1000,
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const last = output.trim().split('\n').pop() ?? '';
      try {
        resolve({ exitCode, output, summary: JSON.parse(last) });
      } catch {
        reject(new Error(`no JSON summary line; exit ${exitCode}; output:\n${output}`));
      }
    });
  });
}

/** What CloudWatch Logs would publish for one log line: each filter whose pattern matches gives its metric the field's value. */
function metricsOf(filters: Array<{ [key: string]: any }>, line: { [field: string]: any }): { [metric: string]: number } {
  const metrics: { [metric: string]: number } = {};
  for (const f of filters) {
    const selector = /^\{ \$\.(\w+) = "(\w+)" \}$/.exec(f.FilterPattern);
    expect(selector).not.toBeNull(); // the one shape of pattern this evaluator knows
    if (line[selector![1]] !== selector![2]) {
      continue;
    }
    const t = f.MetricTransformations[0];
    const field = /^\$\.(\w+)$/.exec(t.MetricValue)![1];
    expect(t.Dimensions).toEqual([{ Key: 'Rehearsal', Value: '$.rehearsal' }]);
    if (typeof line[field] === 'number') {
      metrics[t.MetricName] = line[field];
    }
  }
  return metrics;
}

/** A loopback HTTP server answering every request with `status`, recording the headers it received. */
async function recordingServer(status: number): Promise<{ server: Server; url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(status, { 'content-type': 'text/plain' }).end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, headers };
}

function heyVersion(): string | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'hey'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

const hey = heyVersion();
const missing = [...(hey ? [] : [`hey ${HEY_VERSION} (apt-get install hey)`]), ...missingPrerequisites()];
if (missing.length > 0 && inCi) {
  test('the rehearsal runner has what it runs', () => {
    throw new Error(`CI must run the rehearsal's runner, but this machine lacks: ${missing.join(', ')}`);
  });
} else if (missing.length > 0) {
  console.warn(`SKIPPED: the rehearsal runner test did NOT run. Missing: ${missing.join(', ')}`);
  test.skip('the rehearsal runner (skipped: missing programs)', () => undefined);
} else {
  runnerSuite();
}

function runnerSuite(): void {
  const { command, filters } = synthesizedRunner();

  test('the machine runs the hey the task installs', () => {
    expect(hey).toBe(HEY_VERSION);
    expect(command[2]).toContain(`hey=${HEY_VERSION}`);
  });

  describe('against loopback servers', () => {
    test('it sends the exemption header with the token from the environment, at the rate, and keeps up with a fast server', async () => {
      const { server, url, headers } = await recordingServer(200);
      try {
        const result = await runRunner(command, url, 5, 2);
        // 5 workers at 1/s for 2 s: 5 to 15 requests (each worker's ticker may fire at the start and the end of the window).
        expect(headers.length).toBeGreaterThanOrEqual(5);
        expect(headers.length).toBeLessThanOrEqual(15);
        expect(new Set(headers.map((h) => h['x-peak-rehearsal']))).toEqual(new Set([TOKEN]));
        expect(result.summary).toMatchObject({ peakRehearsal: 'summary', requests: headers.length, errors: 0, errorRatePercent: 0 });
        expect(result.exitCode).toBe(result.summary.keptUp === 1 ? 0 : 1);
      } finally {
        server.close();
      }
    }, 60_000);

    test('HTTP 503 answers are errors: 100 % error rate, not kept up, exit code 1', async () => {
      const { server, url, headers } = await recordingServer(503);
      try {
        const result = await runRunner(command, url, 4, 2);
        expect(result.summary).toMatchObject({ requests: headers.length, errors: headers.length, errorRatePercent: 100, keptUp: 0 });
        expect(result.exitCode).toBe(1);
        expect(metricsOf(filters, result.summary)).toMatchObject({ ErrorRate: 100, KeptUp: 0 });
      } finally {
        server.close();
      }
    }, 60_000);

    test('refused connections are errors, with no latency to publish', async () => {
      const { server, url } = await recordingServer(200);
      server.close(); // the port is free again: connections are refused
      const result = await runRunner(command, url, 3, 2);
      expect(result.summary.requests).toBeGreaterThan(0);
      expect(result.summary).toMatchObject({ errors: result.summary.requests, keptUp: 0 });
      expect(result.summary).not.toHaveProperty('p95Ms');
      expect(Object.keys(metricsOf(filters, result.summary)).sort()).toEqual(['ErrorRate', 'KeptUp', 'Requests', 'RequestsPerSecond']);
      expect(result.exitCode).toBe(1);
    }, 60_000);
  });

  describe('against a real WordPress behind a TLS-terminating proxy', () => {
    let wordpress: WordpressBehindProxy;
    let publicUrl: string;

    beforeAll(async () => {
      wordpress = await WordpressBehindProxy.prepare(['site'], ['site']);
      publicUrl = wordpress.publicUrl('site');
      const synthesized = synthesizeSite({ publicUrl, trustedProxyCidrs: [`${PROXY_ADDRESS}/32`], clientIpHeader: 'CloudFront-Viewer-Address' });
      const environment = {
        ...resolveEnvironment(synthesized.environment, { WORDPRESS_DB_HOST: () => wordpress.databaseTcpHost }),
        ...secretValues(synthesized.secretNames),
      };
      await wordpress.start({ site: environment },
        { name: environment.WORDPRESS_DB_NAME, user: environment.WORDPRESS_DB_USER, password: environment.WORDPRESS_DB_PASSWORD });
      const installed = await wordpress.request({
        url: `${publicUrl}/wp-admin/install.php?step=2`,
        ca: wordpress.certificatePem,
        form: {
          weblog_title: 'Rehearsal',
          user_name: 'operator',
          admin_password: 'rehearsal-only-password-on-loopback',
          admin_password2: 'rehearsal-only-password-on-loopback',
          admin_email: 'operator@example.com',
          blog_public: '0',
          Submit: 'Install WordPress',
        },
      });
      if (!installed.body.includes('Success!')) {
        throw new Error(`WordPress did not install (HTTP ${installed.status})\n${wordpress.logs()}`);
      }
    }, 150_000);

    afterAll(async () => {
      await wordpress?.stop();
    }, 60_000);

    test('10 requests/s for 4 s at the front page: a summary line the metric filters read into six metrics', async () => {
      const result = await runRunner(command, `${publicUrl}/`, 10, 4);
      const s = result.summary;
      if (process.env.CFWP_REALWP_VERBOSE) {
        console.info(`rehearsal runner against real WordPress:\n${result.output}`);
      }
      expect(s).toMatchObject({ peakRehearsal: 'summary', errors: 0, errorRatePercent: 0, targetRequestsPerSecond: 10 });
      expect(s.requests).toBeGreaterThanOrEqual(10);
      expect(s.requests).toBeLessThanOrEqual(50); // 10 workers at 1/s for 4 s, at most one more tick each
      expect(s.p50Ms).toBeGreaterThan(0);
      expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms);
      expect(result.exitCode).toBe(s.keptUp === 1 ? 0 : 1);
      expect(s.keptUp).toBe(s.requestsPerSecond >= 9.5 && s.p95Ms <= 3000 ? 1 : 0);
      expect(metricsOf(filters, s)).toEqual({
        Requests: s.requests,
        ErrorRate: 0,
        LatencyP50: s.p50Ms,
        LatencyP95: s.p95Ms,
        RequestsPerSecond: s.requestsPerSecond,
        KeptUp: s.keptUp,
      });
    }, 90_000);
  });
}
