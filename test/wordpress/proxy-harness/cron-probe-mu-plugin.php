<?php
/**
 * Test-only must-use plugin of the real-WordPress test's WP-Cron checks. Not part of the library.
 *
 * 1. The event `cfwp_cron_probe`, when it runs, writes the option `cfwp_cron_ran`: the side effect the test looks for.
 * 2. `cron_request` is the filter spawn_cron() applies right before it calls wp-cron.php over HTTP (wp-includes/cron.php):
 *    the URL it would call is written to `cfwp_cron_spawned` (the probe plugin then fails every outgoing request).
 * 3. `/?cfwp_cron=schedule` schedules `cfwp_cron_probe` one minute in the past (due now); `/?cfwp_cron=state` answers,
 *    as JSON, whether DISABLE_WP_CRON is on and when the event is due. Both stop before WordPress's `init`, so the
 *    request itself never reaches wp_cron().
 */
add_action('cfwp_cron_probe', function () {
	update_option('cfwp_cron_ran', sprintf('%.3F', microtime(true)), false);
});

add_filter('cron_request', function ($request) {
	update_option('cfwp_cron_spawned', $request['url'], false);
	return $request;
});

if (isset($_GET['cfwp_cron'])) {
	if ($_GET['cfwp_cron'] === 'schedule') {
		wp_schedule_single_event(time() - 60, 'cfwp_cron_probe');
	}
	header('Content-Type: application/json');
	echo json_encode(array(
		'disableWpCron' => defined('DISABLE_WP_CRON') && DISABLE_WP_CRON,
		'next' => wp_next_scheduled('cfwp_cron_probe'),
		'now' => time(),
	));
	exit;
}
