<?php
// Load the parent theme's stylesheet, then this child theme's.
add_action('wp_enqueue_scripts', function () {
    wp_enqueue_style('example-child', get_stylesheet_uri(), [], wp_get_theme()->get('Version'));
});
