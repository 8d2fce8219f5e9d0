#!/usr/bin/env bash
# Sets up everything hoinghi needs on Debian 12 (as root, or a user with sudo), from a clean clone:
#   1. Debian packages: the libraries the mediasoup worker is built against, ffmpeg and chromium
#      for the tests, poppler-utils to read PDF reports back, a font with Vietnamese glyphs,
#      PostgreSQL 15 and Redis 7 for the cluster tests (which start their own servers in temp dirs:
#      the packages are installed without a default cluster or a running service).
#   2. npm packages with `npm ci`; mediasoup's own postinstall builds its C++ worker through our
#      MESON wrapper (scripts/mediasoup/), since no prebuilt worker can be downloaded here.
#   3. The built worker is cached outside the repo, keyed by mediasoup's version and a hash of the
#      build scripts, so the next install takes seconds. A missing or corrupt cache rebuilds.
#   4. Builds the browser client and the server.
# Safe to run again: every step checks what is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

say() { printf '\033[1m[hoinghi setup]\033[0m %s\n' "$*"; }
die() { printf '[hoinghi setup] lỗi / error: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  pkg-config python3-pip patch libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev
  libflatbuffers-dev flatbuffers-compiler liburing-dev
  ffmpeg chromium firefox-esr poppler-utils zbar-tools fonts-dejavu-core
  postgresql-15 redis-server
)

# --- 0. Node ----------------------------------------------------------------------------------
command -v node >/dev/null || die "Node.js 20 is required (https://nodejs.org or Debian's nodesource package)."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a===20&&b>=19||a>=22?0:1)' \
  || die "Node.js >= 20.19 is required; found $(node --version)."

# --- 1. Debian packages -----------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  say "installing Debian packages: ${missing[*]}"
  # The tests start PostgreSQL and Redis themselves (test/services/); a system cluster on 5432 or
  # a redis-server on 6379 would only take memory and ports. postgresql-common reads this include
  # before the postgresql-15 postinst creates its default cluster, and policy-rc.d (invoke-rc.d's
  # documented hook, also honoured by deb-systemd-invoke) keeps new services from starting.
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' | $SUDO tee /etc/postgresql-common/createcluster.d/hoinghi-no-main-cluster.conf >/dev/null
  temp_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# hoinghi setup: no service starts while packages install\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    temp_policy=1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    [ -n "$temp_policy" ] && $SUDO rm -f /usr/sbin/policy-rc.d
    die "apt-get install failed"
  }
  [ -n "$temp_policy" ] && $SUDO rm -f /usr/sbin/policy-rc.d
  # Nor at the next boot.
  if [ -d /run/systemd/system ]; then
    for p in "${missing[@]}"; do
      case $p in
        redis-server) $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true ;;
        postgresql-15) $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true ;;
      esac
    done
  fi
fi

# --- 2+3. npm packages and the mediasoup worker -----------------------------------------------
MS_VERSION=$(node -p 'require("./package.json").dependencies.mediasoup')
SCRIPTS_HASH=$(cd scripts/mediasoup && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
CACHE_ROOT=${HOINGHI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hoinghi}
# HOINGHI_SRTP_SYSTEM=1 builds against Debian's NSS libsrtp2 instead of its source with OpenSSL
# (scripts/mediasoup/fetch-libsrtp-source.sh): a different worker, so a different cache entry.
[ "${HOINGHI_SRTP_SYSTEM:-0}" = 1 ] && SCRIPTS_HASH="$SCRIPTS_HASH-nss"
# HOINGHI_WORKER_PATCHES=0 builds upstream's worker without our performance patches
# (scripts/mediasoup/patches/, apply-patches.sh): also a different worker.
[ "${HOINGHI_WORKER_PATCHES:-1}" = 0 ] && SCRIPTS_HASH="$SCRIPTS_HASH-upstream"
CACHE_DIR="$CACHE_ROOT/mediasoup-worker/$MS_VERSION-$SCRIPTS_HASH"
CACHED_BIN="$CACHE_DIR/mediasoup-worker"
WORKER_BIN="$ROOT/node_modules/mediasoup/worker/out/Release/mediasoup-worker"
LOCK_HASH=$(sha256sum package-lock.json | cut -c1-16)
STAMP="$ROOT/node_modules/.hoinghi-install"
WANT_STAMP="$LOCK_HASH $MS_VERSION-$SCRIPTS_HASH"

cache_ok() {
  [ -x "$CACHED_BIN" ] && [ -f "$CACHED_BIN.sha256" ] &&
    (cd "$CACHE_DIR" && sha256sum --quiet -c mediasoup-worker.sha256 >/dev/null 2>&1)
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && [ -x "$WORKER_BIN" ]; then
  say "npm packages and mediasoup worker already installed"
else
  if cache_ok; then
    say "mediasoup $MS_VERSION worker from cache ($CACHE_DIR); npm ci"
    MEDIASOUP_WORKER_BIN="$CACHED_BIN" npm ci --no-audit --no-fund
    mkdir -p "$(dirname "$WORKER_BIN")"
    cp "$CACHED_BIN" "$WORKER_BIN"
  else
    [ -e "$CACHE_DIR" ] && { say "worker cache is incomplete or corrupt: rebuilding"; rm -rf "$CACHE_DIR"; }
    say "npm ci, building the mediasoup $MS_VERSION worker against Debian's libraries (about 6 minutes on 2 cores)"
    MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD=true MESON="$ROOT/scripts/mediasoup/meson-wrapper.sh" \
      npm ci --no-audit --no-fund
    [ -x "$WORKER_BIN" ] || die "npm ci finished but $WORKER_BIN was not built"
    tmp=$(mktemp -d "$CACHE_ROOT.tmp.XXXXXX" 2>/dev/null || { mkdir -p "$CACHE_ROOT"; mktemp -d "$CACHE_ROOT/tmp.XXXXXX"; })
    cp "$WORKER_BIN" "$tmp/mediasoup-worker"
    (cd "$tmp" && sha256sum mediasoup-worker > mediasoup-worker.sha256)
    mkdir -p "$(dirname "$CACHE_DIR")"
    rm -rf "$CACHE_DIR" && mv "$tmp" "$CACHE_DIR"
    say "worker cached in $CACHE_DIR"
  fi
  echo "$WANT_STAMP" > "$STAMP"
fi

# --- 4. Build ----------------------------------------------------------------------------------
say "building the client and the server"
bash scripts/build.sh
say "ready"
