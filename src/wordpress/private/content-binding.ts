/** Where a site's WordPress code lives: in the image, or on the shared file system with the uploads. */
export type ContentKind = 'IMMUTABLE' | 'SHARED';

/** What a `WordpressContent` means to the site that runs it, as the customer chose it (defaults applied by the site). */
export interface ContentBinding {
  readonly kind: ContentKind;
  /** `shared({ releaseSync })`, as given. */
  readonly releaseSync?: boolean;
  /** `shared({ releaseSyncDirectories })`, as given. */
  readonly releaseSyncDirectories?: string[];
}
