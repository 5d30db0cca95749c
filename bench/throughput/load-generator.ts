import * as http from 'http';
import { Sample } from './stats';

/** A closed-loop load: `concurrency` clients, each sending its next request when the previous one has answered. */
export interface LoadOptions {
  /** An http:// URL on loopback. */
  readonly url: string;
  readonly concurrency: number;
  /** Requests to send in all (the run stops when they have answered). */
  readonly requests: number;
  /** The run stops sending after this long even when fewer requests were sent (those in flight still finish). */
  readonly timeCapMs: number;
  readonly headers?: { [name: string]: string };
  /** Loopback address the clients connect from (the proxy's, as the load balancer would). */
  readonly localAddress?: string;
  /** Timeout of one request. */
  readonly requestTimeoutMs?: number;
}

/** What a load run observed. */
export interface LoadResult {
  readonly samples: Sample[];
  /** From the first request sent to the last response received. */
  readonly wallMs: number;
  /** True when the time cap ended the run before every request was sent. */
  readonly cappedByTime: boolean;
  /** Bytes of response bodies (all requests). */
  readonly bodyBytes: number;
}

/**
 * Send a fixed number of GET requests with a fixed concurrency over keep-alive connections (one per client, as a load
 * balancer keeps connections to its targets open) and record each latency and status. Node's own http module: no
 * dependency, and the client costs little CPU next to PHP. Loopback URLs only.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new Error(`the load generator only targets http on loopback, got ${options.url}`);
  }
  if (!(options.concurrency >= 1 && options.requests >= 1 && options.timeCapMs > 0)) {
    throw new Error(`concurrency, requests and timeCapMs must be positive: ${JSON.stringify(options)}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const samples: Sample[] = [];
  let sent = 0;
  let bodyBytes = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + options.timeCapMs;
  let cappedByTime = false;

  const once = () => new Promise<void>((resolve) => {
    const t0 = process.hrtime.bigint();
    let finished = false;
    const done = (status: number) => {
      if (finished) {
        return;
      }
      finished = true;
      samples.push({ latencyMs: Number(process.hrtime.bigint() - t0) / 1e6, status });
      resolve();
    };
    const req = http.request({
      hostname: '127.0.0.1', // IPv4: the servers listen on 127.0.0.1 only
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      agent,
      localAddress: options.localAddress,
      headers: { 'User-Agent': 'cdk-fargate-wordpress-throughput-bench', ...options.headers },
      timeout: options.requestTimeoutMs ?? 30_000,
    }, (res) => {
      res.on('data', (chunk: Buffer) => { bodyBytes += chunk.length; });
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done(0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(0));
    req.end();
  });

  const client = async () => {
    for (;;) {
      if (sent >= options.requests) {
        return;
      }
      if (Date.now() >= deadline) {
        cappedByTime = true;
        return;
      }
      sent++;
      await once();
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client));
  } finally {
    agent.destroy();
  }
  return { samples, wallMs: Number(process.hrtime.bigint() - started) / 1e6, cappedByTime, bodyBytes };
}
