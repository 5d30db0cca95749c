/**
 * The PHP that runs inside WordPress. It is passed, unchanged, in `WORDPRESS_CONFIG_EXTRA`, which the
 * official WordPress image evaluates at the end of the wp-config.php it generates from the environment.
 * Everything that varies per deployment comes from the environment variables below, so this text is
 * a constant: the same bytes are unit-tested here and run on a real WordPress by the proxy test.
 */

/** Public URL of the site, e.g. `https://www.example.com` (pins WP_HOME and WP_SITEURL). */
export const ENV_PUBLIC_URL = 'WORDPRESS_PUBLIC_URL';
/** Comma-separated CIDRs of the proxies whose forwarding headers are believed (the load balancer's subnets). */
export const ENV_TRUSTED_PROXIES = 'WORDPRESS_TRUSTED_PROXY_CIDRS';
/**
 * Optional name of a header that carries the viewer's address (`ip` or `ip:port`, e.g. CloudFront's
 * `CloudFront-Viewer-Address`), believed only from a trusted proxy; it wins over `X-Forwarded-For`.
 */
export const ENV_CLIENT_IP_HEADER = 'WORDPRESS_CLIENT_IP_HEADER';
/** `1` to connect to MySQL over TLS (the database requires it). */
export const ENV_DB_TLS = 'WORDPRESS_DB_TLS';
/**
 * `1` when WP-Cron runs on a schedule (a task running `wp-cron.php`): page loads then spawn no cron (`DISABLE_WP_CRON`),
 * and a `wp-cron.php` run from the command line exits non-zero when WordPress did not load.
 */
export const ENV_DISABLE_WP_CRON = 'WORDPRESS_DISABLE_WP_CRON';
/** Path the configuration answers with 200 before WordPress loads (the load balancer's health check). */
export const ENV_HEALTH_CHECK_PATH = 'WORDPRESS_HEALTH_CHECK_PATH';
/**
 * The health check path the site sets. Any path that is no file reaches WordPress's index.php (the .htaccess of the
 * official image routes it there: docker-library/wordpress, Dockerfile.template), which loads wp-config.php, which runs
 * this PHP (eval of WORDPRESS_CONFIG_EXTRA in wp-config-docker.php) before wp-settings.php connects to the database.
 */
export const HEALTH_CHECK_PATH = '/wp-health';

/**
 * What it does, in order:
 * 0. Health check: a request for the health check path is answered `200 OK` at once, before WordPress loads: it
 *    proves that the web server, PHP and this configuration run, without a database connection (an Aurora
 *    Serverless v2 database checked every 15 seconds would never pause).
 * 1. Client IP: when the TCP peer is a trusted proxy, walk `X-Forwarded-For` from the right, skipping
 *    trusted proxies; the first other address is the client. A header from anyone else is ignored.
 *    (The official Apache image's mod_remoteip does the same before PHP runs, for private ranges: behind a load
 *    balancer that appends its peer, PHP then sees the last untrusted hop, not the load balancer.)
 *    When a client IP header is configured (`CloudFront-Viewer-Address` behind a load balancer that only
 *    CloudFront reaches, which then removes X-Forwarded-For so that mod_remoteip leaves the load balancer as the
 *    peer), its address wins, again only from a trusted proxy.
 * 2. HTTPS: on when the public URL is https — every viewer connection is TLS-terminated upstream
 *    (CloudFront redirects to https, the ALB redirects HTTP to HTTPS) — or when a trusted proxy says so
 *    in `X-Forwarded-Proto` / `CloudFront-Forwarded-Proto`. An untrusted peer cannot switch it on with a
 *    header (the image's own wp-config believes `X-Forwarded-Proto` from anyone; this undoes that).
 * 3. WP_HOME / WP_SITEURL pinned to the public URL, and the Host header, server name and server port to its
 *    host and port, so neither a stale `siteurl` in the database nor the proxy's Host header (the load
 *    balancer's name, which the web server also reports as server name) can produce links to anything else.
 *    FORCE_SSL_ADMIN when the public URL is https.
 * 4. MySQL over TLS when asked (the server certificate is not verified: the RDS CA bundle is not in the
 *    image; the connection stays inside the VPC between two security groups).
 * 5. Scheduled cron, when asked: `DISABLE_WP_CRON`, so that page loads never spawn `wp-cron.php`; and, for the scheduled
 *    run of `wp-cron.php` from the command line (it defines `DOING_CRON` before it loads WordPress), exit code 1 when
 *    WordPress did not load: WordPress answers an unreachable database with a page and `die()`, which exits 0 and would
 *    look like a successful run.
 */
export const WORDPRESS_CONFIG_EXTRA = `/* cdk-fargate-wordpress: WordPress behind a TLS-terminating proxy. */
$cfwp_health = (string) getenv('${ENV_HEALTH_CHECK_PATH}');
if ($cfwp_health !== '' && isset($_SERVER['REQUEST_URI']) && parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) === $cfwp_health) {
  header('Content-Type: text/plain');
  header('Cache-Control: no-store');
  echo "OK\\n";
  exit;
}
$cfwp_in_cidr = function ($ip, $cidr) {
  $parts = explode('/', trim($cidr), 2);
  $net = @inet_pton($parts[0]);
  $addr = @inet_pton(trim($ip));
  if ($net === false || $addr === false || strlen($net) !== strlen($addr)) { return false; }
  $bits = isset($parts[1]) ? (int) $parts[1] : strlen($net) * 8;
  $bytes = intdiv($bits, 8);
  if (substr($net, 0, $bytes) !== substr($addr, 0, $bytes)) { return false; }
  if ($bits % 8 === 0) { return true; }
  $mask = (0xff << (8 - $bits % 8)) & 0xff;
  return (ord($net[$bytes]) & $mask) === (ord($addr[$bytes]) & $mask);
};
$cfwp_proxies = array_filter(array_map('trim', explode(',', (string) getenv('${ENV_TRUSTED_PROXIES}'))));
$cfwp_trusted = function ($ip) use ($cfwp_proxies, $cfwp_in_cidr) {
  foreach ($cfwp_proxies as $cidr) { if ($cfwp_in_cidr($ip, $cidr)) { return true; } }
  return false;
};
$cfwp_url = rtrim((string) getenv('${ENV_PUBLIC_URL}'), '/');
$cfwp_https = stripos($cfwp_url, 'https://') === 0;
$cfwp_via_proxy = isset($_SERVER['REMOTE_ADDR']) && $cfwp_trusted($_SERVER['REMOTE_ADDR']);
if ($cfwp_via_proxy) {
  foreach (array('HTTP_X_FORWARDED_PROTO', 'HTTP_CLOUDFRONT_FORWARDED_PROTO') as $cfwp_header) {
    if (isset($_SERVER[$cfwp_header]) && strtolower(trim(explode(',', $_SERVER[$cfwp_header])[0])) === 'https') { $cfwp_https = true; }
  }
  if (!empty($_SERVER['HTTP_X_FORWARDED_FOR'])) {
    foreach (array_reverse(explode(',', $_SERVER['HTTP_X_FORWARDED_FOR'])) as $cfwp_hop) {
      $cfwp_hop = trim($cfwp_hop);
      if (filter_var($cfwp_hop, FILTER_VALIDATE_IP) === false) { break; }
      $_SERVER['REMOTE_ADDR'] = $cfwp_hop;
      if (!$cfwp_trusted($cfwp_hop)) { break; }
    }
  }
  $cfwp_ip_header = (string) getenv('${ENV_CLIENT_IP_HEADER}');
  $cfwp_ip_key = 'HTTP_' . strtoupper(str_replace('-', '_', $cfwp_ip_header));
  if ($cfwp_ip_header !== '' && !empty($_SERVER[$cfwp_ip_key])) {
    $cfwp_viewer = trim($_SERVER[$cfwp_ip_key]);
    if (preg_match('/^\\[?([0-9a-fA-F:.]+)\\]?:\\d+$/', $cfwp_viewer, $cfwp_m) && filter_var($cfwp_m[1], FILTER_VALIDATE_IP) !== false) { $cfwp_viewer = $cfwp_m[1]; }
    if (filter_var($cfwp_viewer, FILTER_VALIDATE_IP) !== false) { $_SERVER['REMOTE_ADDR'] = $cfwp_viewer; }
  }
}
if ($cfwp_https) { $_SERVER['HTTPS'] = 'on'; } else { unset($_SERVER['HTTPS']); }
if ($cfwp_url !== '') {
  if (!defined('WP_HOME')) { define('WP_HOME', $cfwp_url); }
  if (!defined('WP_SITEURL')) { define('WP_SITEURL', $cfwp_url); }
  $cfwp_host = parse_url($cfwp_url, PHP_URL_HOST);
  $cfwp_port = parse_url($cfwp_url, PHP_URL_PORT);
  if ($cfwp_host) {
    $_SERVER['HTTP_HOST'] = $cfwp_host . ($cfwp_port ? ':' . $cfwp_port : '');
    $_SERVER['SERVER_NAME'] = $cfwp_host;
    $_SERVER['SERVER_PORT'] = (string) ($cfwp_port ? $cfwp_port : (stripos($cfwp_url, 'https://') === 0 ? 443 : 80));
  }
  if (stripos($cfwp_url, 'https://') === 0 && !defined('FORCE_SSL_ADMIN')) { define('FORCE_SSL_ADMIN', true); }
}
if (getenv('${ENV_DB_TLS}') === '1' && !defined('MYSQL_CLIENT_FLAGS')) {
  define('MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT);
}
if (getenv('${ENV_DISABLE_WP_CRON}') === '1') {
  if (!defined('DISABLE_WP_CRON')) { define('DISABLE_WP_CRON', true); }
  if (PHP_SAPI === 'cli' && defined('DOING_CRON')) {
    register_shutdown_function(function () {
      if (!function_exists('did_action') || !did_action('wp_loaded')) {
        fwrite(STDERR, "cdk-fargate-wordpress: WordPress did not load (is the database reachable?); no scheduled event ran.\\n");
        exit(1);
      }
    });
  }
}
unset($cfwp_health, $cfwp_in_cidr, $cfwp_proxies, $cfwp_trusted, $cfwp_url, $cfwp_https, $cfwp_via_proxy, $cfwp_header, $cfwp_hop, $cfwp_host, $cfwp_port,
  $cfwp_ip_header, $cfwp_ip_key, $cfwp_viewer, $cfwp_m);
`;

/**
 * Appended to `WORDPRESS_CONFIG_EXTRA` when the site's code comes from the image (immutable content): WordPress may
 * not install, update or edit plugins, themes or core (`DISALLOW_FILE_MODS`, which also removes the capabilities behind
 * the dashboard's install and update screens), and never updates itself in the background (`AUTOMATIC_UPDATER_DISABLED`,
 * `WP_AUTO_UPDATE_CORE`). A task's own disk would otherwise drift from the image and from the other tasks.
 * (https://developer.wordpress.org/advanced-administration/wordpress/wp-config/ "Disable Plugin and Theme Update and
 * Installation", "Disable WordPress Auto Updates"; in WordPress, map_meta_cap() in wp-includes/capabilities.php maps
 * install_plugins, update_plugins, install_themes, update_core, ... to do_not_allow when wp_is_file_mod_allowed() is false.)
 */
export const IMMUTABLE_CODE_CONFIG = `/* cdk-fargate-wordpress: the code comes from the image. */
if (!defined('DISALLOW_FILE_MODS')) { define('DISALLOW_FILE_MODS', true); }
if (!defined('AUTOMATIC_UPDATER_DISABLED')) { define('AUTOMATIC_UPDATER_DISABLED', true); }
if (!defined('WP_AUTO_UPDATE_CORE')) { define('WP_AUTO_UPDATE_CORE', false); }
`;
