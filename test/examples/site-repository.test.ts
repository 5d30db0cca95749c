import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WordpressImage } from 'cdk-fargate-wordpress';

/**
 * The customer's repository of the pipeline example (examples/pipeline/site-repository): its Dockerfile builds on the
 * site's bootstrap image and copies what is there, and its plugin installer (run for real with sh, curl and unzip, against
 * zips served from a local directory) installs exactly the pinned versions.
 */

const REPOSITORY = path.join(__dirname, '..', '..', 'examples', 'pipeline', 'site-repository');
const INSTALLER = path.join(REPOSITORY, 'install-plugins.sh');

describe('the Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(REPOSITORY, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.startsWith('#'));

  test('builds on the image the site runs before its first release (WordpressImage.official())', () => {
    expect(instructions[0]).toBe(`FROM ${WordpressImage.OFFICIAL_REPOSITORY}:${WordpressImage.DEFAULT_OFFICIAL_TAG}`);
  });

  test('copies themes, plugins, must-use plugins and the pinned plugins into the image\'s wp-content, from files that exist', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY ')).map((l) => l.split(/\s+/).slice(1));
    for (const args of copies) {
      for (const source of args.slice(0, -1)) {
        expect([source, fs.existsSync(path.join(REPOSITORY, source))]).toEqual([source, true]);
      }
    }
    expect(copies.map((a) => a[a.length - 1])).toEqual(expect.arrayContaining([
      '/usr/src/wordpress/wp-content/themes/', '/usr/src/wordpress/wp-content/plugins/', '/usr/src/wordpress/wp-content/mu-plugins/',
    ]));
    expect(dockerfile).toContain('install-plugins.sh /tmp/site-build/plugins.txt /usr/src/wordpress/wp-content/plugins');
  });
});

describe('install-plugins.sh', () => {
  let dir: string;
  let mirror: string;
  let plugins: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-repository-'));
    mirror = path.join(dir, 'mirror');
    plugins = path.join(dir, 'plugins');
    fs.mkdirSync(mirror);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A plugin zip as wordpress.org serves it (`<slug>/<slug>.php`), in the mirror; its SHA-256. */
  const publish = (slug: string, version: string): string => {
    const zip = path.join(mirror, `${slug}.${version}.zip`);
    execFileSync('python3', ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr(sys.argv[2] + "/" + sys.argv[2] + ".php", "<?php // " + sys.argv[3])',
      zip, slug, version]);
    return createHash('sha256').update(fs.readFileSync(zip)).digest('hex');
  };
  const install = (list: string) => {
    fs.writeFileSync(path.join(dir, 'plugins.txt'), list);
    return spawnSync('sh', [INSTALLER, path.join(dir, 'plugins.txt'), plugins], {
      encoding: 'utf8', env: { PATH: process.env.PATH, PLUGIN_BASE_URL: `file://${mirror}` },
    });
  };
  const installed = (slug: string) => fs.readFileSync(path.join(plugins, slug, `${slug}.php`), 'utf8');

  test('installs each pinned plugin, checksum verified, and skips comments', () => {
    const sum = publish('redis-cache', '2.5.4');
    publish('wp-mail-smtp', '4.4.0');
    const run = install(`# cache\nredis-cache 2.5.4 ${sum}\n\nwp-mail-smtp 4.4.0   # no checksum yet\n`);
    expect(run.status).toBe(0);
    expect(installed('redis-cache')).toBe('<?php // 2.5.4');
    expect(installed('wp-mail-smtp')).toBe('<?php // 4.4.0');
    expect(run.stderr).toContain('wp-mail-smtp 4.4.0 has no checksum');
  });

  test('a new version replaces the plugin\'s directory', () => {
    publish('redis-cache', '2.5.4');
    publish('redis-cache', '2.6.0');
    expect(install('redis-cache 2.5.4\n').status).toBe(0);
    fs.writeFileSync(path.join(plugins, 'redis-cache', 'stale.php'), 'old');
    expect(install('redis-cache 2.6.0\n').status).toBe(0);
    expect(installed('redis-cache')).toBe('<?php // 2.6.0');
    expect(fs.existsSync(path.join(plugins, 'redis-cache', 'stale.php'))).toBe(false);
  });

  test('fails the build on a wrong checksum, an unpinned plugin, or a version wordpress.org does not have', () => {
    publish('redis-cache', '2.5.4');
    const wrong = install(`redis-cache 2.5.4 ${'0'.repeat(64)}\n`);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('SHA-256 is not');
    expect(fs.existsSync(path.join(plugins, 'redis-cache'))).toBe(false);
    const unpinned = install('redis-cache\n');
    expect(unpinned.status).not.toBe(0);
    expect(unpinned.stderr).toContain('pinned version');
    expect(install('redis-cache 9.9.9\n').status).not.toBe(0);
  });

  test('the example list installs nothing until the customer pins plugins (its lines are examples)', () => {
    const run = spawnSync('sh', [INSTALLER, path.join(REPOSITORY, 'plugins.txt'), plugins], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(fs.readdirSync(plugins)).toEqual([]);
  });
});
