#!/bin/sh
# Install the wordpress.org plugins pinned in a list into a plugins directory, at image build time.
#
#   install-plugins.sh <plugins.txt> <plugins directory>
#
# Each line of the list: `<slug> <version> [<sha256 of the zip>]`; `#` starts a comment. The zip comes from
# https://downloads.wordpress.org/plugin/<slug>.<version>.zip (PLUGIN_BASE_URL replaces the first part, e.g. a mirror).
# A checksum, when given, must match; a line without a version fails the build (no "latest": a release must be
# reproducible). The plugin's directory is replaced, so a version change in the list is what the next release ships.
set -eu
list="$1"
destination="$2"
base="${PLUGIN_BASE_URL:-https://downloads.wordpress.org/plugin}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$destination"

sed -e 's/#.*//' "$list" | while read -r slug version sha256 extra; do
  [ -n "${slug:-}" ] || continue
  if [ -z "${version:-}" ] || [ -n "${extra:-}" ]; then
    echo "$list: '$slug $version $sha256 $extra': write '<slug> <version> [<sha256>]', with a pinned version" >&2
    exit 1
  fi
  case "$slug$version" in
    *[!A-Za-z0-9._-]*) echo "$list: '$slug $version' is not a plugin slug and version" >&2; exit 1 ;;
  esac
  zip="$work/$slug.$version.zip"
  curl -fsSL --retry 3 -o "$zip" "$base/$slug.$version.zip"
  if [ -n "${sha256:-}" ]; then
    echo "$sha256  $zip" | sha256sum -c - > /dev/null || { echo "$slug $version: the zip's SHA-256 is not $sha256" >&2; exit 1; }
  else
    echo "warning: $slug $version has no checksum in $list; add the zip's SHA-256 to pin its content" >&2
  fi
  rm -rf "${destination:?}/$slug"
  if command -v unzip > /dev/null; then
    unzip -q "$zip" -d "$destination"
  else
    # The official image has PHP's zip extension but no unzip program.
    php -r '$z = new ZipArchive(); if ($z->open($argv[1]) !== true || !$z->extractTo($argv[2])) { exit(1); }' "$zip" "$destination"
  fi
  [ -d "$destination/$slug" ] || { echo "$slug $version: the zip has no $slug/ directory" >&2; exit 1; }
  echo "installed $slug $version"
done
