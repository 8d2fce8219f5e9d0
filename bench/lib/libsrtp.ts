// The libsrtp the worker links: Debian's libsrtp2 2.5.0 *source* built with OpenSSL (the same
// source and options as scripts/mediasoup/stand-ins/libsrtp3), as a static library for the bench's
// C helpers. Built once into the temp dir with the meson/ninja that setup installed. When the
// source is not there (HOINGHI_SRTP_SYSTEM=1 installs), undefined: the bench then links Debian's
// NSS libsrtp2 and says so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LibsrtpBuild = { label: string; libs: string[] };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SYSTEM: LibsrtpBuild = { label: 'system libsrtp2 2.5.0, NSS', libs: ['-lsrtp2'] };

export function workerLibsrtp(): LibsrtpBuild | undefined {
  const cache = process.env.HOINGHI_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hoinghi');
  const src = join(cache, 'sources', 'libsrtp-2.5.0');
  const tools = join(root, 'build-tools', 'meson');
  if (!existsSync(join(src, 'meson.build')) || !existsSync(join(tools, 'bin', 'ninja'))) return undefined;
  const build = join(tmpdir(), 'hoinghi-bench-native', 'libsrtp2-openssl');
  const lib = join(build, 'libsrtp2.a');
  if (!existsSync(lib)) {
    rmSync(build, { recursive: true, force: true });
    mkdirSync(dirname(build), { recursive: true });
    const env = { ...process.env, PYTHONPATH: tools, NINJA: join(tools, 'bin', 'ninja') };
    const opts = ['-Dcrypto-library=openssl', '-Dcrypto-library-kdf=disabled', '-Dtests=disabled', '-Dpcap-tests=disabled', '-Ddoc=disabled', '-Ddefault_library=static', '-Dbuildtype=release'];
    execFileSync('python3', ['-m', 'mesonbuild.mesonmain', 'setup', build, ...opts], { cwd: src, env, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync(join(tools, 'bin', 'ninja'), ['-C', build], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // build/include/srtp2/srtp.h is the header as installed (meson copies it there)
  return { label: 'libsrtp 2.5.0 + OpenSSL, as in the worker', libs: [`-I${join(build, 'include')}`, lib, '-lcrypto'] };
}

/** The worker's libsrtp when it can be built, else Debian's. */
export function benchLibsrtp(): LibsrtpBuild {
  return workerLibsrtp() ?? SYSTEM;
}

export const systemLibsrtp = SYSTEM;
