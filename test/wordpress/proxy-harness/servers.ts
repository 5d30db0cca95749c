/**
 * The servers of a real WordPress on loopback, shared by the real-WordPress test harness (wordpress-behind-proxy.ts)
 * and the throughput benchmark (bench/throughput/bench-site.ts): the programs, the TLS material, MariaDB, PHP-FPM and
 * nginx. Each `start*` function writes its files into one private directory (`dir`), starts its server under
 * `timeout` (processes.ts) and resolves once it accepts connections; the caller's options say what differs.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { delimiter, dirname, join } from 'path';
import { acceptsConnections, run, Server, tail, waitUntil } from './processes';

/** Where Debian's `wordpress` package installs WordPress. */
export const DEBIAN_WORDPRESS = '/usr/share/wordpress';

/** The host name of the self-signed certificate (with 127.0.0.1 as an IP SAN). */
export const CERTIFICATE_HOST = 'localhost';

const STARTUP_TIMEOUT_MS = 30_000;

/** True when running as root (a CI container): each server is then told to run as root, which it refuses by default. */
export const AS_ROOT = process.getuid?.() === 0;

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

/** The programs found on this machine (undefined: missing). */
export const PROGRAMS = {
  mariadbd: findProgram('mariadbd', 'mysqld'),
  mariadbInstallDb: findProgram('mariadb-install-db', 'mysql_install_db'),
  mariadb: findProgram('mariadb', 'mysql'),
  phpFpm: phpFpmBinary(),
  php: findProgram('php'),
  nginx: findProgram('nginx'),
  openssl: findProgram('openssl'),
  timeout: findProgram('timeout'),
};

/** The programs among `names` that this machine lacks, as `program <name>`. */
export function missingPrograms(names: Array<keyof typeof PROGRAMS>): string[] {
  return names.filter((name) => PROGRAMS[name] === undefined).map((name) => `program ${name}`);
}

/** A file of the repository, found above this module: the benchmark runs it bundled in .examples/, the tests in place. */
export function repositoryFile(...parts: string[]): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, '.projenrc.ts'))) {
      return join(dir, ...parts);
    }
  }
  throw new Error(`cannot find the repository root (.projenrc.ts) above ${__dirname}`);
}

/** A file of this folder (wp-config-from-env.php, probe-mu-plugin.php). */
export function harnessFile(name: string): string {
  return repositoryFile('test', 'wordpress', 'proxy-harness', name);
}

// ------------------------------------------------------------------ preparation

/**
 * One self-signed certificate for `CERTIFICATE_HOST` and 127.0.0.1, as `tls.crt` and `tls.key` in `dir` (EC keys:
 * generated in milliseconds). Resolves to the certificate's PEM.
 */
export async function createCertificate(dir: string): Promise<string> {
  await run(PROGRAMS.openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'), '-days', '1', '-subj', `/CN=${CERTIFICATE_HOST}`,
    '-addext', `subjectAltName=DNS:${CERTIFICATE_HOST},IP:127.0.0.1`]);
  return readFileSync(join(dir, 'tls.crt'), 'utf8');
}

/** A MariaDB data directory in `dir`/mysql (root authenticates over the local socket). */
export async function initializeDatabase(dir: string): Promise<void> {
  await run(PROGRAMS.mariadbInstallDb!, ['--no-defaults', `--datadir=${join(dir, 'mysql')}`, '--auth-root-authentication-method=normal',
    '--skip-test-db', ...(AS_ROOT ? ['--user=root'] : [])], { timeoutMs: 60_000 });
}

/**
 * A copy of Debian's WordPress in `dir`/wordpress, configured like the container: wp-config.php built from the
 * environment (wp-config-from-env.php) and the offline probe mu-plugin (no outgoing HTTP: no update checks, no cron
 * spawning). Resolves to the copy's path.
 */
export async function copyWordpress(dir: string): Promise<string> {
  const root = join(dir, 'wordpress');
  // A copy, not symlinks: WordPress finds wp-config.php next to its own files (PHP resolves symlinks in __DIR__).
  await run('cp', ['-a', DEBIAN_WORDPRESS, root], { timeoutMs: 30_000 });
  rmSync(join(root, '.htaccess'), { force: true });
  rmSync(join(root, 'wp-config.php'), { force: true }); // never write through a link to /etc/wordpress
  copyFileSync(harnessFile('wp-config-from-env.php'), join(root, 'wp-config.php'));
  mkdirSync(join(root, 'wp-content', 'mu-plugins'), { recursive: true });
  copyFileSync(harnessFile('probe-mu-plugin.php'), join(root, 'wp-content', 'mu-plugins', 'cfwp-probe.php'));
  return root;
}

// ------------------------------------------------------------------ MariaDB

/** Database and credentials WordPress uses, created in MariaDB before WordPress starts. */
export interface DatabaseAccount {
  readonly name: string;
  readonly user: string;
  readonly password: string;
}

/** How to run MariaDB. */
export interface MariadbOptions {
  /** The TCP port on 127.0.0.1 (TLS required on it; the local socket `dir`/mysqld.sock is not). */
  readonly port: number;
  /** `innodb_buffer_pool_size`, e.g. '64M'. */
  readonly bufferPoolSize: string;
}

/** The local socket of the MariaDB started in `dir`. */
export function mariadbSocket(dir: string): string {
  return join(dir, 'mysqld.sock');
}

/**
 * Start MariaDB on the data directory and certificate prepared in `dir` (initializeDatabase, createCertificate), with
 * `require_secure_transport=ON`: TLS over TCP, as Aurora is reached. `track` receives the server before it is ready.
 */
export async function startMariadb(dir: string, options: MariadbOptions, track: (server: Server) => Server): Promise<Server> {
  const server = track(Server.start('mariadb', PROGRAMS.mariadbd!, [
    '--no-defaults',
    `--datadir=${join(dir, 'mysql')}`,
    `--socket=${mariadbSocket(dir)}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${join(dir, 'mariadb.log')}`,
    `--tmpdir=${dir}`,
    '--bind-address=127.0.0.1',
    `--port=${options.port}`,
    '--skip-name-resolve',
    '--skip-log-bin',
    `--innodb-buffer-pool-size=${options.bufferPoolSize}`,
    '--character-set-server=utf8mb4',
    `--ssl-cert=${join(dir, 'tls.crt')}`,
    `--ssl-key=${join(dir, 'tls.key')}`,
    '--require-secure-transport=ON',
    ...(AS_ROOT ? ['--user=root'] : []),
  ], join(dir, 'mariadb.out.log')));
  await waitUntil('MariaDB to accept connections', async () =>
    existsSync(mariadbSocket(dir)) && acceptsConnections(options.port), STARTUP_TIMEOUT_MS, server)
    .catch((e) => { throw new Error(`${e.message}\n${tail(join(dir, 'mariadb.log'), 20)}`); });
  return server;
}

/** Run SQL as MariaDB's root over the local socket of the MariaDB in `dir`; tab-separated rows without header. */
export function mariadbSql(dir: string, statements: string, database?: string): Promise<string> {
  return run(PROGRAMS.mariadb!, ['--no-defaults', `--socket=${mariadbSocket(dir)}`, '--user=root', '--batch', '--skip-column-names',
    ...(database ? [`--database=${database}`] : [])], { input: statements, timeoutMs: 15_000 });
}

/** Create WordPress's database and its account (from 127.0.0.1 and the local socket) in the MariaDB in `dir`. */
export async function createDatabase(dir: string, account: DatabaseAccount): Promise<void> {
  for (const [what, value] of Object.entries(account)) {
    if (!/^[A-Za-z0-9_]+$/.test(value)) {
      throw new Error(`database ${what} must be letters, digits and _ only, got ${JSON.stringify(value)}`);
    }
  }
  const { name, user, password } = account;
  await mariadbSql(dir, [
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4;`,
    ...['127.0.0.1', 'localhost'].flatMap((host) => [
      `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}';`,
      `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'${host}';`,
    ]),
  ].join('\n'));
}

// ------------------------------------------------------------------ PHP-FPM

/** How to run one PHP-FPM master with one pool. */
export interface PhpFpmOptions {
  /** Names the pool's files (`fpm-<pool>.sock`, ...) and the server (`php-fpm <pool>`); none: `fpm.sock`, `php-fpm`. */
  readonly pool?: string;
  /** `pm = static` with this many workers, all started up front. */
  readonly workers: number;
  /** The process environment, and so WordPress's (`clear_env = no`); PATH is added when absent. */
  readonly env: { [name: string]: string };
}

/** The FastCGI socket of a PHP-FPM pool started in `dir`. */
export function phpFpmSocket(dir: string, pool?: string): string {
  return join(dir, `${pool === undefined ? 'fpm' : `fpm-${pool}`}.sock`);
}

/**
 * Start PHP-FPM in the foreground with one static pool listening on phpFpmSocket(dir, pool). Its environment is
 * `env` only, like a container's: nothing of the caller's leaks in. Resolves when the socket exists.
 */
export async function startPhpFpm(dir: string, options: PhpFpmOptions, track: (server: Server) => Server): Promise<Server> {
  const suffix = options.pool === undefined ? '' : `-${options.pool}`;
  const socket = phpFpmSocket(dir, options.pool);
  rmSync(socket, { force: true }); // a previous run's, on a restart
  const config = join(dir, `fpm${suffix}.conf`);
  writeFileSync(config, [
    '[global]',
    `pid = ${join(dir, `fpm${suffix}.pid`)}`,
    `error_log = ${join(dir, `fpm${suffix}.log`)}`,
    'daemonize = no',
    '',
    '[wordpress]',
    ...(AS_ROOT ? ['user = root', 'group = root'] : []),
    `listen = ${socket}`,
    'listen.mode = 0600',
    'pm = static',
    `pm.max_children = ${options.workers}`,
    // The container's environment reaches PHP (getenv), as in the official image's FPM configuration.
    'clear_env = no',
    'catch_workers_output = yes',
    'request_terminate_timeout = 30s',
    `php_admin_value[error_log] = ${join(dir, `php${suffix}.log`)}`,
    'php_admin_flag[log_errors] = on',
    'php_admin_flag[display_errors] = off',
    // No mail leaves the machine (WordPress mails the admin on install).
    'php_admin_value[sendmail_path] = /bin/false',
    '',
  ].join('\n'));
  const name = options.pool === undefined ? 'php-fpm' : `php-fpm ${options.pool}`;
  // The master calls setsid() even in the foreground: Server stops it and its workers by parentage (processes.ts).
  const server = track(Server.start(name, PROGRAMS.phpFpm!,
    ['--nodaemonize', `--fpm-config=${config}`, ...(AS_ROOT ? ['--allow-to-run-as-root'] : [])],
    join(dir, `fpm${suffix}.out.log`),
    { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }));
  await waitUntil(`PHP-FPM${options.pool === undefined ? '' : ` (${options.pool})`} to listen`, () => existsSync(socket), STARTUP_TIMEOUT_MS, server);
  return server;
}

// ------------------------------------------------------------------ nginx

/** How to run one nginx. */
export interface NginxOptions {
  /** Names its files (`nginx-<name>.conf`, ...) and the server (`nginx <name>`); none: `nginx.conf`, `nginx`. */
  readonly name?: string;
  /** The `server { }` blocks of its `http { }` block. */
  readonly servers: string[];
  /** The ports on 127.0.0.1 it is ready once it accepts connections on. */
  readonly ports: number[];
  /** Log every request to `nginx[-<name>].access.log`. */
  readonly accessLog: boolean;
  /** `client_max_body_size`, e.g. '8m'. @default - nginx's own (1m) */
  readonly clientMaxBodySize?: string;
}

/** Start nginx in the foreground with one worker; resolves when it accepts connections on every port. */
export async function startNginx(dir: string, options: NginxOptions, track: (server: Server) => Server): Promise<Server> {
  const base = options.name === undefined ? 'nginx' : `nginx-${options.name}`;
  const prefix = join(dir, base);
  mkdirSync(prefix, { recursive: true });
  const config = join(dir, `${base}.conf`);
  const errorLog = join(dir, `${base}.log`);
  writeFileSync(config, [
    'daemon off;',
    'worker_processes 1;',
    ...(AS_ROOT ? ['user root;'] : []),
    `pid ${prefix}/nginx.pid;`,
    `error_log ${errorLog} notice;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${options.accessLog ? join(dir, `${base}.access.log`) : 'off'};`,
    '  server_tokens off;',
    ...(options.clientMaxBodySize === undefined ? [] : [`  client_max_body_size ${options.clientMaxBodySize};`]),
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
    ...options.servers,
    '}',
    '',
  ].join('\n'));
  const name = options.name === undefined ? 'nginx' : `nginx ${options.name}`;
  const server = track(Server.start(name, PROGRAMS.nginx!, ['-p', `${prefix}/`, '-c', config, '-e', errorLog], join(dir, `${base}.out.log`)));
  await waitUntil(`${name} to listen on ${options.ports.join(', ')}`,
    async () => (await Promise.all(options.ports.map(acceptsConnections))).every(Boolean), STARTUP_TIMEOUT_MS, server);
  return server;
}

/** The container's web server: plain HTTP on 127.0.0.1:`port`, WordPress in `root` through PHP-FPM on `fpmSocket`. */
export function wordpressServerBlock(port: number, root: string, fpmSocket: string): string {
  return `
  server {
    listen 127.0.0.1:${port};
    server_name _;
    root ${root};
    index index.php;
    location / { try_files $uri $uri/ /index.php?$args; }
    location ~ \\.php$ {
      try_files $uri =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_pass unix:${fpmSocket};
      fastcgi_connect_timeout 5s;
      fastcgi_read_timeout 30s;
    }
  }`;
}
