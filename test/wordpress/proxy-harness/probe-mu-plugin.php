<?php
/**
 * Test-only must-use plugin of the real-WordPress test. Not part of the library.
 *
 * 1. The test machine has no internet: WordPress must not wait on api.wordpress.org (update checks,
 *    dashboard feeds) nor call itself (cron, permalink test), so every outgoing HTTP request fails at once.
 * 2. `/?cfwp_probe=1` answers, as JSON, what WordPress sees after wp-config.php ran: the client address,
 *    whether the request counts as HTTPS, the URLs it links to, and the cipher of its own database connection.
 */
add_filter('pre_http_request', function () {
	return new WP_Error('cfwp_offline', 'Outgoing HTTP is disabled in the real-WordPress test.');
}, 1);

if (isset($_GET['cfwp_probe'])) {
	global $wpdb;
	header('Content-Type: application/json');
	echo json_encode(array(
		'remoteAddr' => isset($_SERVER['REMOTE_ADDR']) ? $_SERVER['REMOTE_ADDR'] : null,
		'isSsl' => is_ssl(),
		'httpHost' => isset($_SERVER['HTTP_HOST']) ? $_SERVER['HTTP_HOST'] : null,
		'home' => home_url('/'),
		'siteurl' => site_url('/'),
		'dbSslCipher' => (string) $wpdb->get_var("SHOW SESSION STATUS LIKE 'Ssl_cipher'", 1),
	));
	exit;
}
