<?php
/**
 * Plugin Name: Site Hardening
 * Description: Must-use plugin (always on, cannot be deactivated from the dashboard): small hardening of the site.
 */

defined('ABSPATH') || exit;

// Do not advertise the WordPress version in pages and feeds.
remove_action('wp_head', 'wp_generator');
add_filter('the_generator', '__return_empty_string');
