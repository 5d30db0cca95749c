/**
 * Releases of a real WordPress for the content-model test: each release is a new document root (a new image's
 * /var/www/html), served by its own PHP-FPM and nginx on the site's one port, with the site's environment; the shared
 * file system is a directory that outlives the releases. Built on the servers of servers.ts.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { run, Server } from './processes';
import { copyWordpress, phpFpmSocket, PROGRAMS, startNginx, startPhpFpm, wordpressServerBlock } from './servers';

/** Write `files` (paths relative to `root`) with their contents. */
export function writeFiles(root: string, files: { [path: string]: string }): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A classic theme whose every page says which release served it. */
export function themeFiles(slug: string, release: string): { [path: string]: string } {
  return {
    [`${slug}/style.css`]: `/*\nTheme Name: ${slug}\nVersion: ${release}\n*/\n`,
    [`${slug}/index.php`]: `<!doctype html><html><head><?php wp_head(); ?></head><body><p id="release">theme ${release}</p><?php wp_footer(); ?></body></html>\n`,
  };
}

/** A plugin that answers `/?<slug>=1` with its slug and version, to show it is loaded. */
export function pluginFiles(slug: string, version: string): { [path: string]: string } {
  return {
    [`${slug}/${slug}.php`]: `<?php\n/*\nPlugin Name: ${slug}\nVersion: ${version}\n*/\n`
      + `add_action('init', function () { if (isset($_GET['${slug}'])) { header('Content-Type: text/plain'); echo '${slug} ${version}'; exit; } });\n`,
  };
}

/** One WordPress site on one port, released again and again from new document roots. */
export class ReleasedSite {
  private servers: Server[] = [];
  private releases = 0;
  /** The document root serving now. */
  public root = '';

  constructor(
    private readonly dir: string,
    public readonly name: string,
    public readonly port: number,
    /** The container's environment (from the synthesized template). */
    public readonly env: { [name: string]: string },
    private readonly track: (server: Server) => Server,
  ) {}

  /** The backend URL, which the site's public URL is pinned to. */
  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A new document root: a copy of WordPress (the image's code), not yet served. */
  public async newRoot(): Promise<string> {
    const n = this.releases + 1;
    const releaseDir = join(this.dir, `${this.name}-root-${n}`);
    mkdirSync(releaseDir);
    return copyWordpress(releaseDir);
  }

  /** Serve `root` instead of the current one: stop this site's servers, start a PHP-FPM and an nginx on the same port. */
  public async serve(root: string): Promise<void> {
    await this.stop();
    this.releases += 1;
    const pool = `${this.name}-${this.releases}`;
    this.servers.push(await startPhpFpm(this.dir, { pool, workers: 2, env: this.env }, this.track));
    this.servers.push(await startNginx(this.dir, {
      name: pool, servers: [wordpressServerBlock(this.port, root, phpFpmSocket(this.dir, pool))], ports: [this.port], accessLog: false,
    }, this.track));
    this.root = root;
  }

  /** Run PHP with WordPress loaded (wp-load.php of the serving root, this site's environment); resolves to its output. */
  public php(code: string, options: { installing?: boolean } = {}): Promise<string> {
    const prelude = `${options.installing ? "define('WP_INSTALLING', true);" : ''} require ${JSON.stringify(join(this.root, 'wp-load.php'))};`;
    return run(PROGRAMS.php!, ['-d', 'sendmail_path=/bin/false', '-d', 'display_errors=stderr', '-r', `${prelude}\n${code}`], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...this.env },
      timeoutMs: 60_000,
    });
  }

  /** Install WordPress with an administrator, as the installer would. */
  public async install(user: string, password: string): Promise<void> {
    await this.php(`require_once ABSPATH . 'wp-admin/includes/upgrade.php';
      $r = wp_install('Content model test', ${JSON.stringify(user)}, 'operator@example.com', false, '', ${JSON.stringify(password)});
      echo $r['user_id'];`, { installing: true });
  }

  /** Stop this site's servers (the shared directory stays). */
  public async stop(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all([...servers].reverse().map((s) => s.stop()));
  }
}
