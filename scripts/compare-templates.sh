#!/usr/bin/env bash
# Compare every example's synthesized CloudFormation templates between a git ref (default: HEAD) and the work tree,
# so that a refactoring proves it changed no template, or names what it changed.
#
#   scripts/compare-templates.sh [ref]       # e.g. scripts/compare-templates.sh main
#
# Each example is bundled as `npm run example:*` does (esbuild, the library from ./src) and synthesized offline into
# a temporary directory, once in a worktree of the ref and once here; then scripts/compare-templates.js prints, per
# template, the resources added, removed and changed (with the changed properties). Exit code 1 when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:-HEAD}"
examples=(reference minimal existing-vpc composed pipeline)
out=$(mktemp -d)
base="${out}/base-tree"
git worktree add --detach -q "${base}" "${ref}"
trap 'git worktree remove --force "${base}" >/dev/null 2>&1 || true; rm -rf "${out}"' EXIT
ln -s "$(pwd)/node_modules" "${base}/node_modules"

synth() { # <tree> <destination>
  local tree="$1" dest="$2" name
  for name in "${examples[@]}"; do
    [ -f "${tree}/examples/${name}/main.ts" ] || continue
    (cd "${tree}" && npx esbuild "examples/${name}/main.ts" --bundle --platform=node --target=node20 --log-level=error \
      --alias:cdk-fargate-wordpress=./src/index.ts --external:aws-cdk-lib --external:constructs --external:cdk-nag \
      --outfile=".examples/compare-${name}.js" && CDK_OUTDIR="${dest}/${name}" node ".examples/compare-${name}.js" >/dev/null)
  done
}
synth "${base}" "${out}/base"
synth "$(pwd)" "${out}/head"
node scripts/compare-templates.js "${out}/base" "${out}/head" "${ref}"
