#!/usr/bin/env bash
# The DTLS crash fix. mediasoup's BIO callback tests `operationType == BIO_CB_RETURN`, but
# BIO_CB_RETURN is a flag OR-ed with the operation, so the test never matches and the callback
# returns 1 instead of `ret` on return calls. With an OpenSSL built with kernel TLS (Debian's),
# SSL_read then reads past its buffer and the worker segfaults as soon as a browser starts DTLS.
# Idempotent: a file already fixed is left alone; a file with neither form fails the build.
set -euo pipefail
file=$1
bad='(operationType == BIO_CB_RETURN)'
good='(operationType \& BIO_CB_RETURN)'
if grep -qF '(operationType & BIO_CB_RETURN)' "$file"; then
  exit 0
fi
if ! grep -qF "$bad" "$file"; then
  echo "[hoinghi meson] error: DTLS BIO callback line not found in $file; check the fix for this mediasoup version" >&2
  exit 1
fi
sed -i "s/(operationType == BIO_CB_RETURN)/$good/" "$file"
grep -qF '(operationType & BIO_CB_RETURN)' "$file"
echo "[hoinghi meson] applied the DTLS BIO callback fix to $file" >&2
