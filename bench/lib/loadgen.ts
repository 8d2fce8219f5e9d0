// Drives the native load generator (bench/native/loadgen.c) over its line protocol.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { benchLibsrtp } from './libsrtp.js';
import { buildNative } from './native.js';

export type Suite = 'none' | 'AEAD_AES_256_GCM' | 'AEAD_AES_128_GCM' | 'AES_CM_128_HMAC_SHA1_80';

export type LoadResult = {
  seconds: number;
  sentPackets: number;
  sentBytes: number;
  sentRtcp: number;
  sendErrors: number;
  lateMeanUs: number;
  lateMaxUs: number;
  sinks: { packets: number; expected: number; lost: number; streams: number }[];
  received: number;
  receivedBytes: number;
  expected: number;
  lost: number;
  rtcpIn: number;
  decrypted: number;
  authFail: number;
  delay: { n: number; p50Us: number; p99Us: number; maxUs: number };
};

export class LoadGen {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly #lines: string[] = [];
  readonly #waiters: ((l: string) => void)[] = [];

  constructor(clipFile: string) {
    this.proc = spawn(buildNative('loadgen', benchLibsrtp().libs), [clipFile]);
    this.proc.stderr.on('data', (d: Buffer) => process.stderr.write(`[loadgen] ${d.toString()}`));
    createInterface({ input: this.proc.stdout }).on('line', (l) => {
      const w = this.#waiters.shift();
      if (w) w(l);
      else this.#lines.push(l);
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  #ask(cmd: string): Promise<string> {
    this.proc.stdin.write(`${cmd}\n`);
    const ready = this.#lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async #ok(cmd: string): Promise<void> {
    const r = await this.#ask(cmd);
    if (r !== 'ok') throw new Error(`loadgen: ${cmd.split(' ')[0]}: ${r}`);
  }

  async sinks(n: number): Promise<number[]> {
    const r = await this.#ask(`sinks ${n}`);
    return r.split(' ').slice(1).map(Number);
  }

  sinkKey(i: number, suite: Suite, keyBase64: string | undefined): Promise<void> {
    return this.#ok(`sinkkey ${i} ${suite} ${keyBase64 ? Buffer.from(keyBase64, 'base64').toString('hex') : '00'}`);
  }

  point(p: { port: number; ssrcs: [number, number, number, number]; suite: Suite; keyBase64?: string; phaseUs: number }): Promise<void> {
    const key = p.keyBase64 ? Buffer.from(p.keyBase64, 'base64').toString('hex') : '00';
    return this.#ok(`point ${p.port} ${p.ssrcs.join(' ')} ${p.suite} ${key} ${Math.round(p.phaseUs)}`);
  }

  async run(warmupMs: number, measureMs: number, decryptEvery: number): Promise<LoadResult> {
    return JSON.parse(await this.#ask(`run ${warmupMs} ${measureMs} ${decryptEvery}`)) as LoadResult;
  }

  close(): void {
    this.proc.stdin.end('quit\n');
    setTimeout(() => this.proc.exitCode === null && this.proc.kill('SIGKILL'), 2000).unref();
  }
}

/** A master key + salt of the right length for a suite, base64 (what mediasoup's srtpParameters carry). */
export function srtpKey(suite: Suite, rand: (n: number) => Buffer): string | undefined {
  const len = { none: 0, AEAD_AES_256_GCM: 44, AEAD_AES_128_GCM: 28, AES_CM_128_HMAC_SHA1_80: 30 }[suite];
  return len ? rand(len).toString('base64') : undefined;
}
