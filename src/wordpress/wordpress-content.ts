import { ContentBinding } from './private/content-binding';

/** Options of `WordpressContent.shared()`. */
export interface SharedContentOptions {
  /**
   * Copy what the image ships in `wp-content` onto the file system once per image content, before WordPress starts.
   *
   * A non-essential container of the same image runs first in every task (`release-sync`); the WordPress container
   * starts only after it exits with status 0. It hashes the image's `/usr/src/wordpress/wp-content/<directory>/*`
   * entries and, when the file system's last synchronized content differs, takes a lock on the file system (one task
   * copies, the others wait), copies each shipped theme, plugin or must-use plugin next to its target and renames it
   * into place, then records the hash. Entries the image does not ship (plugins installed from the dashboard, uploads)
   * are never touched; a shipped entry that an operator changed on the file system is replaced by the image's version
   * at the next release that changes the image's content.
   *
   * Not with a blue/green `deployment`: a pipeline's release replaces the WordPress container's image only, so the
   * sync would copy the template's image, not the release's (use `immutable()` there, the default).
   *
   * @default - true when the site runs an image other than the official `wordpress` image (a customer's image ships
   * its themes and plugins) and its deployment is rolling; false with the official image, whose bundled themes and
   * plugins WordPress updates itself on the file system (syncing the image's older copies over them would downgrade
   * them), and false with a blue/green deployment
   */
  readonly releaseSync?: boolean;

  /**
   * The directories of `wp-content` whose entries the release sync copies from the image.
   *
   * @default ['themes', 'plugins', 'mu-plugins']
   */
  readonly releaseSyncDirectories?: string[];
}

/**
 * Where WordPress's code comes from: the image (immutable), or the shared file system with the uploads (shared).
 *
 * - `immutable()`: core, themes, plugins and must-use plugins come from the image; only `wp-content/uploads` is on
 *   the shared file system. WordPress cannot change its own code (`DISALLOW_FILE_MODS`, automatic updates off), so a
 *   release ships, and a rollback restores, exactly the code it built. The default of a blue/green site.
 * - `shared()`: all of `wp-content` is on the shared file system, so operators install plugins and themes from the
 *   dashboard; what a customer's image ships reaches the file system once per release (the release sync). The default
 *   of a rolling site.
 */
export abstract class WordpressContent {
  /**
   * WordPress core, themes, plugins and must-use plugins from the image; only `wp-content/uploads` on the shared file
   * system (its access point is rooted at `/wp-content/uploads`). Adds `DISALLOW_FILE_MODS`,
   * `AUTOMATIC_UPDATER_DISABLED` and `WP_AUTO_UPDATE_CORE = false` to the WordPress configuration. Needs an image
   * source: a site released by a pipeline (blue/green `deployment`) or an `image` other than the official one.
   */
  public static immutable(): WordpressContent {
    return new ContentChoice({ kind: 'IMMUTABLE' });
  }

  /**
   * All of `wp-content` on the shared file system (its access point is rooted at `/wp-content`): operators install
   * and update plugins and themes from the dashboard, and every task sees them. With a customer's image, a release
   * sync copies what the image ships onto the file system once per image content.
   */
  public static shared(options: SharedContentOptions = {}): WordpressContent {
    return new ContentChoice({
      kind: 'SHARED',
      releaseSync: options.releaseSync,
      releaseSyncDirectories: options.releaseSyncDirectories ? [...options.releaseSyncDirectories] : undefined,
    });
  }

  /** True when WordPress's code comes from the image and only the uploads are shared (`immutable()`). */
  public abstract readonly codeFromImage: boolean;

  /**
   * What this choice means to the site that runs it.
   *
   * @internal
   */
  public abstract _bind(): ContentBinding;
}

/** One of the two choices. */
class ContentChoice extends WordpressContent {
  public readonly codeFromImage: boolean;

  constructor(private readonly binding: ContentBinding) {
    super();
    this.codeFromImage = binding.kind === 'IMMUTABLE';
  }

  /** @internal */
  public _bind(): ContentBinding {
    return this.binding;
  }
}
