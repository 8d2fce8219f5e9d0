#!/usr/bin/env bash
# The whole test suite: lint, typecheck, then every vitest test (unit tests beside the domain,
# integration tests against a real server, SQLite file and mediasoup worker, browser end-to-end
# tests in Debian's Chromium, mediasoup's upstream suite against our worker). Ends with one line "N passed, N failed" that CI reads.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p test-results
status=0
bash scripts/build.sh || exit 1
npm run --silent lint || status=1
npm run --silent typecheck || status=1
# Production dependency advisories (scripts/audit.sh): 1 = a high/critical advisory → fail;
# 2 = the advisory endpoint is unreachable here → printed as "AUDIT NOT RUN", not counted as a pass.
bash scripts/audit.sh; audit=$?
[ $audit -eq 1 ] && status=1
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=1
# mediasoup's own test suite against the worker we build (only for the whole suite, not a subset).
if [ $# -eq 0 ]; then
  node test/mediasoup-upstream/run.mjs --json --outputFile=test-results/mediasoup-upstream.json || status=1
  node scripts/test-summary.mjs test-results/vitest.json test-results/mediasoup-upstream.json || status=1
else
  node scripts/test-summary.mjs test-results/vitest.json || status=1
fi
exit $status
