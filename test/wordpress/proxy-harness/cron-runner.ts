import { execFile } from 'child_process';
import { copyFileSync, existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { harnessFile } from './servers';

/** What a run of `php wp-cron.php` did. */
export interface CronRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Install the cron probe mu-plugin (cron-probe-mu-plugin.php) into the harness's WordPress in `dir`. */
export function installCronProbe(dir: string): void {
  copyFileSync(harnessFile('cron-probe-mu-plugin.php'), join(dir, 'wordpress', 'wp-content', 'mu-plugins', 'cfwp-cron-probe.php'));
}

/**
 * Run `php wp-cron.php` from the command line in the harness's WordPress, with exactly `environment` (the container's),
 * as the scheduled cron task runs it after the image's entrypoint has written wp-config.php. Bounded by a timeout.
 */
export function runWpCron(dir: string, environment: { [name: string]: string }, timeoutMs = 60_000): Promise<CronRun> {
  const root = join(dir, 'wordpress');
  return new Promise((resolve) => {
    const child = execFile('php', [join(root, 'wp-cron.php')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...environment },
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
      resolve({ exitCode: code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** Requests for wp-cron.php in the harness's nginx access logs (backend and proxy). */
export function wpCronRequests(dir: string): string[] {
  return ['nginx-backend.access.log', 'nginx-proxy.access.log']
    .map((name) => join(dir, name))
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.includes('wp-cron.php'));
}
