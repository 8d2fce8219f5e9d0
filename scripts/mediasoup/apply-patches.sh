#!/usr/bin/env bash
# Applies our performance patches (scripts/mediasoup/patches/<set>-NNNN-*.patch, in order) to a
# source tree: "worker" to mediasoup's worker/ folder, "libsrtp" to the libsrtp source the worker
# links. Each patch is a plain `patch -p1` diff written to be offered upstream; its measured gain
# is in docs/MEDIASOUP-BUILD.md and docs/BENCHMARKS.md ("A faster worker").
# Idempotent: a patch already applied is left alone; one that applies neither way fails the build.
# HOINGHI_WORKER_PATCHES=0 builds without them (upstream's worker, for comparison).
set -euo pipefail
set_name=$1
tree=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[hoinghi meson] %s\n' "$*" >&2; }
[ "${HOINGHI_WORKER_PATCHES:-1}" = 0 ] && { say "$set_name patches: skipped (HOINGHI_WORKER_PATCHES=0)"; exit 0; }
shopt -s nullglob
for p in "$HERE/patches/$set_name"-[0-9][0-9][0-9][0-9]-*.patch; do
  name=$(basename "$p")
  if patch -d "$tree" -p1 -R --dry-run --silent --force < "$p" >/dev/null 2>&1; then
    continue
  fi
  if ! patch -d "$tree" -p1 --forward --silent --no-backup-if-mismatch < "$p" >/dev/null; then
    say "error: $name does not apply to $tree; check it against this version"
    exit 1
  fi
  say "applied $name"
done
