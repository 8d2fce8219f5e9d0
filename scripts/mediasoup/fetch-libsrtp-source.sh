#!/usr/bin/env bash
# Puts the source of libsrtp 2.5.0 (Debian 12's own source package, libsrtp2) in $1/libsrtp-2.5.0,
# so the worker can be built with a libsrtp that encrypts through OpenSSL.
#
# Why: Debian builds its binary libsrtp2 against NSS. Through NSS, AES_CM_128_HMAC_SHA1_80 costs
# ~11 µs a packet and AEAD_AES_256_GCM ~2.1 µs; the same source built with OpenSSL does 2.2 µs and
# 1.2 µs (docs/BENCHMARKS.md, "SFU forwarding"). SRTP is most of the worker's CPU, so this is the
# SFU's largest single cost.
#
# How: apt's own machinery, with a private list directory and a deb-src entry for the mirror this
# machine already uses (the system's apt configuration is not changed). apt checks the Sources
# index against Debian's archive key; we also pin the upstream tarball's SHA-256.
# Nothing else is downloaded. HOINGHI_SRTP_SYSTEM=1 skips all this (Debian's NSS libsrtp2 is used).
set -euo pipefail

DEST=${1:?usage: fetch-libsrtp-source.sh <directory>}
ORIG=libsrtp2_2.5.0.orig.tar.gz
ORIG_SHA256=8a43ef8e9ae2b665292591af62aa1a4ae41e468b6d98d8258f91478735da4e09
SRC_DIR="$DEST/libsrtp-2.5.0"

say() { printf '[hoinghi libsrtp] %s\n' "$*" >&2; }

if [ -f "$SRC_DIR/.ok-$ORIG_SHA256" ]; then
  exit 0
fi

# The Debian mirror this machine installs from (deb822 first, then the one-line format).
mirror=
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ && /debian\/?$/ && !/security/ {print $2; exit}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1=="deb" && $3 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' /etc/apt/sources.list)
fi
mirror=${HOINGHI_DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian}}
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
cat > "$work/deb-src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: $codename
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=$work/deb-src.sources" -o "Dir::Etc::SourceParts=$work/none"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1
  -o APT::Sandbox::User=root -qq
)

say "downloading Debian's libsrtp2 source package from $mirror ($codename)"
if ! apt-get "${apt_opts[@]}" update >&2 ||
   ! (cd "$work" && apt-get "${apt_opts[@]}" source --download-only libsrtp2 >&2); then
  say "error: could not download Debian's libsrtp2 source package from $mirror."
  say "       Set HOINGHI_DEBIAN_MIRROR to a Debian mirror that carries sources, or set"
  say "       HOINGHI_SRTP_SYSTEM=1 to build with Debian's libsrtp2 (NSS: SRTP ~2-5x slower)."
  exit 1
fi
got=$(sha256sum "$work/$ORIG" 2>/dev/null | cut -d' ' -f1 || true)
if [ "$got" != "$ORIG_SHA256" ]; then
  say "error: $ORIG has SHA-256 '${got:-missing}', expected $ORIG_SHA256."
  say "       Debian's libsrtp2 source changed; update ORIG/ORIG_SHA256 in $0 after checking it."
  exit 1
fi

mkdir -p "$DEST"
rm -rf "$SRC_DIR"
tar -xzf "$work/$ORIG" -C "$DEST"
[ -f "$SRC_DIR/meson.build" ] || { say "error: $ORIG did not unpack to $SRC_DIR"; exit 1; }
touch "$SRC_DIR/.ok-$ORIG_SHA256"
say "libsrtp 2.5.0 source in $SRC_DIR"
