#!/usr/bin/env bash
# Builds ALEX OS and starts the reference server on embedded defaults: data in ./data, logs in
# ./logs, drop-in plugins in ./plugins, port 8000 (WATCHTOWER_PORT), bound to 127.0.0.1
# (ALEXOS_BIND). It prints the dashboard URL and, on first start, the admin token.
# Stop it with Ctrl-C: the server shuts down gracefully (requests finish, agents stop, the
# ledger is flushed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

if [ "${ALEXOS_SKIP_BUILD:-}" != "1" ]; then
  echo "Building (mvn -B -q -DskipTests package) ..."
  mvn -B -q -DskipTests package
fi

DIST=$(ls -d "$ROOT"/alexos-dashboard-javalin/target/alexos-*/alexos-*/ 2>/dev/null | head -1)
if [ -z "$DIST" ] || [ ! -x "$DIST/bin/alexos" ]; then
  echo "run.sh: the distribution was not built (alexos-dashboard-javalin/target/alexos-*)" >&2
  exit 1
fi

# keep state in the checkout, not in target/ (which a clean build deletes)
export ALEXOS_DATA_DIR="${ALEXOS_DATA_DIR:-$ROOT/data}"
export ALEXOS_PLUGINS_DIR="${ALEXOS_PLUGINS_DIR:-$ROOT/plugins}"
export ALEXOS_LOG_DIR="${ALEXOS_LOG_DIR:-$ROOT/logs}"
mkdir -p "$ALEXOS_DATA_DIR" "$ALEXOS_PLUGINS_DIR" "$ALEXOS_LOG_DIR"
if [ -z "${ALEXOS_CONFIG:-}" ] && [ -f "$ROOT/config/alexos.yml" ]; then
  export ALEXOS_CONFIG="$ROOT/config/alexos.yml"
fi
exec "$DIST/bin/alexos" "$@"
