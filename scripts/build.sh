#!/usr/bin/env bash
# Builds the browser client and the server into dist/, unless dist/ was built from exactly these
# inputs. `bash scripts/setup.sh && npm test` (the README's test command, and CI) asks for a build
# twice: the second one re-ran vite and tsc on the same files for about 25 s. The stamp is a hash of
# every input file's path and content; it is removed before a build starts and written only after
# it succeeds, so a build cut short is never taken for a whole one. `npm run build` on its own
# removes the stamp too: dist/ built from other sources than the stamp's is never taken for them.
# HOINGHI_BUILD=always builds anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STAMP=dist/.build-inputs
inputs() {
  find client server shared -type f ! -path '*/node_modules/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  sha256sum package.json package-lock.json vite.config.ts tsconfig.json tsconfig.build.json
}
WANT=$(inputs | sha256sum | cut -c1-32)
if [ "${HOINGHI_BUILD:-}" != always ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  printf '[hoinghi build] dist/ is already built from these sources\n'
  exit 0
fi
rm -f "$STAMP"
npm run --silent build
echo "$WANT" > "$STAMP"
