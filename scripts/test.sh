#!/usr/bin/env bash
# The single test command: installs (when missing) and starts the real components the
# integration tests need (scripts/test-env.sh: two Docker engines, an image registry,
# Chromium), runs `mvn -B verify "$@"`, stops what it started and exits with Maven's code.
# Under CI=true a component that cannot be provided fails the run before Maven starts.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/test-env.sh
source scripts/test-env.sh

trap alexos_env_stop EXIT
trap 'exit 130' INT TERM

if ! alexos_env_install && [ "${CI:-}" = "true" ]; then
  echo "scripts/test.sh: could not install the test components (see above)" >&2; exit 1
fi
if ! alexos_env_start; then
  echo "scripts/test.sh: the real test environment is incomplete under CI=true (see above)" >&2
  exit 1
fi

mvn -B verify "$@"
rc=$?
exit $rc
