<?php
/**
 * wp-config.php for the real-WordPress test: built from the environment the way the official WordPress
 * image (docker-library/wordpress, wp-config-docker.php) builds its own, written for this project.
 *
 * What it reproduces, in the image's order:
 * 1. every setting from an environment variable, or from the file named by `<NAME>_FILE`, else a default;
 * 2. database name, user, password, host, charset and collation; the eight keys and salts; table prefix; debug;
 * 3. `$_SERVER['HTTPS'] = 'on'` when `X-Forwarded-Proto` contains `https`, whoever sent it;
 * 4. `WORDPRESS_CONFIG_EXTRA` evaluated last, before wp-settings.php: this is where ScalableWordpressOnFargate's PHP runs.
 *
 * The image substitutes random keys for its placeholder defaults when it starts; here the harness always
 * provides the keys, as ECS injects them from Secrets Manager.
 */

// The image's helper, by the same name: code in WORDPRESS_CONFIG_EXTRA may call it.
if (!function_exists('getenv_docker')) {
	function getenv_docker($name, $default) {
		$file = getenv($name . '_FILE');
		if ($file !== false && $file !== '') {
			return rtrim(file_get_contents($file), "\r\n");
		}
		$value = getenv($name);
		return $value === false ? $default : $value;
	}
}

define('DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username'));
define('DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password'));
define('DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', getenv_docker('WORDPRESS_DB_CHARSET', 'utf8'));
define('DB_COLLATE', getenv_docker('WORDPRESS_DB_COLLATE', ''));

foreach (array('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT') as $key_name) {
	define($key_name, getenv_docker('WORDPRESS_' . $key_name, 'put your unique phrase here'));
}
unset($key_name);

$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');

define('WP_DEBUG', (bool) getenv_docker('WORDPRESS_DEBUG', ''));

// Like the image: a reverse proxy that says https makes WordPress believe it, from any client.
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO']) && strpos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
	$_SERVER['HTTPS'] = 'on';
}

$config_extra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '');
if ($config_extra !== '') {
	eval($config_extra);
}
unset($config_extra);

if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}

require_once ABSPATH . 'wp-settings.php';
