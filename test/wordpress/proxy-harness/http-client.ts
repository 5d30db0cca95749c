import * as http from 'http';
import * as https from 'https';

/** One HTTP(S) request of the harness. */
export interface HttpRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers?: { [name: string]: string };
  /** Sent as application/x-www-form-urlencoded (method defaults to POST). */
  readonly form?: { [name: string]: string };
  /** Loopback address the client connects from (e.g. 127.0.0.3 for "a client not behind the proxy"). */
  readonly localAddress?: string;
  /** Certificate the https server must present (the harness's self-signed one); verified, never skipped. */
  readonly ca?: string;
  readonly cookies?: CookieJar;
  readonly timeoutMs?: number;
}

/** What came back. */
export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly location?: string;
  /** `Link` response headers (WordPress announces its REST API there), joined. */
  readonly link?: string;
  readonly setCookies: string[];
  readonly body: string;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** One request, no redirect following. Host names resolve to IPv4 (the servers listen on 127.0.0.1 only). */
export function request(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const body = req.form ? new URLSearchParams(req.form).toString() : undefined;
  const headers: { [name: string]: string } = { 'User-Agent': 'cdk-fargate-wordpress-realwp-test', ...req.headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const cookie = req.cookies?.header();
  if (cookie) {
    headers.Cookie = cookie;
  }
  const options: https.RequestOptions = {
    method: req.method ?? (body !== undefined ? 'POST' : 'GET'),
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    family: 4,
    localAddress: req.localAddress,
    headers,
    agent: false,
    ...(url.protocol === 'https:' ? { ca: req.ca, servername: url.hostname } : {}),
  };
  const timeoutMs = req.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const r = client.request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          r.destroy(new Error(`${req.url}: response body larger than ${MAX_BODY_BYTES} bytes`));
        } else {
          chunks.push(chunk);
        }
      });
      res.on('end', () => {
        const setCookies = res.headers['set-cookie'] ?? [];
        req.cookies?.store(setCookies);
        resolve({
          url: req.url,
          status: res.statusCode ?? 0,
          location: res.headers.location,
          link: [res.headers.link ?? []].flat().join(', ') || undefined,
          setCookies,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`${options.method} ${req.url}: no answer within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(body);
  });
}

/**
 * Follow redirects from `req` (GET after the first hop), at most `maxHops` of them. Fails on a redirect loop (a URL
 * visited twice) and when the limit is reached. Returns every response, the last one not a redirect.
 */
export async function followRedirects(req: HttpRequest, maxHops = 5): Promise<HttpResponse[]> {
  const chain: HttpResponse[] = [];
  let next: HttpRequest = req;
  const seen = new Set<string>();
  for (let hop = 0; hop <= maxHops; hop++) {
    const key = `${next.method ?? (next.form ? 'POST' : 'GET')} ${next.url}`;
    if (seen.has(key)) {
      throw new Error(`redirect loop: ${chain.map((r) => `${r.status} ${r.url}`).join(' -> ')} -> ${next.url}`);
    }
    seen.add(key);
    const res = await request(next);
    chain.push(res);
    if (res.status < 300 || res.status > 399 || !res.location) {
      return chain;
    }
    next = { ...req, method: 'GET', form: undefined, url: new URL(res.location, res.url).toString() };
  }
  throw new Error(`more than ${maxHops} redirects: ${chain.map((r) => `${r.status} ${r.url}`).join(' -> ')}`);
}

/** Cookies by name, for one site (domain and path are not needed here). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Remember the cookies of `Set-Cookie` headers; an expired or emptied cookie is forgotten. */
  public store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (expired || value === '' || value === 'deleted') {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }

  public names(): string[] {
    return [...this.cookies.keys()];
  }

  public header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Every absolute or protocol-relative URL in a page whose host is one of `hosts` (names without port), in the
 * forms WordPress writes them: plain attributes, JSON with escaped slashes, and URL-encoded query values.
 */
export function linksTo(html: string, hosts: string[]): string[] {
  const text = html
    .replace(/\\\//g, '/')
    .replace(/%3A/gi, ':')
    .replace(/%2F/gi, '/')
    .replace(/&#0?58;/g, ':')
    .replace(/&#0?47;/g, '/');
  const links: string[] = [];
  for (const m of text.matchAll(/((?:https?:)?\/\/)([a-z0-9.-]+)(:\d+)?([^\s"'<>()\\,]*)/gi)) {
    if (hosts.includes(m[2].toLowerCase())) {
      links.push(m[0]);
    }
  }
  return links;
}
