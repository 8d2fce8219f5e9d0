#!/usr/bin/env bash
# MESON for mediasoup's worker build (see docs/MEDIASOUP-BUILD.md).
#
# mediasoup's postinstall calls "$MESON" for every meson step. This wrapper:
#  - runs a meson/ninja pair pip-installed once into build-tools/ (gitignored), since the versions
#    mediasoup pins are not on the local index and meson is not a Debian dependency we want;
#  - before `meson setup`, writes a stand-in for every subproject (Debian's libraries instead of
#    downloads), puts Debian's libsrtp2 source beside them (built with OpenSSL, see
#    fetch-libsrtp-source.sh; HOINGHI_SRTP_SYSTEM=1 keeps Debian's NSS build), applies the DTLS BIO
#    callback fix and our performance patches (apply-patches.sh), and forbids downloads
#    (--wrap-mode=nodownload).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOOLS_DIR=${HOINGHI_BUILD_TOOLS_DIR:-$HERE/../../build-tools/meson}
MESON_VERSION=1.12.1
NINJA_VERSION=1.13.2

say() { printf '[hoinghi meson] %s\n' "$*" >&2; }

ensure_tools() {
  if [ -f "$TOOLS_DIR/.ok-$MESON_VERSION-$NINJA_VERSION" ] && [ -x "$TOOLS_DIR/bin/ninja" ]; then
    return 0
  fi
  say "installing meson $MESON_VERSION and ninja $NINJA_VERSION into $TOOLS_DIR"
  rm -rf "$TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  if ! python3 -m pip install --quiet --disable-pip-version-check --no-user --target "$TOOLS_DIR" \
      "meson==$MESON_VERSION" "ninja==$NINJA_VERSION"; then
    say "error: could not pip-install meson==$MESON_VERSION and ninja==$NINJA_VERSION."
    say "       They come from PyPI (or this machine's pip index). Check 'python3 -m pip config list'."
    exit 1
  fi
  touch "$TOOLS_DIR/.ok-$MESON_VERSION-$NINJA_VERSION"
}

prepare_worker() { # $1: mediasoup's worker/ folder
  local worker=$1 wrap name dir
  [ -f "$worker/meson.build" ] && [ -d "$worker/subprojects" ] || {
    say "error: meson setup ran outside mediasoup's worker folder ($worker)"; exit 1; }
  for wrap in "$worker"/subprojects/*.wrap; do
    name=$(basename "$wrap" .wrap)
    [ -d "$HERE/stand-ins/$name" ] || continue # wingetopt: Windows only, never asked for here
    dir=$(sed -n 's/^directory *= *//p' "$wrap" | head -n1)
    [ -n "$dir" ] || { say "error: $wrap names no directory"; exit 1; }
    rm -rf "${worker:?}/subprojects/$dir"
    cp -R "$HERE/stand-ins/$name" "$worker/subprojects/$dir"
  done
  rm -rf "$worker/subprojects/libsrtp2-openssl"
  if [ "${HOINGHI_SRTP_SYSTEM:-0}" != 1 ]; then
    local sources=${HOINGHI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hoinghi}/sources
    "$HERE/fetch-libsrtp-source.sh" "$sources"
    cp -R "$sources/libsrtp-2.5.0" "$worker/subprojects/libsrtp2-openssl"
    "$HERE/apply-patches.sh" libsrtp "$worker/subprojects/libsrtp2-openssl"
    say "libsrtp: Debian's libsrtp2 2.5.0 source, built with OpenSSL"
  else
    say "libsrtp: Debian's libsrtp2 (NSS), as HOINGHI_SRTP_SYSTEM=1 asks"
  fi
  "$HERE/fix-dtls-bio-callback.sh" "$worker/src/RTC/DtlsTransport.cpp"
  "$HERE/apply-patches.sh" worker "$worker"
}

ensure_tools
export PYTHONPATH="$TOOLS_DIR${PYTHONPATH:+:$PYTHONPATH}"
export NINJA="$TOOLS_DIR/bin/ninja"

if [ "${1:-}" = setup ]; then
  shift
  prepare_worker "$PWD"
  exec python3 -m mesonbuild.mesonmain setup --wrap-mode=nodownload "$@"
fi
exec python3 -m mesonbuild.mesonmain "$@"
