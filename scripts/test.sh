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

results=$(mktemp)
echo "== jest"
npx jest --ci --json --outputFile="$results" "$@"
read -r jest_passed jest_failed < <(node scripts/jest-counts.js "$results" $([ $# -gt 0 ] && echo --subset))
rm -f "$results"
passed=$((passed + jest_passed))
failed=$((failed + jest_failed))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
