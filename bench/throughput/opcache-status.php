<?php
/** Throughput benchmark only: what the running PHP-FPM has for opcache, as JSON. Not part of the library. */
header('Content-Type: application/json');
$status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
echo json_encode(array(
	'sapi' => PHP_SAPI,
	'phpVersion' => PHP_VERSION,
	'opcacheEnable' => ini_get('opcache.enable'),
	'opcacheEnabled' => is_array($status) ? (bool) $status['opcache_enabled'] : false,
	'jit' => ini_get('opcache.jit'),
	'jitBufferSize' => ini_get('opcache.jit_buffer_size'),
	'validateTimestamps' => ini_get('opcache.validate_timestamps'),
	'cachedScripts' => is_array($status) ? $status['opcache_statistics']['num_cached_scripts'] : 0,
	'hits' => is_array($status) ? $status['opcache_statistics']['hits'] : 0,
	'misses' => is_array($status) ? $status['opcache_statistics']['misses'] : 0,
));
