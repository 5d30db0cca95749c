import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HttpRequest, HttpResponse, request } from './http-client';
import { freePorts, listeningSockets, ListeningSocket, Server } from './processes';
import {
  CERTIFICATE_HOST, copyWordpress, createCertificate, createDatabase, DatabaseAccount, DEBIAN_WORDPRESS, initializeDatabase, mariadbSocket,
  mariadbSql, missingPrograms, phpFpmSocket, PROGRAMS, startMariadb, startNginx, startPhpFpm, wordpressServerBlock,
} from './servers';

export { DEBIAN_WORDPRESS };
export type { DatabaseAccount };

/** The Debian packages the harness runs (`.ci/run` installs them). */
export const DEBIAN_PACKAGES = ['php', 'php-fpm', 'php-mysql', 'mariadb-server', 'nginx', 'wordpress', 'wordpress-theme-twentytwentythree', 'openssl'];

/** The loopback address the TLS-terminating proxy connects to the backend from (its trusted CIDR is this /32). */
export const PROXY_ADDRESS = '127.0.0.2';
/** The host name viewers use; the public URLs are https://localhost:<port>. */
export const PUBLIC_HOST = CERTIFICATE_HOST;

/** What this machine lacks to run a real WordPress (empty when everything is there). */
export function missingPrerequisites(): string[] {
  const missing = missingPrograms(['mariadbd', 'mariadbInstallDb', 'mariadb', 'phpFpm', 'nginx', 'openssl', 'timeout']);
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
 * Every server runs under `timeout` (a bounded lifetime) in its own process group; `stop()` ends them all with every
 * process they run, and so does an exit handler when the test process exits without `stop()` (processes.ts).
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
    this.groundwork = Promise.all([
      createCertificate(dir).then((pem) => { this.certificatePem = pem; }),
      initializeDatabase(dir),
      copyWordpress(dir),
    ]).then(() => undefined);
    this.groundwork.catch(() => undefined); // reported by start()
  }

  /** `WORDPRESS_DB_HOST` for MariaDB over TCP, where it requires TLS. */
  public get databaseTcpHost(): string {
    return `127.0.0.1:${this.databasePort}`;
  }

  /** `WORDPRESS_DB_HOST` for MariaDB over its local socket, which `require_secure_transport` accepts without TLS. */
  public get databaseSocketHost(): string {
    return `localhost:${mariadbSocket(this.dir)}`;
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
    const track = (server: Server) => this.track(server);
    await startMariadb(this.dir, { port: this.databasePort, bufferPoolSize: '64M' }, track);
    await createDatabase(this.dir, account);
    this.databaseName = account.name;
    await Promise.all(Object.entries(environments).map(([variant, env]) => startPhpFpm(this.dir, { pool: variant, workers: 2, env }, track)));
    const ports = Object.values(this.ports);
    await Promise.all([
      startNginx(this.dir, { name: 'backend', servers: this.backendConfig(), ports: ports.map((p) => p.backend), accessLog: true, clientMaxBodySize: '8m' }, track),
      startNginx(this.dir, {
        name: 'proxy', servers: this.proxyConfig(), ports: ports.flatMap((p) => (p.proxy === undefined ? [] : [p.proxy])), accessLog: true, clientMaxBodySize: '8m',
      }, track),
    ]);
  }

  /** Run SQL as MariaDB's root over the local socket, in WordPress's database once created; tab-separated rows without header. */
  public sql(statements: string): Promise<string> {
    return mariadbSql(this.dir, statements, this.databaseName);
  }

  /** A request to one of the harness's URLs, trusting the harness's certificate. */
  public request(req: HttpRequest): Promise<HttpResponse> {
    return request({ ca: this.certificatePem, ...req });
  }

  /** TCP sockets in LISTEN state held by any process the harness started. */
  public listeningSockets(): ListeningSocket[] {
    return listeningSockets(this.servers.flatMap((s) => s.pids()));
  }

  /** Process ids (of the `timeout` wrappers, the process groups) of the running servers, by name. */
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

  private path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** The container's web server: plain HTTP, WordPress through PHP-FPM. */
  private backendConfig(): string[] {
    return Object.entries(this.ports).map(([variant, p]) => wordpressServerBlock(p.backend, this.path('wordpress'), phpFpmSocket(this.dir, variant)));
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
