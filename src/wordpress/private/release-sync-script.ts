/**
 * The release sync: a POSIX shell script that copies what an image ships in `wp-content` onto the shared file system
 * once per image content. It runs in the site's `release-sync` container (the same image as WordPress, before it) and,
 * unchanged, in the unit tests (`sh -c` against temporary directories) and the real-WordPress suite.
 */

/** The directory of `wp-content` in the image (where the official image's entrypoint copies WordPress from). */
export const ENV_SYNC_SOURCE = 'RELEASE_SYNC_SOURCE';
/** Where the shared `wp-content` is mounted in the sync container. */
export const ENV_SYNC_TARGET = 'RELEASE_SYNC_TARGET';
/** The directories of `wp-content` whose entries are copied, separated by spaces. */
export const ENV_SYNC_DIRECTORIES = 'RELEASE_SYNC_DIRECTORIES';
/** Minutes after which a lock left by a task that died is taken over. */
export const ENV_SYNC_STALE_MINUTES = 'RELEASE_SYNC_STALE_MINUTES';

/** The directory on the file system holding the sync's lock, its record of the current content and its work area. */
export const SYNC_STATE_DIRECTORY = '.release-sync';

/**
 * What it does, in order:
 * 1. Hash the image's entries: the names of the directories, then every file's path and SHA-256 under them.
 * 2. When `.release-sync/current` on the file system holds that hash, exit: this content is already there.
 * 3. Take the lock: `mkdir .release-sync/lock`, which succeeds for exactly one client (an NFSv4 CREATE of an existing
 *    name fails with NFS4ERR_EXIST; EFS speaks NFSv4.0/4.1). Waiters poll every 2 s until the holder has recorded
 *    the hash (then exit) or the lock is gone; a lock older than the stale timeout (a task that died) is removed.
 * 4. Holding the lock, check the hash again, then for each shipped entry (theme, plugin, must-use plugin, file or
 *    directory): copy it into a work directory on the same file system, move a directory it replaces aside, and
 *    rename the copy into place (a rename within one file system: NFSv4 RENAME). A plugin directory is thus never
 *    half-written; between the two renames of a directory it is briefly absent.
 * 5. Write the hash to `current` (a rename too), append a line to `.release-sync/<hash>` (the record of each sync),
 *    remove the work directory and the lock. Any failure exits non-zero with the lock released: the WordPress
 *    container, which waits for this one to succeed, does not start, and ECS replaces the task.
 * Entries on the file system that the image does not ship are never touched.
 */
export const RELEASE_SYNC_SCRIPT = `set -eu
src="\${${ENV_SYNC_SOURCE}:-/usr/src/wordpress/wp-content}"
dst="\${${ENV_SYNC_TARGET}:?the mount point of the shared wp-content}"
dirs="\${${ENV_SYNC_DIRECTORIES}:-themes plugins mu-plugins}"
stale="\${${ENV_SYNC_STALE_MINUTES}:-15}"
state="$dst/${SYNC_STATE_DIRECTORY}"
cd "$src"
present=""
for d in $dirs; do if [ -d "$d" ]; then present="$present $d"; fi; done
hash=$( { echo "$dirs"; if [ -n "$present" ]; then find $present -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum; fi; } | sha256sum | cut -c1-64)
synced() { [ "$(cat "$state/current" 2>/dev/null || true)" = "$hash" ]; }
mkdir -p "$state"
if synced; then echo "release sync: $hash is already on the file system"; exit 0; fi
while ! mkdir "$state/lock" 2>/dev/null; do
  if [ -n "$(find "$state/lock" -maxdepth 0 -mmin +"$stale" 2>/dev/null)" ]; then
    echo "release sync: removing a lock older than $stale minutes"; rm -rf "$state/lock"; continue
  fi
  if synced; then echo "release sync: $hash was copied by another task"; exit 0; fi
  sleep 2
done
trap 'rm -rf "$state/lock"' EXIT
if synced; then echo "release sync: $hash was copied by another task"; exit 0; fi
rm -rf "$state"/work.*
work="$state/work.$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo $$)"
mkdir -p "$work/new" "$work/old"
count=0
for d in $present; do
  mkdir -p "$dst/$d"
  for entry in "$d"/*; do
    if [ ! -e "$entry" ] && [ ! -L "$entry" ]; then continue; fi
    name="\${entry#"$d"/}"
    cp -R "$entry" "$work/new/$d.$name"
    if [ -d "$dst/$d/$name" ] && [ ! -L "$dst/$d/$name" ]; then mv -T "$dst/$d/$name" "$work/old/$d.$name"; fi
    mv -T "$work/new/$d.$name" "$dst/$d/$name"
    count=$((count + 1))
  done
done
echo "$hash" > "$work/current"
mv -T "$work/current" "$state/current"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) copied $count entries of$present" >> "$state/$hash"
rm -rf "$work"
echo "release sync: copied $count entries of$present ($hash)"
`;
