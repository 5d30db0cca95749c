import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { HttpRequest, HttpResponse, request } from './http-client';
import { acceptsConnections, freePorts, listeningSockets, ListeningSocket, run, Server, tail, waitUntil } from './processes';

/** Where Debian's `wordpress` package installs WordPress. */
export const DEBIAN_WORDPRESS = '/usr/share/wordpress';
/** The Debian packages the harness runs (`.ci/run` installs them). */
export const DEBIAN_PACKAGES = ['php', 'php-fpm', 'php-mysql', 'mariadb-server', 'nginx', 'wordpress', 'wordpress-theme-twentytwentythree', 'openssl'];

/** The loopback address the TLS-terminating proxy connects to the backend from (its trusted CIDR is this /32). */
export const PROXY_ADDRESS = '127.0.0.2';
/** The host name viewers use; the public URLs are https://localhost:<port>. */
export const PUBLIC_HOST = 'localhost';

const STARTUP_TIMEOUT_MS = 30_000;

/** The programs the harness needs, found on this machine (undefined: missing). */
interface Programs {
  readonly mariadbd?: string;
  readonly mariadbInstallDb?: string;
  readonly mariadb?: string;
  readonly phpFpm?: string;
  readonly nginx?: string;
  readonly openssl?: string;
  readonly timeout?: string;
}

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

const PROGRAMS: Programs = {
  mariadbd: findProgram('mariadbd', 'mysqld'),
  mariadbInstallDb: findProgram('mariadb-install-db', 'mysql_install_db'),
  mariadb: findProgram('mariadb', 'mysql'),
  phpFpm: phpFpmBinary(),
  nginx: findProgram('nginx'),
  openssl: findProgram('openssl'),
  timeout: findProgram('timeout'),
};

/** What this machine lacks to run a real WordPress (empty when everything is there). */
export function missingPrerequisites(): string[] {
  const missing = Object.entries(PROGRAMS).filter(([, path]) => path === undefined).map(([name]) => `program ${name}`);
  if (!existsSync(join(DEBIAN_WORDPRESS, 'wp-settings.php'))) {
    missing.push(`WordPress in ${DEBIAN_WORDPRESS}`);
  }
  if (!existsSync(join(DEBIAN_WORDPRESS, 'wp-content/themes/twentytwentythree'))) {
    missing.push('the Twenty Twenty-Three theme');
  }
  if (PROGRAMS.phpFpm) {
    const modules = spawnSync(PROGRAMS.phpFpm, ['-m'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
    if (!/^mysqli$/m.test(modules)) {
      missing.push('the mysqli extension of PHP-FPM');
    }
  }
  if (process.platform !== 'linux') {
    missing.push('Linux (the harness reads /proc)');
  }
  return missing;
}

/** A WordPress site run with one environment: its PHP-FPM, its backend port and, when public, its proxy port. */
interface VariantPorts {
  readonly backend: number;
  readonly proxy?: number;
}

/** Database and credentials WordPress uses, created in MariaDB before WordPress starts. */
export interface DatabaseAccount {
  readonly name: string;
  readonly user: string;
  readonly password: string;
}

/**
 * A real WordPress (Debian's package) on loopback only, the way the container runs behind CloudFront/the ALB:
 *
 * - MariaDB with a self-signed certificate and `require_secure_transport=ON` (TLS over TCP, or the local socket);
 * - per variant, a PHP-FPM master whose process environment is the variant's (as the container's would be:
 *   `clear_env = no`, like the official image's FPM configuration), all serving one copy of WordPress whose
 *   wp-config.php is built from that environment (wp-config-from-env.php) and a test-only probe mu-plugin;
 * - an nginx backend speaking HTTP, one port per variant (the container port behind the ALB);
 * - an nginx TLS-terminating proxy standing in for CloudFront and the load balancer, one https port per public
 *   variant, connecting to the backend from 127.0.0.2 with what that chain sends: X-Forwarded-For with the client
 *   appended, `X-Forwarded-Proto: http` (the load balancer's HTTP listener) and `CloudFront-Forwarded-Proto: https`.
 *   It passes Host as the backend's own address (an origin request names the load balancer) and redirects unchanged.
 *
 * Every server runs in its own process group with a bounded lifetime; `stop()` ends them all.
 */
export class WordpressBehindProxy {
  /**
   * Pick free ports and a private directory, and start the slow preparation (certificate, MariaDB data directory,
   * copy of WordPress) in the background, so that it overlaps with synthesizing the stack.
   */
  public static async prepare(variants: string[], publicVariants: string[]): Promise<WordpressBehindProxy> {
    const ports = await freePorts(1 + variants.length + publicVariants.length);
    const byVariant: { [name: string]: VariantPorts } = {};
    variants.forEach((name, i) => {
      const p = publicVariants.indexOf(name);
      byVariant[name] = { backend: ports[1 + i], proxy: p < 0 ? undefined : ports[1 + variants.length + p] };
    });
    return new WordpressBehindProxy(mkdtempSync(join(tmpdir(), 'cfwp-realwp-')), ports[0], byVariant);
  }

  /** PEM of the self-signed certificate of the proxy (and of MariaDB); clients verify against it. */
  public certificatePem = '';
  private readonly servers: Server[] = [];
  private readonly groundwork: Promise<void>;
  private readonly asRoot = process.getuid?.() === 0;
  private readonly exitHandler: () => void;
  private stopped = false;
  private databaseName?: string;

  private constructor(
    /** The private directory holding data, configuration, sockets and logs. */
    public readonly dir: string,
    public readonly databasePort: number,
    private readonly ports: { [variant: string]: VariantPorts },
  ) {
    // Last resort when the test process exits without stop(): kill every server group at once.
    this.exitHandler = () => this.servers.forEach((server) => server.killNow());
    process.once('exit', this.exitHandler);
    this.groundwork = Promise.all([this.createCertificate(), this.initializeDatabase(), this.copyWordpress()]).then(() => undefined);
    this.groundwork.catch(() => undefined); // reported by start()
  }

  /** `WORDPRESS_DB_HOST` for MariaDB over TCP, where it requires TLS. */
  public get databaseTcpHost(): string {
    return `127.0.0.1:${this.databasePort}`;
  }

  /** `WORDPRESS_DB_HOST` for MariaDB over its local socket, which `require_secure_transport` accepts without TLS. */
  public get databaseSocketHost(): string {
    return `localhost:${this.path('mysqld.sock')}`;
  }

  /** https URL through the proxy of a public variant. */
  public publicUrl(variant: string): string {
    const port = this.ports[variant]?.proxy;
    if (port === undefined) {
      throw new Error(`variant ${variant} has no proxy`);
    }
    return `https://${PUBLIC_HOST}:${port}`;
  }

  /** http URL of a variant's backend (what the ALB's target group reaches). */
  public backendUrl(variant: string): string {
    const port = this.ports[variant]?.backend;
    if (port === undefined) {
      throw new Error(`unknown variant ${variant}`);
    }
    return `http://127.0.0.1:${port}`;
  }

  /** Every port the harness's servers should listen on, all on 127.0.0.1. */
  public get expectedPorts(): number[] {
    return [this.databasePort, ...Object.values(this.ports).flatMap((p) => (p.proxy === undefined ? [p.backend] : [p.backend, p.proxy]))];
  }

  /**
   * Start everything: MariaDB (then create the database and the account), one PHP-FPM per variant with that
   * variant's environment, the nginx backend and the nginx proxy. Resolves when all of them accept connections.
   */
  public async start(environments: { [variant: string]: { [name: string]: string } }, account: DatabaseAccount): Promise<void> {
    if (Object.keys(environments).sort().join() !== Object.keys(this.ports).sort().join()) {
      throw new Error(`environments for ${Object.keys(environments)} but variants ${Object.keys(this.ports)}`);
    }
    await this.groundwork;
    await this.startDatabase();
    await this.createDatabase(account);
    await Promise.all(Object.entries(environments).map(([variant, env]) => this.startPhpFpm(variant, env)));
    await Promise.all([this.startNginx('backend', this.backendConfig()), this.startNginx('proxy', this.proxyConfig())]);
  }

  /** Run SQL as MariaDB's root over the local socket, in WordPress's database once created; tab-separated rows without header. */
  public sql(statements: string): Promise<string> {
    return run(PROGRAMS.mariadb!, ['--no-defaults', `--socket=${this.path('mysqld.sock')}`, '--user=root', '--batch', '--skip-column-names',
      ...(this.databaseName ? [`--database=${this.databaseName}`] : [])], { input: statements, timeoutMs: 15_000 });
  }

  /** A request to one of the harness's URLs, trusting the harness's certificate. */
  public request(req: HttpRequest): Promise<HttpResponse> {
    return request({ ca: this.certificatePem, ...req });
  }

  /** TCP sockets in LISTEN state held by any process the harness started. */
  public listeningSockets(): ListeningSocket[] {
    return listeningSockets(this.servers.flatMap((s) => s.groupPids()));
  }

  /** Process ids (process groups) of the running servers, by name. */
  public runningServers(): { [name: string]: number } {
    return Object.fromEntries(this.servers.filter((s) => s.running).map((s) => [s.name, s.pid]));
  }

  /** The last lines of every log, for failure messages. */
  public logs(lines = 15): string {
    return this.servers.map((s) => `--- ${s.name} (${s.logFile})\n${s.logTail(lines)}`).join('\n');
  }

  /** Stop MariaDB alone (WordPress keeps running), as when the database is paused or unreachable. */
  public async stopDatabase(): Promise<void> {
    await Promise.all(this.servers.filter((s) => s.name === 'mariadb').map((s) => s.stop(20_000)));
  }

  /** Stop every server (proxy first, database last) and delete the private directory unless CFWP_KEEP_TMP is set. */
  public async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    await this.groundwork.catch(() => undefined); // let the preparation's own programs finish (bounded by their timeouts)
    const order = [...this.servers].reverse();
    const database = order.filter((s) => s.name === 'mariadb');
    await Promise.all(order.filter((s) => s.name !== 'mariadb').map((s) => s.stop()));
    await Promise.all(database.map((s) => s.stop(20_000)));
    process.removeListener('exit', this.exitHandler);
    if (!process.env.CFWP_KEEP_TMP) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  // ------------------------------------------------------------------ preparation

  private path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  private async createCertificate(): Promise<void> {
    // One self-signed certificate for the proxy (localhost) and for MariaDB. EC keys: generated in milliseconds.
    await run(PROGRAMS.openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', this.path('tls.key'), '-out', this.path('tls.crt'), '-days', '1', '-subj', `/CN=${PUBLIC_HOST}`,
      '-addext', `subjectAltName=DNS:${PUBLIC_HOST},IP:127.0.0.1`]);
    this.certificatePem = readFileSync(this.path('tls.crt'), 'utf8');
  }

  private async initializeDatabase(): Promise<void> {
    await run(PROGRAMS.mariadbInstallDb!, ['--no-defaults', `--datadir=${this.path('mysql')}`, '--auth-root-authentication-method=normal',
      '--skip-test-db', ...(this.asRoot ? ['--user=root'] : [])], { timeoutMs: 60_000 });
  }

  private async copyWordpress(): Promise<void> {
    // A copy, not symlinks: WordPress finds wp-config.php next to its own files (PHP resolves symlinks in __DIR__).
    await run('cp', ['-a', DEBIAN_WORDPRESS, this.path('wordpress')], { timeoutMs: 30_000 });
    rmSync(this.path('wordpress', '.htaccess'), { force: true });
    copyFileSync(join(__dirname, 'wp-config-from-env.php'), this.path('wordpress', 'wp-config.php'));
    mkdirSync(this.path('wordpress', 'wp-content', 'mu-plugins'), { recursive: true });
    copyFileSync(join(__dirname, 'probe-mu-plugin.php'), this.path('wordpress', 'wp-content', 'mu-plugins', 'cfwp-probe.php'));
  }

  // ------------------------------------------------------------------ servers

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
      '--innodb-buffer-pool-size=64M',
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

  private async createDatabase(account: DatabaseAccount): Promise<void> {
    for (const [what, value] of Object.entries(account)) {
      if (!/^[A-Za-z0-9_]+$/.test(value)) {
        throw new Error(`database ${what} must be letters, digits and _ only, got ${JSON.stringify(value)}`);
      }
    }
    const { name, user, password } = account;
    await this.sql([
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4;`,
      ...['127.0.0.1', 'localhost'].flatMap((host) => [
        `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}';`,
        `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'${host}';`,
      ]),
    ].join('\n'));
    this.databaseName = name;
  }

  private async startPhpFpm(variant: string, env: { [name: string]: string }): Promise<void> {
    const socket = this.path(`fpm-${variant}.sock`);
    const config = this.path(`fpm-${variant}.conf`);
    writeFileSync(config, [
      '[global]',
      `pid = ${this.path(`fpm-${variant}.pid`)}`,
      `error_log = ${this.path(`fpm-${variant}.log`)}`,
      'daemonize = no',
      '',
      '[wordpress]',
      ...(this.asRoot ? ['user = root', 'group = root'] : []),
      `listen = ${socket}`,
      'listen.mode = 0600',
      'pm = static',
      'pm.max_children = 2',
      // The container's environment reaches PHP (getenv), as in the official image's FPM configuration.
      'clear_env = no',
      'catch_workers_output = yes',
      'request_terminate_timeout = 30s',
      `php_admin_value[error_log] = ${this.path(`php-${variant}.log`)}`,
      'php_admin_flag[log_errors] = on',
      'php_admin_flag[display_errors] = off',
      // No mail leaves the test (WordPress mails the admin on install).
      'php_admin_value[sendmail_path] = /bin/false',
      '',
    ].join('\n'));
    const server = this.track(Server.start(`php-fpm ${variant}`, PROGRAMS.phpFpm!,
      ['--nodaemonize', `--fpm-config=${config}`, ...(this.asRoot ? ['--allow-to-run-as-root'] : [])],
      this.path(`fpm-${variant}.out.log`),
      // The variant's environment only, like a container's: nothing of the test runner leaks in.
      { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }));
    await waitUntil(`PHP-FPM (${variant}) to listen`, () => existsSync(socket), STARTUP_TIMEOUT_MS, server);
  }

  private async startNginx(name: 'backend' | 'proxy', servers: string[]): Promise<void> {
    const prefix = this.path(`nginx-${name}`);
    mkdirSync(prefix, { recursive: true });
    const config = this.path(`nginx-${name}.conf`);
    writeFileSync(config, [
      'daemon off;',
      'worker_processes 1;',
      ...(this.asRoot ? ['user root;'] : []),
      `pid ${prefix}/nginx.pid;`,
      `error_log ${this.path(`nginx-${name}.log`)} notice;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${this.path(`nginx-${name}.access.log`)};`,
      '  server_tokens off;',
      '  client_max_body_size 8m;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
      ...servers,
      '}',
      '',
    ].join('\n'));
    const server = this.track(Server.start(`nginx ${name}`, PROGRAMS.nginx!, ['-p', `${prefix}/`, '-c', config, '-e', this.path(`nginx-${name}.log`)],
      this.path(`nginx-${name}.out.log`)));
    const ports = Object.values(this.ports).flatMap((p) => (name === 'backend' ? [p.backend] : p.proxy === undefined ? [] : [p.proxy]));
    await waitUntil(`nginx ${name} to listen on ${ports.join(', ')}`,
      async () => (await Promise.all(ports.map(acceptsConnections))).every(Boolean), STARTUP_TIMEOUT_MS, server);
  }

  /** The container's web server: plain HTTP, WordPress through PHP-FPM. */
  private backendConfig(): string[] {
    return Object.entries(this.ports).map(([variant, p]) => `
  server {
    listen 127.0.0.1:${p.backend};
    server_name _;
    root ${this.path('wordpress')};
    index index.php;
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ \\.php$ {
      try_files $uri =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_pass unix:${this.path(`fpm-${variant}.sock`)};
      fastcgi_connect_timeout 5s;
      fastcgi_read_timeout 30s;
    }
  }`);
  }

  /**
   * CloudFront in front of the load balancer: the viewer's TLS ends here; the backend gets HTTP from 127.0.0.2 with the
   * headers that chain delivers. The load balancer's HTTP listener sets X-Forwarded-Proto to the protocol of its own
   * listener (http); the viewer's protocol arrives in CloudFront-Forwarded-Proto; X-Forwarded-For gets the client appended.
   */
  private proxyConfig(): string[] {
    return Object.values(this.ports).filter((p) => p.proxy !== undefined).map((p) => `
  server {
    listen 127.0.0.1:${p.proxy} ssl;
    server_name ${PUBLIC_HOST};
    ssl_certificate ${this.path('tls.crt')};
    ssl_certificate_key ${this.path('tls.key')};
    location / {
      proxy_pass http://127.0.0.1:${p.backend};
      proxy_bind ${PROXY_ADDRESS};
      proxy_redirect off;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto http;
      proxy_set_header CloudFront-Forwarded-Proto https;
      proxy_connect_timeout 5s;
      proxy_read_timeout 30s;
    }
  }`);
  }

  private track(server: Server): Server {
    this.servers.push(server);
    if (this.stopped) { // stop() ran while start() was still on its way (e.g. a timed-out beforeAll)
      server.killNow();
      throw new Error(`${server.name} started after the harness was stopped; killed it`);
    }
    return server;
  }
}
