import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, dirname, join } from 'path';
import { cpuTicks, descendants, parentPid, statusKiB } from './stats';
import { acceptsConnections, freePorts, run, Server, tail, waitUntil } from '../../test/wordpress/proxy-harness/processes';
import { DEBIAN_WORDPRESS } from '../../test/wordpress/proxy-harness/wordpress-behind-proxy';

/** The repository's root: the runner runs bundled in .examples/ (or from its sources); the PHP files stay in place. */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, '.projenrc.ts'))) {
      return dir;
    }
  }
  throw new Error(`cannot find the repository root (.projenrc.ts) above ${__dirname}`);
}
/** The real-WordPress harness's PHP files (the image-like wp-config.php and the offline mu-plugin), reused as they are. */
const HARNESS_DIR = join(repositoryRoot(), 'test', 'wordpress', 'proxy-harness');
/** This benchmark's PHP files. */
const BENCH_DIR = join(repositoryRoot(), 'bench', 'throughput');
/** The PHP script that installs WordPress and seeds its content. */
export const SEED_PHP = join(BENCH_DIR, 'seed.php');

const STARTUP_TIMEOUT_MS = 30_000;

function findProgram(...names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const name of names) {
    for (const dir of dirs) {
      if (dir && existsSync(join(dir, name))) {
        return join(dir, name);
      }
    }
  }
  return undefined;
}

/** PHP-FPM of the newest PHP (php-fpm8.2 on Debian 12). */
function phpFpmBinary(): string | undefined {
  const versioned = ['/usr/sbin', '/usr/local/sbin'].flatMap((dir) => {
    try {
      return readdirSync(dir).filter((f) => /^php-fpm\d+\.\d+$/.test(f)).sort().reverse().map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
  return versioned[0] ?? findProgram('php-fpm');
}

/** The programs the benchmark runs. */
export const PROGRAMS = {
  mariadbd: findProgram('mariadbd', 'mysqld'),
  mariadbInstallDb: findProgram('mariadb-install-db', 'mysql_install_db'),
  mariadb: findProgram('mariadb', 'mysql'),
  phpFpm: phpFpmBinary(),
  php: findProgram('php'),
  nginx: findProgram('nginx'),
  openssl: findProgram('openssl'),
};

/** What the benchmark lacks on this machine, beyond what the real-WordPress test needs (empty: nothing). */
export function missingBenchPrograms(): string[] {
  const missing = Object.entries(PROGRAMS).filter(([, path]) => path === undefined).map(([name]) => `program ${name}`);
  for (const file of [join(HARNESS_DIR, 'wp-config-from-env.php'), join(HARNESS_DIR, 'probe-mu-plugin.php'), SEED_PHP]) {
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
 * pieces (its process helpers, its wp-config.php and its offline mu-plugin); it differs from that harness in what a
 * benchmark needs: a chosen worker count, no TLS proxy in front (the load balancer talks HTTP to the task), and
 * the CPU time of each server group. Every server runs under `timeout` (a bounded lifetime) in its own process group.
 */
export class BenchSite {
  public static async create(): Promise<BenchSite> {
    const [databasePort, backendPort] = await freePorts(2);
    return new BenchSite(mkdtempSync(join(tmpdir(), 'cfwp-bench-')), databasePort, backendPort);
  }

  private readonly servers: Server[] = [];
  private phpFpm?: Server;
  private readonly asRoot = process.getuid?.() === 0;
  private readonly exitHandler: () => void;
  private environment: { [name: string]: string } = {};

  private constructor(public readonly dir: string, public readonly databasePort: number, public readonly backendPort: number) {
    // Last resort when the runner exits without stop(): kill every server and what it forked, at once.
    this.exitHandler = () => {
      const pids = this.allPids();
      this.servers.forEach((s) => s.killNow());
      killAll(pids);
    };
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
    await Promise.all([this.createCertificate(), this.initializeDatabase(), this.copyWordpress()]);
    await this.startDatabase();
    await this.sql([
      `CREATE DATABASE \`${DATABASE.name}\` CHARACTER SET utf8mb4;`,
      ...['127.0.0.1', 'localhost'].flatMap((host) => [
        `CREATE USER '${DATABASE.user}'@'${host}' IDENTIFIED BY '${DATABASE.password}';`,
        `GRANT ALL PRIVILEGES ON \`${DATABASE.name}\`.* TO '${DATABASE.user}'@'${host}';`,
      ]),
    ].join('\n'));
    await this.startPhpFpm(workers);
    await this.startNginx();
  }

  /** Stop PHP-FPM and start it again with another number of workers. */
  public async restartPhpFpm(workers: number): Promise<void> {
    const pids = this.phpFpm?.running ? identify(processTree(this.phpFpm.pid)) : new Map<number, string>();
    await this.phpFpm?.stop();
    killAll(pids);
    await this.startPhpFpm(workers);
  }

  /** Run the PHP command line with WordPress's environment (the same as PHP-FPM's), in the copy of WordPress. */
  public php(args: string[], timeoutMs = 60_000): Promise<string> {
    return run(PROGRAMS.php!, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.environment }, timeoutMs });
  }

  /** Run SQL as MariaDB's root over the local socket. */
  public sql(statements: string): Promise<string> {
    return run(PROGRAMS.mariadb!, ['--no-defaults', `--socket=${this.path('mysqld.sock')}`, '--user=root', '--batch', '--skip-column-names'],
      { input: statements, timeoutMs: 15_000 });
  }

  /** Path of the copy of WordPress (the document root). */
  public get wordpressDir(): string {
    return this.path('wordpress');
  }

  /** CPU ticks (user + system) used so far by the processes now alive in a server's group ('php-fpm', 'mariadb', 'nginx'). */
  public cpuTicks(name: string): number {
    const server = this.servers.find((s) => s.name === name && s.running);
    if (!server) {
      throw new Error(`no running server ${name}`);
    }
    let ticks = 0;
    for (const pid of processTree(server.pid)) {
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
    const pids = this.allPids();
    const others = this.servers.filter((s) => s.name !== 'mariadb');
    await Promise.all(others.map((s) => s.stop()));
    await Promise.all(this.servers.filter((s) => s.name === 'mariadb').map((s) => s.stop(20_000)));
    killAll(pids); // whatever outlived its server (a PHP-FPM worker, in its own session)
    process.removeListener('exit', this.exitHandler);
    if (!process.env.CFWP_KEEP_TMP) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** Every process the benchmark's servers run now (their process trees). */
  private allPids(): Map<number, string> {
    return identify(this.servers.flatMap((s) => (s.running ? processTree(s.pid) : [])));
  }

  private path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  private async createCertificate(): Promise<void> {
    await run(PROGRAMS.openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', this.path('tls.key'), '-out', this.path('tls.crt'), '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  }

  private async initializeDatabase(): Promise<void> {
    await run(PROGRAMS.mariadbInstallDb!, ['--no-defaults', `--datadir=${this.path('mysql')}`, '--auth-root-authentication-method=normal',
      '--skip-test-db', ...(this.asRoot ? ['--user=root'] : [])], { timeoutMs: 60_000 });
  }

  private async copyWordpress(): Promise<void> {
    await run('cp', ['-a', DEBIAN_WORDPRESS, this.path('wordpress')], { timeoutMs: 30_000 });
    rmSync(this.path('wordpress', '.htaccess'), { force: true });
    rmSync(this.path('wordpress', 'wp-config.php'), { force: true });
    copyFileSync(join(HARNESS_DIR, 'wp-config-from-env.php'), this.path('wordpress', 'wp-config.php'));
    mkdirSync(this.path('wordpress', 'wp-content', 'mu-plugins'), { recursive: true });
    // No outgoing HTTP (update checks, cron spawning): the machine has no internet and WordPress must not wait on it.
    copyFileSync(join(HARNESS_DIR, 'probe-mu-plugin.php'), this.path('wordpress', 'wp-content', 'mu-plugins', 'cfwp-probe.php'));
    // What the running PHP-FPM has for opcache (not the command line's php.ini).
    copyFileSync(join(BENCH_DIR, 'opcache-status.php'), this.path('wordpress', 'cfwp-opcache-status.php'));
  }

  private async startDatabase(): Promise<void> {
    const server = this.track(Server.start('mariadb', PROGRAMS.mariadbd!, [
      '--no-defaults',
      `--datadir=${this.path('mysql')}`,
      `--socket=${this.path('mysqld.sock')}`,
      `--pid-file=${this.path('mysqld.pid')}`,
      `--log-error=${this.path('mariadb.log')}`,
      `--tmpdir=${this.dir}`,
      '--bind-address=127.0.0.1',
      `--port=${this.databasePort}`,
      '--skip-name-resolve',
      '--skip-log-bin',
      // The whole database fits in memory, as a warm Aurora's buffer pool would hold a site this size.
      '--innodb-buffer-pool-size=128M',
      '--character-set-server=utf8mb4',
      `--ssl-cert=${this.path('tls.crt')}`,
      `--ssl-key=${this.path('tls.key')}`,
      '--require-secure-transport=ON',
      ...(this.asRoot ? ['--user=root'] : []),
    ], this.path('mariadb.out.log')));
    await waitUntil('MariaDB to accept connections', async () =>
      existsSync(this.path('mysqld.sock')) && acceptsConnections(this.databasePort), STARTUP_TIMEOUT_MS, server)
      .catch((e) => { throw new Error(`${e.message}\n${tail(this.path('mariadb.log'), 20)}`); });
  }

  private async startPhpFpm(workers: number): Promise<void> {
    if (this.phpFpm?.running) {
      throw new Error('PHP-FPM is already running');
    }
    const socket = this.path('fpm.sock');
    rmSync(socket, { force: true });
    const config = this.path('fpm.conf');
    writeFileSync(config, [
      '[global]',
      `pid = ${this.path('fpm.pid')}`,
      `error_log = ${this.path('fpm.log')}`,
      'daemonize = no',
      '',
      '[wordpress]',
      ...(this.asRoot ? ['user = root', 'group = root'] : []),
      `listen = ${socket}`,
      'listen.mode = 0600',
      // A known number of workers, all started up front: the benchmark's concurrency equals it.
      'pm = static',
      `pm.max_children = ${workers}`,
      'clear_env = no',
      'catch_workers_output = yes',
      'request_terminate_timeout = 30s',
      `php_admin_value[error_log] = ${this.path('php.log')}`,
      'php_admin_flag[log_errors] = on',
      'php_admin_flag[display_errors] = off',
      'php_admin_value[sendmail_path] = /bin/false',
      '',
    ].join('\n'));
    const server = this.track(Server.start('php-fpm', PROGRAMS.phpFpm!,
      ['--nodaemonize', `--fpm-config=${config}`, ...(this.asRoot ? ['--allow-to-run-as-root'] : [])],
      this.path('fpm.out.log'),
      { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.environment }));
    this.phpFpm = server;
    await waitUntil('PHP-FPM to listen', () => existsSync(socket), STARTUP_TIMEOUT_MS, server);
  }

  private async startNginx(): Promise<void> {
    const prefix = this.path('nginx');
    mkdirSync(prefix, { recursive: true });
    const config = this.path('nginx.conf');
    writeFileSync(config, [
      'daemon off;',
      'worker_processes 1;',
      ...(this.asRoot ? ['user root;'] : []),
      `pid ${prefix}/nginx.pid;`,
      `error_log ${this.path('nginx.log')} notice;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      '  server_tokens off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
      '  server {',
      `    listen 127.0.0.1:${this.backendPort};`,
      '    server_name _;',
      `    root ${this.path('wordpress')};`,
      '    index index.php;',
      '    location / { try_files $uri $uri/ /index.php?$args; }',
      '    location ~ \\.php$ {',
      '      try_files $uri =404;',
      '      include /etc/nginx/fastcgi_params;',
      '      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
      `      fastcgi_pass unix:${this.path('fpm.sock')};`,
      '      fastcgi_connect_timeout 5s;',
      '      fastcgi_read_timeout 30s;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'));
    const server = this.track(Server.start('nginx', PROGRAMS.nginx!, ['-p', `${prefix}/`, '-c', config, '-e', this.path('nginx.log')],
      this.path('nginx.out.log')));
    await waitUntil(`nginx to listen on ${this.backendPort}`, () => acceptsConnections(this.backendPort), STARTUP_TIMEOUT_MS, server);
  }

  private track(server: Server): Server {
    this.servers.push(server);
    return server;
  }
}

/** A process and its descendants, read from /proc. */
function processTree(root: number): number[] {
  const parents = processParents();
  return descendants(root, parents).filter((pid) => parents.has(pid));
}

/** Process id to parent process id, for every process now in /proc. */
function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      try {
        parents.set(Number(entry), parentPid(readFileSync(`/proc/${entry}/stat`, 'utf8')));
      } catch {
        // ended while we looked
      }
    }
  }
  return parents;
}

/** Process ids with their start times (field 22 of /proc/<pid>/stat), so that a reused process id is never killed. */
function identify(pids: number[]): Map<number, string> {
  return new Map(pids.flatMap((pid) => {
    const start = startTime(pid);
    return start === undefined ? [] : [[pid, start] as [number, string]];
  }));
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/)[19];
  } catch {
    return undefined;
  }
}

/** SIGKILL the processes still alive with the same start time. */
function killAll(pids: Map<number, string>): void {
  for (const [pid, start] of pids) {
    if (startTime(pid) === start) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
