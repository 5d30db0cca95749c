#!/usr/bin/env bash
# The app command integ-runner runs for each integration test (`integ-runner --app "scripts/integ-app.sh {filePath}"`):
# the TypeScript test through ts-node (transpile only: `npm test` type-checks it), then one compatibility step.
#
# Compatibility step, to remove once integ-runner reads cloud assembly schema 54: the newest integ-runner
# (@aws-cdk/integ-runner 2.197.10) bundles a toolkit library that reads schema 53 at most, while aws-cdk-lib >= 2.258.0
# writes schema 54 ("AssemblyVersionMismatch: Maximum schema version supported is 53.x.x, but found 54.0.0";
# toolkit-lib 1.28.0 is the first to read 54: https://github.com/aws/agentcore-cli/pull/1465). The assemblies these
# tests write use only artifact types and properties schema 53 already defines (stacks, asset manifests, tree,
# feature-flag report), so their manifests are relabelled 53.0.0. Any other major version fails here, loudly.
set -euo pipefail
node -r ts-node/register/transpile-only "$1"
node -e '
const fs = require("fs");
const path = require("path");
const dir = process.env.CDK_OUTDIR;
if (!dir) { throw new Error("CDK_OUTDIR is not set: run this through integ-runner (or the CDK CLI)"); }
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json") || f === "cdk.out")) {
  const full = path.join(dir, file);
  const json = JSON.parse(fs.readFileSync(full, "utf8"));
  const major = typeof json.version === "string" ? Number(json.version.split(".")[0]) : undefined;
  if (major === 54) {
    json.version = "53.0.0";
    fs.writeFileSync(full, JSON.stringify(json, undefined, 2));
  } else if (major !== undefined && major > 54) {
    throw new Error(`${file}: cloud assembly schema ${json.version}: check what changed before relabelling it (scripts/integ-app.sh)`);
  }
}
'
