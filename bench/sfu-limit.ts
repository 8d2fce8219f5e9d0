// The machine's limits measured in the same run as the SFU: the C forwarder (one in, ten out,
// recvmmsg/sendmmsg, no crypto, one core) and what one packet's encryption costs, with OpenSSL
// directly, through the libsrtp the worker links (Debian's source built with OpenSSL) and through
// Debian's binary libsrtp2 (built on NSS), to show what the choice of build is worth.
import { execFileSync } from 'node:child_process';
import { type LibsrtpBuild } from './lib/libsrtp.js';
import { buildNative } from './lib/native.js';

export type ForwarderResult = { seconds: number; payloadBytes: number; sentIn: number; forwardedOut: number; sinkReceived: number; forwarderCpuSeconds: number };
export type SrtpCost = {
  packetBytes: number;
  openssl: { aes128gcmUs: number; aes256gcmUs: number; aes128ctrHmacSha1Us: number };
  libsrtp: { version: string } & Record<'AEAD_AES_256_GCM' | 'AEAD_AES_128_GCM' | 'AES_CM_128_HMAC_SHA1_80', { protectUs: number; unprotectUs: number }>;
};

export function forwarderLimit(seconds: number): ForwarderResult & { outPerSecond: number; ceilingPerCore: number; usPerPacket: number } {
  const bin = buildNative('forwarder');
  const r = JSON.parse(execFileSync(bin, [String(seconds), '1100', '0', '1'], { encoding: 'utf8' })) as ForwarderResult;
  const ceilingPerCore = r.forwardedOut / Math.max(1e-6, r.forwarderCpuSeconds);
  return { ...r, outPerSecond: r.forwardedOut / r.seconds, ceilingPerCore, usPerPacket: 1e6 / ceilingPerCore };
}

export function srtpCost(build: LibsrtpBuild, packetBytes = 1112, iterations = 100_000): SrtpCost & { build: string } {
  const bin = buildNative('srtpcost', [...build.libs, '-lcrypto']);
  const r = JSON.parse(execFileSync(bin, [String(packetBytes), String(iterations)], { encoding: 'utf8' })) as SrtpCost;
  return { ...r, build: build.label };
}
