<?php
/**
 * Throughput benchmark only (bench/wordpress-throughput.ts), not part of the library: installs WordPress and seeds
 * representative content through WordPress's own functions, with the PHP command line and WordPress loaded.
 *
 *   php seed.php <wordpress dir> install             wp_install(), no outgoing HTTP (the offline mu-plugin)
 *   php seed.php <wordpress dir> content <posts>     pretty permalinks; <posts> posts of five paragraphs each, in three
 *                                                    categories with tags and three approved comments each; prints JSON
 *
 * Deterministic (a fixed seed), so that two runs serve the same pages.
 */
if ($argc < 3) {
	fwrite(STDERR, "usage: php seed.php <wordpress dir> install|content [posts]\n");
	exit(2);
}
$step = $argv[2];
if ($step === 'install') {
	define('WP_INSTALLING', true);
}
require rtrim($argv[1], '/') . '/wp-load.php';

if ($step === 'install') {
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	$result = wp_install('Throughput benchmark', 'operator', 'operator@example.com', false, '', wp_generate_password(24));
	echo json_encode(array('userId' => $result['user_id']));
	exit(0);
}

if ($step !== 'content') {
	fwrite(STDERR, "unknown step $step\n");
	exit(2);
}
$posts = isset($argv[3]) ? (int) $argv[3] : 20;

// Pretty permalinks, as a real site has them: every request goes through the rewrite rules.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
$wp_rewrite->flush_rules(false);

mt_srand(20261130);
$words = explode(' ', 'harbour river morning ledger garden copper window station market lantern meadow signal quiet '
	. 'winter summer bridge orchard letter village engine cedar pebble thunder valley canvas marble needle compass '
	. 'island forest candle mirror ribbon saddle timber velvet anchor beacon cobalt dune ember fable glacier hollow '
	. 'ivory jasmine kettle lagoon maple nectar oyster prairie quartz raven spruce tundra umber vessel willow yarrow');
$sentence = function ($n) use ($words) {
	$s = array();
	for ($i = 0; $i < $n; $i++) {
		$s[] = $words[mt_rand(0, count($words) - 1)];
	}
	return ucfirst(implode(' ', $s)) . '.';
};
$paragraph = function () use ($sentence) {
	$text = array();
	for ($i = 0, $n = mt_rand(4, 6); $i < $n; $i++) {
		$text[] = $sentence(mt_rand(8, 16));
	}
	return implode(' ', $text);
};

$categories = array();
foreach (array('News', 'Guides', 'Stories') as $name) {
	$term = wp_insert_term($name, 'category');
	if (is_wp_error($term)) {
		fwrite(STDERR, $term->get_error_message() . "\n");
		exit(1);
	}
	$categories[] = (int) $term['term_id'];
}
$tags = array('harbour', 'meadow', 'copper', 'lantern', 'glacier');
$search_word = 'lighthouse'; // in the title of every fourth post and the text of every other one

$ids = array();
$base = strtotime('2026-10-01 09:00:00');
for ($p = 1; $p <= $posts; $p++) {
	$blocks = array();
	for ($i = 0; $i < 5; $i++) {
		$text = $paragraph();
		if ($i === 2 && $p % 2 === 0) {
			$text .= " The $search_word keeps its light on.";
		}
		$blocks[] = "<!-- wp:paragraph -->\n<p>" . esc_html($text) . "</p>\n<!-- /wp:paragraph -->";
	}
	$title = ucfirst($sentence(mt_rand(3, 6)));
	if ($p % 4 === 0) {
		$title = rtrim($title, '.') . " by the $search_word";
	}
	$id = wp_insert_post(array(
		'post_title' => rtrim($title, '.'),
		'post_content' => implode("\n\n", $blocks),
		'post_status' => 'publish',
		'post_author' => 1,
		'post_date' => gmdate('Y-m-d H:i:s', $base + $p * 86400),
		'post_category' => array($categories[$p % 3]),
		'tags_input' => array($tags[$p % 5], $tags[($p + 2) % 5]),
	), true);
	if (is_wp_error($id)) {
		fwrite(STDERR, $id->get_error_message() . "\n");
		exit(1);
	}
	for ($c = 1; $c <= 3; $c++) {
		wp_insert_comment(array(
			'comment_post_ID' => $id,
			'comment_author' => "Reader $c",
			'comment_author_email' => "reader$c@example.com",
			'comment_content' => $sentence(mt_rand(10, 20)),
			'comment_approved' => 1,
			'comment_date' => gmdate('Y-m-d H:i:s', $base + $p * 86400 + $c * 3600),
		));
	}
	$ids[] = $id;
}

$single = $ids[(int) floor(count($ids) / 2)];
echo json_encode(array(
	'posts' => count($ids),
	'singlePath' => wp_parse_url(get_permalink($single), PHP_URL_PATH),
	'singleTitle' => get_the_title($single),
	'newestTitle' => get_the_title($ids[count($ids) - 1]),
	'searchWord' => $search_word,
	'permalinkStructure' => get_option('permalink_structure'),
	'theme' => get_stylesheet(),
	'postsPerPage' => (int) get_option('posts_per_page'),
));
