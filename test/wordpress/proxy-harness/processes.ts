import { execFile, spawn } from 'child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync } from 'fs';
import * as net from 'net';

/**
 * Hard cap on the life of every server the harness starts. Each one runs under coreutils `timeout`, so even when
 * the test process dies without cleaning up (killed worker, crash), nothing outlives it by more than this.
 */
export const SERVER_LIFETIME_SECONDS = 900;

/** Run a program to completion (bounded by a timeout) and return its standard output. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, {
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()));
      } else {
        resolve(stdout);
      }
    });
    // A program that exits without reading its input (openssl) may close the pipe first: that EPIPE is no failure, its exit status says.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** A long-running server started by the harness: its own process group, output in a log file, a bounded lifetime. */
export class Server {
  /** Start `command args` in a new process group under `timeout`; standard output and error go to `logFile`. */
  public static start(name: string, command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Server {
    const log = openSync(logFile, 'a');
    try {
      const child = spawn('timeout', ['--kill-after=5', `${SERVER_LIFETIME_SECONDS}s`, command, ...args], {
        detached: true, // its own process group (the group id is the pid): stop() ends the server and every child it forked
        stdio: ['ignore', log, log],
        env,
      });
      if (child.pid === undefined) {
        throw new Error(`${name}: could not start ${command}`);
      }
      return new Server(name, child.pid, logFile, new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal))));
    } finally {
      closeSync(log);
    }
  }

  private exitStatus: number | string | null | undefined;

  private constructor(
    public readonly name: string,
    /** Process id of the `timeout` wrapper, also the process group id of the server and its workers (unless it calls setsid(): see pids()). */
    public readonly pid: number,
    public readonly logFile: string,
    private readonly exited: Promise<number | string | null>,
  ) {
    void exited.then((status) => { this.exitStatus = status; });
  }

  /** False once the server has exited. */
  public get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** The last lines of the server's log, for error messages. */
  public logTail(lines = 30): string {
    return tail(this.logFile, lines);
  }

  /**
   * Process ids of every process the server runs: its process group (the `timeout` wrapper, the server, its workers)
   * and every descendant by parentage. A server that calls setsid() leaves the group: PHP-FPM's master does, even with
   * `--nodaemonize` (php-src sapi/fpm/fpm/fpm_unix.c, fpm_unix_init_main), so it and its workers are found as children.
   */
  public pids(): number[] {
    const parents = processParents();
    const tree = this.running ? descendants(this.pid, parents).filter((pid) => parents.has(pid)) : []; // once exited, its pid may be reused
    const inGroup = [...parents.keys()].filter((pid) => processGroup(pid) === this.pid);
    return [...new Set([...inGroup, ...tree])];
  }

  /**
   * Ask the server to terminate; after `graceMs`, kill what is left of it: its group and every process it ran when
   * asked (by parentage, so that a master in its own session and workers orphaned by their master are reached too).
   * Resolves when the server has exited.
   */
  public async stop(graceMs = 10_000): Promise<void> {
    const before = identify(this.pids());
    this.signalGroup('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    await Promise.race([this.exited, timer]);
    this.killNow(); // workers that outlived their master, or a server that ignored SIGTERM
    killAll(before); // what left the tree once its parent exited (reparented to init)
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }

  /** Kill the server and every process it runs at once, synchronously (for process exit handlers). */
  public killNow(): void {
    const pids = identify(this.pids());
    this.signalGroup('SIGKILL');
    killAll(pids);
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The fields after `(comm)` of a `/proc/<pid>/stat` line (comm may contain spaces and parentheses): state is [0]. */
function statFields(statLine: string): string[] {
  return statLine.slice(statLine.lastIndexOf(')') + 2).trim().split(/\s+/);
}

function readStat(pid: number): string[] | undefined {
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** The parent process id (field 4) from a `/proc/<pid>/stat` line. */
export function parentPid(statLine: string): number {
  const ppid = Number(statFields(statLine)[1]);
  if (!Number.isInteger(ppid)) {
    throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(statLine.slice(0, 120))}`);
  }
  return ppid;
}

function processGroup(pid: number): number | undefined {
  const fields = readStat(pid);
  return fields ? Number(fields[2]) : undefined;
}

/** Process id to parent process id, for every process now in /proc. */
export function processParents(): Map<number, number> {
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

/** `root` and every process below it, from a map of process id to parent process id. */
export function descendants(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (found.includes(pid)) {
      continue;
    }
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Process ids with their start times (field 22 of /proc/<pid>/stat), so that a reused process id is never killed. */
function identify(pids: number[]): Map<number, string> {
  return new Map(pids.flatMap((pid) => {
    const start = readStat(pid)?.[19];
    return start === undefined ? [] : [[pid, start] as [number, string]];
  }));
}

/** SIGKILL the processes still alive with the same start time. */
function killAll(pids: Map<number, string>): void {
  for (const [pid, start] of pids) {
    if (readStat(pid)?.[19] === start) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** The last lines of a file ('' when it does not exist). */
export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) {
    return '';
  }
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Poll `ready` until it returns true; fail after `timeoutMs`, or at once when `server` exits, with its log. */
export async function waitUntil(what: string, ready: () => boolean | Promise<boolean>, timeoutMs: number, server?: Server): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server && !server.running) {
      throw new Error(`${server.name} exited before ${what}. Its log:\n${server.logTail()}`);
    }
    if (await ready()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}.${server ? ` Log of ${server.name}:\n${server.logTail()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when a TCP connection to 127.0.0.1:port is accepted. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

/** `count` distinct TCP ports that are free on 127.0.0.1 right now (held open together, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** A TCP socket in the LISTEN state. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
}

/** TCP (IPv4 and IPv6) sockets in the LISTEN state that belong to these processes, read from /proc. */
export function listeningSockets(pids: number[]): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) {
          inodes.add(m[1]);
        }
      } catch {
        // closed while we looked
      }
    }
  }
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) {
      continue;
    }
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9])) {
        continue;
      }
      const [hexAddress, hexPort] = f[1].split(':');
      sockets.push({ address: decodeProcAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return sockets;
}

/** /proc/net/tcp{,6} addresses: 32-bit words in host (little-endian) byte order. */
function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) {
    return bytes.join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] * 256 + bytes[2 * i + 1]).toString(16));
  return groups.join(':');
}
