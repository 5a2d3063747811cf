#!/usr/bin/env bash
# The real components the integration tests (*IT) run against, on private paths:
# two Docker engines (no bridge, no iptables: the network rule of real-test-env.md), a base
# image local/busybox:1 imported from Debian's static busybox, an image registry on
# 127.0.0.1:<free port>, and headless Chromium.
#
# Use it sourced (scripts/test.sh does):
#     source scripts/test-env.sh
#     alexos_env_install && alexos_env_start    # exports ALEXOS_IT_*
#     ...; alexos_env_stop
# or as a command:
#     scripts/test-env.sh install
#     scripts/test-env.sh run -- CMD ARGS...      # start, run CMD with ALEXOS_IT_* set, stop
#     scripts/test-env.sh engine-start DIR        # (re)start one engine of a running env
#     scripts/test-env.sh engine-stop DIR [kill]  # stop it (kill: SIGKILL, like a crash)
#
# Exports: ALEXOS_IT_DOCKER_HOST, ALEXOS_IT_DOCKER_HOST_2 (unix://...sock),
# ALEXOS_IT_REGISTRY (127.0.0.1:port), ALEXOS_IT_CHROMIUM, ALEXOS_IT_CHROMEDRIVER,
# ALEXOS_IT_ENV_DIR (engines in $ALEXOS_IT_ENV_DIR/engine1, engine2), ALEXOS_IT_ENV_SCRIPT.
# Under CI=true a component that cannot be provided is an error; otherwise a warning and
# its variable stays unset (the tests that need it are then skipped, never under CI).

ALEXOS_ENV_PACKAGES=(docker.io busybox-static docker-registry chromium chromium-driver)
ALEXOS_ENV_SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

_alexos_log() { printf '[test-env] %s\n' "$*" >&2; }

# A missing component: fatal under CI, a warning otherwise. Returns 1 so callers can stop.
_alexos_missing() {
  if [ "${CI:-}" = "true" ]; then
    _alexos_log "ERROR: $* (CI=true: a component that cannot be provided is a failure)"
    ALEXOS_ENV_FAILED=1
  else
    _alexos_log "WARNING: $* (its integration tests will be skipped)"
  fi
  return 1
}

_alexos_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else _alexos_log "need root for: $*"; return 1
  fi
}

# Installs the Debian packages that are missing (apt-get update first, non-interactive).
alexos_env_install() {
  local missing=() p
  for p in "${ALEXOS_ENV_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    _alexos_missing "packages ${missing[*]} are missing and apt-get is not available"; return 1
  fi
  _alexos_log "installing ${missing[*]}"
  if ! _alexos_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
     ! _alexos_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
         -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >&2; then
    _alexos_missing "apt-get install ${missing[*]} failed"; return 1
  fi
}

# A free TCP port on 127.0.0.1: nothing answers a connect to it.
_alexos_free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

_alexos_docker() { # DIR ARGS...: the docker CLI against the engine in DIR
  local dir=$1; shift
  DOCKER_HOST="unix://$dir/docker.sock" docker "$@"
}

# Starts (or restarts) the engine whose private paths are under DIR; waits for `docker info`.
alexos_engine_start() {
  local dir=$1 driver=${2:-} i
  mkdir -p "$dir"
  [ -z "$driver" ] && [ -f "$dir/storage-driver" ] && driver=$(cat "$dir/storage-driver")
  local args=(--bridge=none --iptables=false --ip-forward=false --ip-masq=false
    -H "unix://$dir/docker.sock" --data-root "$dir/data" --exec-root "$dir/exec"
    --pidfile "$dir/docker.pid")
  [ -n "$driver" ] && args+=(--storage-driver "$driver")
  rm -f "$dir/docker.sock"
  _alexos_clear_stale_containerd "$dir"
  local fresh=0; [ -d "$dir/data" ] || fresh=1
  dockerd "${args[@]}" >>"$dir/dockerd.log" 2>&1 </dev/null &
  local pid=$!
  for i in $(seq 1 120); do
    if _alexos_docker "$dir" info >/dev/null 2>&1; then
      echo "$pid" >"$dir/dockerd.pid"; [ -n "$driver" ] && echo "$driver" >"$dir/storage-driver"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  _alexos_log "dockerd in $dir did not answer; last lines of its log:"
  tail -n 15 "$dir/dockerd.log" >&2
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  if [ -z "$driver" ] && [ $fresh = 1 ]; then # overlay2 may fail on some file systems: vfs works
    rm -rf "$dir/data" "$dir/exec"
    _alexos_log "retrying $dir with --storage-driver vfs"
    alexos_engine_start "$dir" vfs; return
  fi
  return 1
}

# After a SIGKILL of dockerd its containerd may be gone (or a zombie) while its pid file stays:
# a new dockerd would then wait for it until it times out. End it and drop the pid file.
_alexos_clear_stale_containerd() {
  local dir=$1 pidfile=$1/exec/containerd/containerd.pid pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null)
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$dir/"; then
    kill -9 "$pid" 2>/dev/null
    for i in $(seq 1 40); do
      [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null || break
      sleep 0.25
    done
  fi
  rm -f "$pidfile"
}

# Stops the engine under DIR: SIGTERM and wait (or SIGKILL with "kill", like a crash).
alexos_engine_stop() {
  local dir=$1 mode=${2:-term} pid i
  pid=$(cat "$dir/docker.pid" 2>/dev/null || cat "$dir/dockerd.pid" 2>/dev/null) || return 0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  if [ "$mode" = kill ]; then kill -9 "$pid"; else kill -TERM "$pid"; fi
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null
  return 0
}

# Processes left with our private paths in their command line (a containerd or its shims
# after a SIGKILL of dockerd): they belong to this env only, so end them by pid.
_alexos_reap() {
  local dir=$1 p
  for p in /proc/[0-9]*; do
    if tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$dir/"; then
      kill -9 "${p#/proc/}" 2>/dev/null
    fi
  done
}

_alexos_import_base_image() {
  local dir=$1 r
  r=$(mktemp -d "$ALEXOS_IT_ENV_DIR/rootfs.XXXXXX") || return 1
  mkdir -p "$r/bin" && cp /bin/busybox "$r/bin/" || return 1
  local c
  for c in sh sleep echo httpd wget cat ls ps id env true false kill top; do ln -s busybox "$r/bin/$c"; done
  tar -C "$r" -c . | _alexos_docker "$dir" import -c 'CMD ["/bin/sleep","3600"]' - local/busybox:1 >/dev/null
  local rc=$?
  rm -rf "$r"
  return $rc
}

_alexos_start_registry() {
  local dir=$ALEXOS_IT_ENV_DIR/registry port i attempt
  mkdir -p "$dir/storage"
  for attempt in 1 2 3; do
    port=$(_alexos_free_port) || return 1
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
    docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$dir/registry.pid"
    for i in $(seq 1 40); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
        export ALEXOS_IT_REGISTRY="127.0.0.1:$port"; return 0
      fi
      kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null || break
      sleep 0.25
    done
    kill "$(cat "$dir/registry.pid")" 2>/dev/null
  done
  tail -n 10 "$dir/registry.log" >&2
  return 1
}

# Starts everything; exports ALEXOS_IT_*. Returns non-zero when something is missing under CI.
alexos_env_start() {
  ALEXOS_ENV_FAILED=0
  export ALEXOS_IT_ENV_DIR
  ALEXOS_IT_ENV_DIR=$(mktemp -d /tmp/alexos-it.XXXXXX) # short: unix socket paths are limited
  export ALEXOS_IT_ENV_SCRIPT=$ALEXOS_ENV_SCRIPT_PATH
  export DOCKER_BUILDKIT=0 # classic builder: works offline, no buildx needed
  _alexos_log "private dir $ALEXOS_IT_ENV_DIR"
  if [ "$(id -u)" != 0 ]; then
    _alexos_missing "Docker engines need root (running as $(id -un))"
  elif ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
    _alexos_missing "dockerd/docker not installed"
  else
    local n var
    for n in 1 2; do
      var=ALEXOS_IT_DOCKER_HOST; [ $n = 2 ] && var=ALEXOS_IT_DOCKER_HOST_2
      if alexos_engine_start "$ALEXOS_IT_ENV_DIR/engine$n"; then
        if _alexos_import_base_image "$ALEXOS_IT_ENV_DIR/engine$n"; then
          export "$var=unix://$ALEXOS_IT_ENV_DIR/engine$n/docker.sock"
          _alexos_log "engine $n: ${!var} ($(_alexos_docker "$ALEXOS_IT_ENV_DIR/engine$n" version -f '{{.Server.Version}}' 2>/dev/null))"
        else
          _alexos_missing "could not import local/busybox:1 into engine $n (is busybox-static installed?)"
        fi
      else
        _alexos_missing "Docker engine $n did not start (log: $ALEXOS_IT_ENV_DIR/engine$n/dockerd.log)"
      fi
    done
  fi
  if command -v docker-registry >/dev/null && _alexos_start_registry; then
    _alexos_log "registry: $ALEXOS_IT_REGISTRY"
  else
    _alexos_missing "the image registry (docker-registry) did not start"
  fi
  local chromium
  chromium=$(command -v chromium || true)
  if [ -n "$chromium" ] && "$chromium" --headless --no-sandbox --version >/dev/null 2>&1; then
    export ALEXOS_IT_CHROMIUM=$chromium
    command -v chromedriver >/dev/null && export ALEXOS_IT_CHROMEDRIVER=$(command -v chromedriver)
    _alexos_log "chromium: $ALEXOS_IT_CHROMIUM"
  else
    _alexos_missing "chromium is not installed or does not run"
  fi
  return "$ALEXOS_ENV_FAILED"
}

# Stops whatever alexos_env_start started and removes the private dir. Safe to call twice.
alexos_env_stop() {
  local dir=${ALEXOS_IT_ENV_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local pid n m
  pid=$(cat "$dir/registry/registry.pid" 2>/dev/null) && kill "$pid" 2>/dev/null
  for n in 1 2; do
    if [ -d "$dir/engine$n" ]; then
      _alexos_docker "$dir/engine$n" ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$dir/engine$n/docker.sock" docker rm -f >/dev/null 2>&1
      alexos_engine_stop "$dir/engine$n"
    fi
  done
  _alexos_reap "$dir"
  # overlay and netns mounts left under the dir by the engines: deepest first
  grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
  rm -rf "$dir" 2>/dev/null || _alexos_log "could not remove all of $dir"
  _alexos_log "stopped"
  unset ALEXOS_IT_ENV_DIR
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  cmd=${1:-}; shift || true
  case "$cmd" in
    install) alexos_env_install ;;
    run)
      [ "${1:-}" = "--" ] && shift
      alexos_env_install
      trap alexos_env_stop EXIT
      trap 'exit 130' INT TERM
      alexos_env_start || { _alexos_log "environment incomplete"; exit 1; }
      "$@"
      ;;
    engine-start) alexos_engine_start "$1" ;;
    engine-stop) alexos_engine_stop "$1" "${2:-term}" ;;
    *) echo "usage: $0 install | run -- CMD ARGS... | engine-start DIR | engine-stop DIR [kill]" >&2; exit 2 ;;
  esac
fi
