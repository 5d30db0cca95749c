import { execFileSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  ENV_CLIENT_IP_HEADER, ENV_DB_TLS, ENV_HEALTH_CHECK_PATH, ENV_PUBLIC_URL, ENV_TRUSTED_PROXIES, HEALTH_CHECK_PATH, WORDPRESS_CONFIG_EXTRA,
} from '../../../src/wordpress/private/wordpress-config';

describe('WORDPRESS_CONFIG_EXTRA', () => {
  test('is plain PHP for eval(): no opening tag, no deployment-specific value baked in', () => {
    expect(WORDPRESS_CONFIG_EXTRA).not.toMatch(/<\?php/);
    expect(WORDPRESS_CONFIG_EXTRA).not.toMatch(/https?:\/\/[a-z]/i);
    expect(WORDPRESS_CONFIG_EXTRA).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
  });

  test('reads every per-deployment value from the environment', () => {
    for (const name of [ENV_PUBLIC_URL, ENV_TRUSTED_PROXIES, ENV_DB_TLS, ENV_CLIENT_IP_HEADER, ENV_HEALTH_CHECK_PATH]) {
      expect(WORDPRESS_CONFIG_EXTRA).toContain(`getenv('${name}')`);
    }
  });

  test('pins the URLs, forces SSL admin, sets HTTPS and the client IP', () => {
    for (const piece of ["define('WP_HOME'", "define('WP_SITEURL'", "define('FORCE_SSL_ADMIN'", "$_SERVER['HTTPS'] = 'on'",
      "$_SERVER['REMOTE_ADDR'] = $cfwp_hop", 'HTTP_CLOUDFRONT_FORWARDED_PROTO', 'HTTP_X_FORWARDED_PROTO', 'MYSQLI_CLIENT_SSL']) {
      expect(WORDPRESS_CONFIG_EXTRA).toContain(piece);
    }
  });

  test('leaves no helper variable behind in the global scope of wp-config.php', () => {
    const assigned = new Set([...WORDPRESS_CONFIG_EXTRA.matchAll(/(\$cfwp_[a-z_]+)\s*=/g)].map((m) => m[1]));
    const unset = WORDPRESS_CONFIG_EXTRA.slice(WORDPRESS_CONFIG_EXTRA.lastIndexOf('unset('));
    for (const name of assigned) {
      expect(unset).toContain(name);
    }
  });
});

// The PHP's behaviour, run by the PHP CLI when the machine has one (the real WordPress test runs it in WordPress).
const php = (() => {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
(php ? describe : describe.skip)('WORDPRESS_CONFIG_EXTRA run by PHP', () => {
  function run(server: { [key: string]: string }, env: { [key: string]: string }): any {
    return JSON.parse(runText(server, env));
  }
  /** What the script prints: the JSON below, or what WORDPRESS_CONFIG_EXTRA printed if it ended the request. */
  function runText(server: { [key: string]: string }, env: { [key: string]: string }): string {
    const dir = mkdtempSync(join(tmpdir(), 'cfwp-'));
    const script = join(dir, 'run.php');
    writeFileSync(script, `<?php
$_SERVER = array_merge($_SERVER, json_decode(getenv('SERVER_JSON'), true));
unset($_SERVER['HTTPS']);
eval(file_get_contents(${JSON.stringify(join(dir, 'extra.php'))}));
echo json_encode(array(
  'remote' => $_SERVER['REMOTE_ADDR'], 'https' => isset($_SERVER['HTTPS']) ? $_SERVER['HTTPS'] : null, 'host' => $_SERVER['HTTP_HOST'],
  'serverName' => isset($_SERVER['SERVER_NAME']) ? $_SERVER['SERVER_NAME'] : null, 'serverPort' => isset($_SERVER['SERVER_PORT']) ? $_SERVER['SERVER_PORT'] : null,
  'home' => defined('WP_HOME') ? WP_HOME : null, 'forceSsl' => defined('FORCE_SSL_ADMIN'), 'flags' => defined('MYSQL_CLIENT_FLAGS') ? MYSQL_CLIENT_FLAGS : null,
  'leftovers' => array_values(array_filter(array_keys(get_defined_vars()), function ($k) { return strpos($k, 'cfwp_') === 0; })),
));`);
    writeFileSync(join(dir, 'extra.php'), WORDPRESS_CONFIG_EXTRA);
    return execFileSync('php', [script], { env: { ...process.env, ...env, SERVER_JSON: JSON.stringify(server) } }).toString();
  }
  const env = { [ENV_PUBLIC_URL]: 'https://www.example.com/', [ENV_TRUSTED_PROXIES]: '10.0.0.0/16, fd00::/8', [ENV_DB_TLS]: '1' };

  test('a request through a trusted proxy: client IP from X-Forwarded-For, HTTPS, pinned host and URLs', () => {
    const out = run({ REMOTE_ADDR: '10.0.1.5', HTTP_X_FORWARDED_FOR: '198.51.100.1, 203.0.113.9, 10.0.0.7', HTTP_HOST: 'internal-alb' }, env);
    expect(out).toEqual({
      remote: '203.0.113.9',
      https: 'on',
      host: 'www.example.com',
      serverName: 'www.example.com',
      serverPort: '443',
      home: 'https://www.example.com',
      forceSsl: true,
      flags: expect.any(Number),
      leftovers: [],
    });
  });

  test('a forged X-Forwarded-For from an untrusted peer is ignored', () => {
    const out = run({ REMOTE_ADDR: '192.0.2.50', HTTP_X_FORWARDED_FOR: '198.51.100.1', HTTP_HOST: 'x' }, env);
    expect(out.remote).toBe('192.0.2.50');
  });

  test('IPv6 peers and CIDRs', () => {
    expect(run({ REMOTE_ADDR: 'fd00::1', HTTP_X_FORWARDED_FOR: '2001:db8::7', HTTP_HOST: 'x' }, env).remote).toBe('2001:db8::7');
    expect(run({ REMOTE_ADDR: 'fe80::1', HTTP_X_FORWARDED_FOR: '2001:db8::7', HTTP_HOST: 'x' }, env).remote).toBe('fe80::1');
  });

  test('with an http public URL, HTTPS comes only from a trusted proxy\'s header', () => {
    const httpEnv = { ...env, [ENV_PUBLIC_URL]: 'http://alb.example.com' };
    expect(run({ REMOTE_ADDR: '10.0.1.5', HTTP_X_FORWARDED_PROTO: 'http', HTTP_CLOUDFRONT_FORWARDED_PROTO: 'https', HTTP_HOST: 'x' }, httpEnv).https).toBe('on');
    expect(run({ REMOTE_ADDR: '192.0.2.50', HTTP_X_FORWARDED_PROTO: 'https', HTTP_HOST: 'x' }, httpEnv).https).toBeNull();
    expect(run({ REMOTE_ADDR: '10.0.1.5', HTTP_X_FORWARDED_PROTO: 'http', HTTP_HOST: 'x' }, httpEnv)).toMatchObject({ https: null, forceSsl: false });
  });

  test('the server name and port are the public URL\'s, not the web server\'s (WordPress links to SERVER_NAME)', () => {
    const server = { REMOTE_ADDR: '10.0.1.5', HTTP_HOST: 'internal-alb', SERVER_NAME: 'internal-alb', SERVER_PORT: '80' };
    expect(run(server, { ...env, [ENV_PUBLIC_URL]: 'https://localhost:8443' })).toMatchObject({ host: 'localhost:8443', serverName: 'localhost', serverPort: '8443' });
    expect(run(server, { ...env, [ENV_PUBLIC_URL]: 'http://alb.example.com/' })).toMatchObject({ host: 'alb.example.com', serverName: 'alb.example.com', serverPort: '80' });
    expect(run(server, { ...env, [ENV_PUBLIC_URL]: '' })).toMatchObject({ host: 'internal-alb', serverName: 'internal-alb', serverPort: '80' });
  });

  describe('a client IP header (CloudFront-Viewer-Address behind a load balancer only CloudFront reaches)', () => {
    const headerEnv = { ...env, [ENV_CLIENT_IP_HEADER]: 'CloudFront-Viewer-Address' };
    // Behind CloudFront and a public ALB, X-Forwarded-For ends in a CloudFront edge address, not the viewer's.
    const viaCloudFront = { REMOTE_ADDR: '10.0.1.5', HTTP_X_FORWARDED_FOR: '203.0.113.9, 54.239.1.2', HTTP_HOST: 'x' };

    test('the header\'s address (IPv4 or IPv6, port stripped) wins over X-Forwarded-For from a trusted proxy', () => {
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: '203.0.113.9:46532' }, headerEnv).remote).toBe('203.0.113.9');
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: '2001:db8::7:443' }, headerEnv).remote).toBe('2001:db8::7');
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: '198.51.100.4' }, headerEnv).remote).toBe('198.51.100.4');
    });

    test('is ignored from an untrusted peer, when malformed, and when not configured', () => {
      expect(run({ REMOTE_ADDR: '192.0.2.50', HTTP_CLOUDFRONT_VIEWER_ADDRESS: '203.0.113.9:1', HTTP_HOST: 'x' }, headerEnv).remote).toBe('192.0.2.50');
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: 'not-an-ip:80' }, headerEnv).remote).toBe('54.239.1.2');
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: '203.0.113.9:1' }, env).remote).toBe('54.239.1.2');
    });

    test('leaves no helper variable behind', () => {
      expect(run({ ...viaCloudFront, HTTP_CLOUDFRONT_VIEWER_ADDRESS: '203.0.113.9:46532' }, headerEnv).leftovers).toEqual([]);
    });
  });

  describe('the health check path', () => {
    const healthEnv = { ...env, [ENV_HEALTH_CHECK_PATH]: HEALTH_CHECK_PATH };
    const request = (uri: string) => ({ REMOTE_ADDR: '10.0.1.5', HTTP_HOST: '10.0.1.20', REQUEST_URI: uri });

    test('is answered OK before anything else runs (no WordPress, no database), with or without a query string', () => {
      expect(runText(request('/wp-health'), healthEnv)).toBe('OK\n');
      expect(runText(request('/wp-health?from=elb'), healthEnv)).toBe('OK\n');
    });

    test('other paths, and every path without the variable, go on to WordPress', () => {
      for (const uri of ['/', '/wp-health/', '/wp-healthy', '/wp-login.php', '/?p=/wp-health']) {
        expect(run(request(uri), healthEnv)).toMatchObject({ home: 'https://www.example.com', leftovers: [] });
      }
      expect(run(request('/wp-health'), env)).toMatchObject({ home: 'https://www.example.com' });
    });
  });

  // What Apache hands PHP in the official image (mod_remoteip: RemoteIPHeader X-Forwarded-For, private ranges trusted)
  // behind CloudFront and the load balancer, for a viewer 198.51.100.7 reaching CloudFront's origin-facing 130.176.1.2,
  // which reaches the load balancer node 10.0.1.5. Observed with Apache 2.4, mod_php and the image's remoteip.conf.
  describe('behind CloudFront, the load balancer and the official image\'s Apache', () => {
    const headerEnv = { ...env, [ENV_PUBLIC_URL]: 'http://alb.example.com', [ENV_CLIENT_IP_HEADER]: 'CloudFront-Viewer-Address' };
    const cloudFront = {
      HTTP_CLOUDFRONT_VIEWER_ADDRESS: '198.51.100.7:46532', HTTP_X_FORWARDED_PROTO: 'http', HTTP_CLOUDFRONT_FORWARDED_PROTO: 'https', HTTP_HOST: 'x',
    };

    test('the load balancer appending X-Forwarded-For: mod_remoteip hands PHP the CloudFront address as the peer, which is not trusted', () => {
      // X-Forwarded-For was "198.51.100.7, 130.176.1.2"; mod_remoteip consumed the last hop and left the rest.
      const appended = { ...cloudFront, REMOTE_ADDR: '130.176.1.2', HTTP_X_FORWARDED_FOR: '198.51.100.7' };
      expect(run(appended, headerEnv)).toMatchObject({ remote: '130.176.1.2', https: null });
    });

    test('the load balancer removing X-Forwarded-For: its node is the peer, and the viewer\'s address and protocol are believed from it', () => {
      const removed = { ...cloudFront, REMOTE_ADDR: '10.0.1.5' };
      expect(run(removed, headerEnv)).toMatchObject({ remote: '198.51.100.7', https: 'on', leftovers: [] });
    });
  });

  test('no TLS flags unless asked', () => {
    expect(run({ REMOTE_ADDR: '10.0.1.5', HTTP_HOST: 'x' }, { ...env, [ENV_DB_TLS]: '0' }).flags).toBeNull();
  });
});
