/**
 * The model of what the official WordPress image's Apache hands PHP (proxy-harness/apache-handoff.ts), which the
 * real-WordPress test uses, checked against a real Apache 2.4 with mod_php and the image's mod_remoteip configuration
 * when this machine has them (Debian's `php` package brings Apache and mod_php).
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadBalancerSends, modRemoteip, PhpInputs } from './proxy-harness/apache-handoff';
import { request } from './proxy-harness/http-client';
import { acceptsConnections, freePorts, Server, tail, waitUntil } from './proxy-harness/processes';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const modPhp = existsSync(MODULES) ? readdirSync(MODULES).find((f) => /^libphp[\d.]*\.so$/.test(f)) : undefined;
const available = existsSync(APACHE) && existsSync(join(MODULES, 'mod_remoteip.so')) && modPhp !== undefined;
if (!available) {
  console.warn(`SKIPPED: the Apache check of the mod_remoteip model (no ${APACHE} with mod_remoteip and mod_php).`);
}

/** The image's remoteip.conf, as docker-library/wordpress's Dockerfile.template writes it. */
const IMAGE_REMOTEIP_CONF = [
  'RemoteIPHeader X-Forwarded-For',
  'RemoteIPInternalProxy 10.0.0.0/8',
  'RemoteIPInternalProxy 172.16.0.0/12',
  'RemoteIPInternalProxy 192.168.0.0/16',
  'RemoteIPInternalProxy 169.254.0.0/16',
  'RemoteIPInternalProxy 127.0.0.0/8',
];

/** The load balancer's node: a loopback address, internal to mod_remoteip like the node's VPC address. */
const LOAD_BALANCER = '127.0.0.2';
const PATH = { viewer: '198.51.100.7', viewerPort: 46532, cloudFront: '130.176.1.2', loadBalancer: LOAD_BALANCER };

(available ? describe : describe.skip)('what the official image\'s Apache hands PHP behind CloudFront and the load balancer', () => {
  let dir: string;
  let port: number;
  let apache: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cfwp-apache-'));
    chmodSync(dir, 0o755); // readable by Apache's children
    [port] = await freePorts(1);
    writeFileSync(join(dir, 'index.php'), `<?php header('Content-Type: application/json'); echo json_encode(array(
  'remoteAddr' => $_SERVER['REMOTE_ADDR'],
  'headers' => array_filter(array(
    'X-Forwarded-For' => isset($_SERVER['HTTP_X_FORWARDED_FOR']) ? $_SERVER['HTTP_X_FORWARDED_FOR'] : null,
    'CloudFront-Viewer-Address' => isset($_SERVER['HTTP_CLOUDFRONT_VIEWER_ADDRESS']) ? $_SERVER['HTTP_CLOUDFRONT_VIEWER_ADDRESS'] : null,
    'CloudFront-Forwarded-Proto' => isset($_SERVER['HTTP_CLOUDFRONT_FORWARDED_PROTO']) ? $_SERVER['HTTP_CLOUDFRONT_FORWARDED_PROTO'] : null,
    'X-Forwarded-Proto' => isset($_SERVER['HTTP_X_FORWARDED_PROTO']) ? $_SERVER['HTTP_X_FORWARDED_PROTO'] : null,
  )),
));\n`);
    writeFileSync(join(dir, 'httpd.conf'), [
      `ServerRoot ${dir}`,
      'ServerName localhost',
      `PidFile ${dir}/httpd.pid`,
      `DefaultRuntimeDir ${dir}`,
      `Listen 127.0.0.1:${port}`,
      ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
      ...['mpm_prefork', 'authz_core', 'dir', 'mime', 'remoteip'].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
      `LoadModule php_module ${MODULES}/${modPhp}`,
      'TypesConfig /etc/mime.types',
      `ErrorLog ${dir}/error.log`,
      `DocumentRoot ${dir}`,
      'DirectoryIndex index.php',
      '<FilesMatch "\\.php$">',
      '  SetHandler application/x-httpd-php',
      '</FilesMatch>',
      ...IMAGE_REMOTEIP_CONF,
      '',
    ].join('\n'));
    apache = Server.start('apache', APACHE, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], join(dir, 'apache.out.log'));
    await waitUntil('Apache to listen', () => acceptsConnections(port), 20_000, apache)
      .catch((e) => { throw new Error(`${e.message}\n${tail(join(dir, 'error.log'))}\n${tail(join(dir, 'apache.out.log'))}`); });
  }, 30_000);

  afterAll(async () => {
    await apache?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function handedToPhp(sent: PhpInputs): Promise<PhpInputs> {
    const res = await request({ url: `http://127.0.0.1:${port}/`, localAddress: sent.remoteAddr, headers: sent.headers });
    expect(res.status).toBe(200);
    return JSON.parse(res.body);
  }

  test.each([
    ['append', undefined],
    ['append', '203.0.113.66'],
    ['preserve', '203.0.113.66'],
    ['remove', '203.0.113.66'],
  ])('X-Forwarded-For %s, the viewer\'s own X-Forwarded-For %s: as the model says', async (xffMode, viewerForwardedFor) => {
    const sent = loadBalancerSends(xffMode!, { ...PATH, viewerForwardedFor });
    expect(await handedToPhp(sent)).toEqual(modRemoteip(sent));
  });

  test('the two cases the construct meets: CloudFront\'s address with append, the load balancer with remove', async () => {
    expect((await handedToPhp(loadBalancerSends('append', PATH))).remoteAddr).toBe(PATH.cloudFront);
    expect(await handedToPhp(loadBalancerSends('remove', PATH))).toEqual({
      remoteAddr: LOAD_BALANCER,
      headers: { 'CloudFront-Viewer-Address': '198.51.100.7:46532', 'CloudFront-Forwarded-Proto': 'https', 'X-Forwarded-Proto': 'http' },
    });
  });
});
