#!/usr/bin/env bash
# Every check the project has: lint, type check, unit and integration tests (real Temporal,
# PostgreSQL, serial ptys, SMTP). Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh

passed=0
failed=0
check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "!! $name failed"; fi
}
check "eslint" npx eslint .
check "tsc" npx tsc --noEmit -p .
check "tsc admin-ui" npx tsc --noEmit -p admin-ui
# The browser tests drive the built back office, served by the API.
check "vite build" npx vite build --config admin-ui/vite.config.ts --logLevel warn

# jest's own exit status, its results file and the counts read from it must all agree that the
# run passed: any one of them saying otherwise, or saying nothing, is a failure.
results=$(mktemp)
echo "== jest"
npx jest --ci --json --outputFile="$results" "$@"
jest_status=$?
counts=$(node scripts/jest-counts.js "$results" $([ $# -gt 0 ] && echo --subset))
rm -f "$results"
if [[ "$counts" =~ ^([0-9]+)\ ([0-9]+)$ ]]; then
  jest_passed=${BASH_REMATCH[1]}
  jest_failed=${BASH_REMATCH[2]}
else
  echo "!! jest: scripts/jest-counts.js printed no counts (${counts:-nothing})"
  jest_passed=0
  jest_failed=1
fi
if [ "$jest_status" -ne 0 ] && [ "$jest_failed" -eq 0 ]; then
  echo "!! jest exited $jest_status though no failure was counted"
  jest_failed=1
fi
passed=$((passed + jest_passed))
failed=$((failed + jest_failed))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
