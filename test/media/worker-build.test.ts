// The worker hoinghi builds (scripts/mediasoup/) must encrypt SRTP through OpenSSL: Debian's
// binary libsrtp2 runs on NSS and costs 4-5x more per packet (docs/MEDIASOUP-BUILD.md), which
// is most of what the SFU spends. A worker that links libsrtp2.so or NSS is the slow build.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as mediasoup from 'mediasoup';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** The binary mediasoup spawns: MEDIASOUP_WORKER_BIN, else its own worker/out/Release (node/lib/Worker.js). */
function workerBin(): string {
  return process.env.MEDIASOUP_WORKER_BIN ?? join(dirname(require.resolve('mediasoup')), '..', '..', 'worker', 'out', 'Release', 'mediasoup-worker');
}

describe('mediasoup worker build', () => {
  it.skipIf(process.env.HOINGHI_SRTP_SYSTEM === '1')('links libsrtp statically with OpenSSL, not Debian’s NSS libsrtp2', () => {
    const libs = execFileSync('ldd', [workerBin()], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .filter((l) => l !== '');
    expect(libs).toContain('libcrypto.so.3');
    expect(libs.filter((l) => /^lib(srtp2|nss3|nspr4)\.so/.test(l))).toEqual([]);
    // libsrtp's OpenSSL ciphers name themselves so (crypto/cipher/aes_gcm_ossl.c, aes_icm_ossl.c)
    const binary = readFileSync(workerBin()).toString('latin1');
    expect(binary).toContain('AES-256 GCM using openssl');
    expect(binary).toContain('AES-128 counter mode using openssl');
  });

  // scripts/mediasoup/patches/worker-0001: RTP datagrams go out through io_uring as plain sends,
  // not zero-copy ones (which cost more below ~10 KB and copy anyway on loopback). Upstream's
  // worker registers (pins) its 4,096 send buffers for zero copy: ~22 MB of VmPin here.
  it.skipIf(process.env.HOINGHI_WORKER_PATCHES === '0')('sends without zero copy: no send buffers pinned for io_uring', async () => {
    const worker = await mediasoup.createWorker({ logLevel: 'error' });
    try {
      const status = readFileSync(`/proc/${worker.pid}/status`, 'utf8');
      const pinnedKiB = Number(/VmPin:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      expect(pinnedKiB).toBeLessThan(1024);
    } finally {
      worker.close();
    }
  });
});

