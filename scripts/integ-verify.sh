#!/usr/bin/env bash
# Verify the integration tests' committed snapshots (no AWS account): re-synthesize every test/integ.*.ts the way
# integ-runner writes a snapshot, then fail when a template of a test case differs from the committed one.
#
# Why not integ-runner's own snapshot check: it picks the stacks to compare by artifact id, while the test cases record
# their stacks by hierarchical id. The stacks of `WordpressHosting` are nested in a construct (artifact id
# `WordpressHostingIntegSiteCCD9D1B3`, hierarchical id `WordpressHostingInteg/Site`), so integ-runner 2.197.10 compares no
# template at all and reports UNCHANGED whatever changed (seen here: a resource added to a snapshot still passed).
# Re-synthesizing with `--force` and comparing in git cannot miss a change. The assertion stack is left out, as
# integ-runner leaves it out: its custom resources carry a new salt on every synthesis.
#
# On success the snapshot directories are put back as committed; on failure they hold the new snapshot to review and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
integ-runner --directory test --language typescript --app "scripts/integ-app.sh {filePath}" \
  --update-on-failed --dry-run --force --parallel-regions "${INTEG_REGION:-eu-west-1}" >/dev/null 2>&1 \
  || { echo 'integ-runner failed: run it without this script to see why'; exit 1; }
changed=$(git status --porcelain -- 'test/*.snapshot/*' | awk '{print $2}' | grep '\.template\.json$' | grep -v 'Assertions' || true)
if [ -n "${changed}" ]; then
  echo "integration test snapshots out of date (run 'npx projen integ:snapshot', review and commit):"
  echo "${changed}"
  git --no-pager diff --stat -- 'test/*.snapshot/*'
  exit 1
fi
git checkout -q -- 'test/*.snapshot/*'
git clean -qfd -- 'test/*.snapshot/*'
echo "integration test snapshots up to date: $(ls -d test/*.snapshot | wc -l) test(s)"
