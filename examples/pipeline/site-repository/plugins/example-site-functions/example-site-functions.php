<?php
/**
 * Plugin Name: Example Site Functions
 * Description: The site's own plugin, committed in the site repository and shipped in every release image.
 * Version: 1.0.0
 */

defined('ABSPATH') || exit;

// Example: an excerpt length of the site's choosing.
add_filter('excerpt_length', function () {
    return 40;
});
