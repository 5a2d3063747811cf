#!/usr/bin/env bash
# Builds ALEX OS and starts the reference server on embedded defaults: data in ./data, logs in
# ./logs, drop-in plugins in ./plugins, port 8000 (WATCHTOWER_PORT), bound to 127.0.0.1
# (ALEXOS_BIND). It prints the dashboard URL and, on first start, the admin token.
# Stop it with Ctrl-C: the server shuts down gracefully (requests finish, agents stop, the
# ledger is flushed).
#
# Memory and start-up (docs/operations.md, docs/performance.md "Start-up and memory"):
# - JAVA_OPTS defaults to the measured small-memory set below; set JAVA_OPTS to override it.
# - ALEXOS_CDS (default on here): an application class-data archive in data/cds/alexos.jsa.
#   The first run writes it when the server stops (Ctrl-C); later runs map it and start
#   about twice as fast. It is tied to the exact jars: a rebuild that changes any jar deletes
#   it and that run writes a new one. ALEXOS_CDS=off runs without.
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
# small heap, serial GC, C1 only: the measured set of docs/operations.md ("Small-memory flags")
: "${JAVA_OPTS:=-XX:+UseSerialGC -Xms8m -Xmx48m -Xss256k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError}"
export JAVA_OPTS
export ALEXOS_CDS="${ALEXOS_CDS:-on}"
case "$ALEXOS_CDS" in
  on|true|TRUE|1|yes)
    export ALEXOS_CDS_ARCHIVE="${ALEXOS_CDS_ARCHIVE:-$ALEXOS_DATA_DIR/cds/alexos.jsa}"
    mkdir -p "$(dirname "$ALEXOS_CDS_ARCHIVE")"
    # The JVM accepts an archive only for jars with the size and modification time they had
    # when it was written, and every build rewrites the jars. So: the archive is kept with a
    # digest of the jars' contents; same contents -> the jars get one fixed modification time
    # (as when the archive was written) and the archive is used; other contents -> the archive
    # is deleted and this run writes a new one. A stale or damaged archive is never fatal: the
    # JVM then warns and starts without it.
    stamp=$(cd "$DIST/lib" && sha256sum ./*.jar | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$ALEXOS_CDS_ARCHIVE.jars" 2>/dev/null)" != "$stamp" ]; then
      rm -f "$ALEXOS_CDS_ARCHIVE"
      echo "$stamp" > "$ALEXOS_CDS_ARCHIVE.jars"
    fi
    touch -d @946684800 "$DIST"/lib/*.jar
    [ -s "$ALEXOS_CDS_ARCHIVE" ] || echo "run.sh: no class-data archive yet; this run writes one when it stops (Ctrl-C)" ;;
esac
export ALEXOS_PLUGINS_DIR="${ALEXOS_PLUGINS_DIR:-$ROOT/plugins}"
export ALEXOS_LOG_DIR="${ALEXOS_LOG_DIR:-$ROOT/logs}"
mkdir -p "$ALEXOS_DATA_DIR" "$ALEXOS_PLUGINS_DIR" "$ALEXOS_LOG_DIR"
if [ -z "${ALEXOS_CONFIG:-}" ] && [ -f "$ROOT/config/alexos.yml" ]; then
  export ALEXOS_CONFIG="$ROOT/config/alexos.yml"
fi
exec "$DIST/bin/alexos" "$@"
