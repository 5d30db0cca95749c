#!/usr/bin/env bash
# Install check, as a customer would: pack the library, install the tarball into a fresh temporary CDK
# app (not this repository's sources), compile a TypeScript app against its typings and synthesize it.
# A packaging mistake (missing files, wrong main/types, missing .jsii) fails here.
# Needs the js package: `npx projen compile && npx projen package` (dist/js/*.tgz).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tarball=$(ls "$repo"/dist/js/cdk-fargate-wordpress@*.jsii.tgz 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "no dist/js/cdk-fargate-wordpress@*.jsii.tgz: run npx projen compile && npx projen package"; exit 1; }
cdk_version=$(node -p "require('$repo/node_modules/aws-cdk-lib/package.json').version")
constructs_version=$(node -p "require('$repo/node_modules/constructs/package.json').version")

app=$(mktemp -d /tmp/cfwp-install-check.XXXXXX)
trap 'rm -rf "$app"' EXIT
cd "$app"
echo "install check in $app: $(basename "$tarball") + aws-cdk-lib@$cdk_version + constructs@$constructs_version"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tarball" "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" >/dev/null

pkg=node_modules/cdk-fargate-wordpress
for f in package.json .jsii lib/index.js lib/index.d.ts README.md LICENSE; do
  [ -e "$pkg/$f" ] || { echo "the package lacks $f"; exit 1; }
done
for f in src test examples .ci; do
  [ ! -e "$pkg/$f" ] || { echo "the package ships $f, which only the repository needs"; exit 1; }
done

# The customer's app: the minimal drop-in of examples/minimal as published, with the context it records (what
# cdk.context.json would hold), in the same layout, plus its entry point.
mkdir -p examples/minimal
cp "$repo/examples/minimal/app.ts" examples/minimal/app.ts
cp "$repo/examples/context.ts" examples/context.ts
cp "$repo/scripts/install-check/app.ts" app.ts
# Compile the customer's app against the installed typings (lib/index.d.ts) with the repository's compiler, then run it.
"$repo/node_modules/.bin/tsc" --strict --noEmitOnError --skipLibCheck --types node --typeRoots "$repo/node_modules/@types" \
  --target ES2022 --module node16 --moduleResolution node16 --esModuleInterop --outDir out app.ts examples/minimal/app.ts examples/context.ts
CDK_OUTDIR="$app/cdk.out" node out/app.js
for t in cdk.out/*.template.json; do
  echo "synthesized $(basename "$t"): $(node -p "Object.keys(require('./$t').Resources).length") resources"
done
echo "install check: ok"
