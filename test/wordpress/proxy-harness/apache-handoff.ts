/**
 * What the official WordPress image's Apache hands PHP for a request that came viewer → CloudFront → Application
 * Load Balancer → task. The harness's backend is nginx + PHP-FPM; this computes the peer address and headers that
 * PHP gets from Apache in the container, so that the test can send exactly those to the backend.
 *
 * - CloudFront appends the viewer's address to `X-Forwarded-For` and, as the origin request policy asks, adds
 *   `CloudFront-Viewer-Address` (`ip:port`) and `CloudFront-Forwarded-Proto`
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html).
 * - The load balancer's peer is CloudFront; by `routing.http.xff_header_processing.mode` it appends that peer to
 *   `X-Forwarded-For` (`append`, the default), passes the header unchanged (`preserve`) or removes it (`remove`); it
 *   sets `X-Forwarded-Proto` to its listener's protocol
 *   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html).
 * - The image's Apache runs mod_remoteip with `RemoteIPHeader X-Forwarded-For` and the private ranges as internal
 *   proxies (docker-library/wordpress, Dockerfile.template): when the peer is one of them it walks the header from
 *   the right while the addresses are internal proxies, makes the first other one the request's address
 *   (`REMOTE_ADDR`) and leaves only the addresses left of it in the header
 *   (https://httpd.apache.org/docs/2.4/mod/mod_remoteip.html). Checked on Apache 2.4 with mod_php and that
 *   configuration: `X-Forwarded-For: 6.6.6.6, 198.51.100.7, 130.176.1.2` from 127.0.0.2 reaches PHP as
 *   `REMOTE_ADDR=130.176.1.2`, `HTTP_X_FORWARDED_FOR=6.6.6.6, 198.51.100.7`; without the header, as the peer.
 */

/** The addresses on the way: the viewer, the CloudFront server that reaches the load balancer, the load balancer's node. */
export interface RequestPath {
  readonly viewer: string;
  readonly viewerPort: number;
  /** The viewer's own `X-Forwarded-For`, if it sends one (CloudFront appends to it). */
  readonly viewerForwardedFor?: string;
  readonly cloudFront: string;
  readonly loadBalancer: string;
}

/** What PHP gets: `REMOTE_ADDR` and the request headers. */
export interface PhpInputs {
  readonly remoteAddr: string;
  readonly headers: { [name: string]: string };
}

/** Whether an address is in the image's `RemoteIPInternalProxy` ranges: 10/8, 172.16/12, 192.168/16, 169.254/16, 127/8. */
function isInternalProxy(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number); // IPv6 viewers are never internal proxies here
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** What the load balancer sends the task for a request along `path`, with this X-Forwarded-For processing mode. */
export function loadBalancerSends(xffMode: string, path: RequestPath): PhpInputs {
  if (!['append', 'preserve', 'remove'].includes(xffMode)) {
    throw new Error(`unknown routing.http.xff_header_processing.mode ${xffMode}`);
  }
  const fromCloudFront = [path.viewerForwardedFor, path.viewer].filter((a): a is string => !!a).join(', ');
  const headers: { [name: string]: string } = {
    'CloudFront-Viewer-Address': `${path.viewer}:${path.viewerPort}`,
    'CloudFront-Forwarded-Proto': 'https',
    'X-Forwarded-Proto': 'http', // the load balancer's HTTP listener, which the VPC origin reaches over HTTP
  };
  if (xffMode !== 'remove') {
    headers['X-Forwarded-For'] = xffMode === 'append' ? `${fromCloudFront}, ${path.cloudFront}` : fromCloudFront;
  }
  return { remoteAddr: path.loadBalancer, headers };
}

/** What mod_remoteip, configured as in the image, makes of a request from `peer` with these headers. */
export function modRemoteip(request: PhpInputs): PhpInputs {
  const { 'X-Forwarded-For': forwardedFor, ...headers } = request.headers;
  if (forwardedFor === undefined || !isInternalProxy(request.remoteAddr)) {
    return request;
  }
  const hops = forwardedFor.split(',').map((h) => h.trim());
  let remoteAddr = request.remoteAddr;
  while (hops.length > 0) {
    remoteAddr = hops.pop()!;
    if (!isInternalProxy(remoteAddr)) {
      break;
    }
  }
  return { remoteAddr, headers: hops.length > 0 ? { ...headers, 'X-Forwarded-For': hops.join(', ') } : headers };
}

/** The inputs PHP gets for a request along `path` through a load balancer with this X-Forwarded-For processing mode. */
export function apacheHandsPhp(xffMode: string, path: RequestPath): PhpInputs {
  return modRemoteip(loadBalancerSends(xffMode, path));
}
