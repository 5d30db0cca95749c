/**
 * The real-WordPress harness's process handling (test/wordpress/proxy-harness/processes.ts): a server that leaves the
 * process group of its `timeout` wrapper with setsid(), as PHP-FPM's master does, is still stopped.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Server, waitUntil } from './proxy-harness/processes';

const SETSID = ['/usr/bin/setsid', '/bin/setsid'].find(existsSync);
const linux = process.platform === 'linux' && SETSID !== undefined;

/** The processes below `root` by parentage, read with ps (independently of the code under test). */
function below(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const children = rows.filter(([, ppid]) => queue.includes(ppid)).map(([pid]) => pid);
    found.push(...children);
    queue = children;
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

(linux ? describe : describe.skip)('Server reaches a process in its own session (setsid, like the PHP-FPM master)', () => {
  let dir: string;
  const started: number[] = [];
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cfwp-processes-')); });
  afterEach(() => {
    started.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')); // what a failing test left (bounded: sleep 300)
    rmSync(dir, { recursive: true, force: true });
  });

  /** A server whose program calls setsid() and forks a worker, then waits: master and worker outside the group. */
  async function startDetachedServer(): Promise<{ server: Server; detached: number[] }> {
    // `setsid` is not a group leader under `timeout`, so it calls setsid() and execs sh in place (no fork).
    const server = Server.start('detached', SETSID!, ['sh', '-c', 'sleep 300 & wait'], join(dir, 'out.log'));
    let detached: number[] = [];
    await waitUntil('the detached master and its worker', () => {
      detached = below(server.pid);
      started.push(...detached);
      return detached.length >= 2;
    }, 10_000, server);
    // the master (sh) left the wrapper's process group
    expect(execFileSync('ps', ['-o', 'pgid=', '-p', String(detached[0])], { encoding: 'utf8' }).trim()).not.toBe(String(server.pid));
    return { server, detached };
  }

  test('killNow() kills the master and the worker that left the group', async () => {
    // GIVEN
    const { server, detached } = await startDetachedServer();
    // WHEN
    server.killNow();
    // THEN
    await waitUntil('the detached processes to end', () => detached.every((pid) => !alive(pid)), 5_000)
      .catch(() => { throw new Error(`still alive after killNow(): ${detached.filter(alive)}`); });
  });

  test('stop() ends them too, even when the wrapper exits first', async () => {
    // GIVEN
    const { server, detached } = await startDetachedServer();
    // WHEN
    await server.stop(1_000);
    // THEN
    await waitUntil('the detached processes to end', () => detached.every((pid) => !alive(pid)), 5_000)
      .catch(() => { throw new Error(`still alive after stop(): ${detached.filter(alive)}`); });
    expect(server.running).toBe(false);
  });
});
