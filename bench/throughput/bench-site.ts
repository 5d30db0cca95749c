import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { cpuTicks, statusKiB } from './stats';
import { descendants, freePorts, processParents, run, Server, tail } from '../../test/wordpress/proxy-harness/processes';
import {
  copyWordpress, createCertificate, createDatabase, harnessFile, initializeDatabase, mariadbSql, missingPrograms, phpFpmSocket, PROGRAMS,
  repositoryFile, startMariadb, startNginx, startPhpFpm, wordpressServerBlock,
} from '../../test/wordpress/proxy-harness/servers';

export { PROGRAMS };

/** This benchmark's PHP files. */
const BENCH_DIR = repositoryFile('bench', 'throughput');
/** The PHP script that installs WordPress and seeds its content. */
export const SEED_PHP = join(BENCH_DIR, 'seed.php');

/** What the benchmark lacks on this machine, beyond what the real-WordPress test needs (empty: nothing). */
export function missingBenchPrograms(): string[] {
  const missing = missingPrograms(['mariadbd', 'mariadbInstallDb', 'mariadb', 'phpFpm', 'php', 'nginx', 'openssl']);
  for (const file of [harnessFile('wp-config-from-env.php'), harnessFile('probe-mu-plugin.php'), SEED_PHP]) {
    if (!existsSync(file)) {
      missing.push(file);
    }
  }
  return missing;
}

/** Database and account WordPress uses. */
export const DATABASE = { name: 'wordpress', user: 'wordpress', password: 'bench_only_password_on_loopback' };

/**
 * A WordPress for the throughput benchmark, on loopback only: MariaDB (TLS required on TCP, as Aurora is reached
 * over TLS), one PHP-FPM pool with a fixed number of workers (`pm = static`, restartable with another count) and an
 * nginx backend speaking HTTP like the container behind the load balancer. Built from the real-WordPress harness's
 * pieces (its servers.ts and processes.ts, its wp-config.php and its offline mu-plugin); it differs from that harness in
 * what a benchmark needs: a chosen worker count, a buffer pool that holds the whole site, no TLS proxy in front (the load
 * balancer talks HTTP to the task), and the CPU time of each server. Every server runs under `timeout` (a bounded
 * lifetime); Server stops it with every process it runs, PHP-FPM's workers included.
 */
export class BenchSite {
  public static async create(): Promise<BenchSite> {
    const [databasePort, backendPort] = await freePorts(2);
    return new BenchSite(mkdtempSync(join(tmpdir(), 'cfwp-bench-')), databasePort, backendPort);
  }

  private readonly servers: Server[] = [];
  private phpFpm?: Server;
  private readonly exitHandler: () => void;
  private environment: { [name: string]: string } = {};

  private constructor(public readonly dir: string, public readonly databasePort: number, public readonly backendPort: number) {
    // Last resort when the runner exits without stop(): kill every server and what it forked, at once.
    this.exitHandler = () => this.servers.forEach((s) => s.killNow());
    process.once('exit', this.exitHandler);
  }

  /** http URL of the backend (what the load balancer's target group reaches). */
  public get backendUrl(): string {
    return `http://127.0.0.1:${this.backendPort}`;
  }

  /** `WORDPRESS_DB_HOST` for MariaDB over TCP (TLS required). */
  public get databaseTcpHost(): string {
    return `127.0.0.1:${this.databasePort}`;
  }

  /** Prepare and start MariaDB, create the database, copy WordPress; then PHP-FPM with `workers` and nginx. */
  public async start(environment: { [name: string]: string }, workers: number): Promise<void> {
    this.environment = environment;
    await Promise.all([createCertificate(this.dir), initializeDatabase(this.dir), this.copyWordpress()]);
    // The whole database fits in memory, as a warm Aurora's buffer pool would hold a site this size.
    await startMariadb(this.dir, { port: this.databasePort, bufferPoolSize: '128M' }, (server) => this.track(server));
    await createDatabase(this.dir, DATABASE);
    await this.startPhpFpm(workers);
    await startNginx(this.dir, {
      servers: [wordpressServerBlock(this.backendPort, this.wordpressDir, phpFpmSocket(this.dir))],
      ports: [this.backendPort],
      accessLog: false,
    }, (server) => this.track(server));
  }

  /** Stop PHP-FPM and start it again with another number of workers. */
  public async restartPhpFpm(workers: number): Promise<void> {
    await this.phpFpm?.stop();
    await this.startPhpFpm(workers);
  }

  /** Run the PHP command line with WordPress's environment (the same as PHP-FPM's), in the copy of WordPress. */
  public php(args: string[], timeoutMs = 60_000): Promise<string> {
    return run(PROGRAMS.php!, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.environment }, timeoutMs });
  }

  /** Run SQL as MariaDB's root over the local socket. */
  public sql(statements: string): Promise<string> {
    return mariadbSql(this.dir, statements);
  }

  /** Path of the copy of WordPress (the document root). */
  public get wordpressDir(): string {
    return this.path('wordpress');
  }

  /** CPU ticks (user + system) used so far by the processes a server runs now ('php-fpm', 'mariadb', 'nginx'). */
  public cpuTicks(name: string): number {
    const server = this.servers.find((s) => s.name === name && s.running);
    if (!server) {
      throw new Error(`no running server ${name}`);
    }
    let ticks = 0;
    for (const pid of server.pids()) {
      try {
        ticks += cpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        // ended while we looked
      }
    }
    return ticks;
  }

  /**
   * Resident memory of each PHP-FPM worker (the master's children), in KiB: all of it, and its private (anonymous)
   * part, which is what each additional worker costs (code and opcache's shared memory are shared).
   */
  public phpWorkerMemoryKiB(): Array<{ rss: number; anonymous: number }> {
    if (!this.phpFpm?.running) {
      throw new Error('PHP-FPM is not running');
    }
    const parents = processParents();
    const tree = descendants(this.phpFpm.pid, parents);
    const masters = tree.filter((pid) => parents.get(pid) === this.phpFpm!.pid);
    return tree.filter((pid) => masters.includes(parents.get(pid) ?? -1)).flatMap((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return [{ rss: statusKiB(status, 'VmRSS') ?? NaN, anonymous: statusKiB(status, 'RssAnon') ?? NaN }];
      } catch {
        return [];
      }
    });
  }

  /** The last lines of every log, for failure messages. */
  public logs(lines = 15): string {
    const files = ['mariadb.log', 'fpm.log', 'php.log', 'nginx.log'].map((f) => `--- ${f}\n${tail(this.path(f), lines)}`);
    return [...this.servers.map((s) => `--- ${s.name} (${s.logFile})\n${s.logTail(lines)}`), ...files].join('\n');
  }

  /** Stop every server (database last) and delete the private directory unless CFWP_KEEP_TMP is set. */
  public async stop(): Promise<void> {
    const others = this.servers.filter((s) => s.name !== 'mariadb');
    await Promise.all(others.map((s) => s.stop()));
    await Promise.all(this.servers.filter((s) => s.name === 'mariadb').map((s) => s.stop(20_000)));
    process.removeListener('exit', this.exitHandler);
    if (!process.env.CFWP_KEEP_TMP) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  private async copyWordpress(): Promise<void> {
    const root = await copyWordpress(this.dir);
    // What the running PHP-FPM has for opcache (not the command line's php.ini).
    copyFileSync(join(BENCH_DIR, 'opcache-status.php'), join(root, 'cfwp-opcache-status.php'));
  }

  private async startPhpFpm(workers: number): Promise<void> {
    if (this.phpFpm?.running) {
      throw new Error('PHP-FPM is already running');
    }
    // A known number of workers, all started up front: the benchmark's concurrency equals it.
    this.phpFpm = await startPhpFpm(this.dir, { workers, env: this.environment }, (server) => this.track(server));
  }

  private track(server: Server): Server {
    this.servers.push(server);
    return server;
  }
}
