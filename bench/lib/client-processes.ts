// The coordinator's handle on the load-generator processes (bench/signal-clients.ts).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoopPhase } from './loop-watch.js';
import type { Deliveries, Sent } from './signal-client.js';

const ENTRY = join(import.meta.dirname, '..', 'signal-clients.ts');

export type ClientSpec = { url: string; token: string; conf: number; node: number; lastSeq?: number };

export class ClientProcess {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #waiters: ((line: string) => void)[] = [];

  constructor() {
    this.#proc = spawn(process.execPath, ['--import', 'tsx', ENTRY], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stderr.on('data', (d: Buffer) => process.stderr.write(`[clients ${this.pid}] ${d.toString()}`));
    createInterface({ input: this.#proc.stdout, crlfDelay: Infinity }).on('line', (l) => this.#waiters.shift()?.(l));
  }

  get pid(): number {
    return this.#proc.pid!;
  }

  #ask<T>(req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#waiters.push((line) => {
        const answer = JSON.parse(line) as T & { error?: string };
        if (answer.error) reject(new Error(`client process ${this.pid}: ${answer.error}`));
        else resolve(answer);
      });
      this.#proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  connect(clients: ClientSpec[], parallel: number): Promise<{ connected: number; seconds: number; failed: Record<string, number> }> {
    return this.#ask({ op: 'connect', clients, parallel });
  }

  deliveries(sent: Sent[], ownerNode: number[]): Promise<Deliveries> {
    return this.#ask({ op: 'deliveries', sent, ownerNode });
  }

  /** Starts (then, called again without `start`, stops and returns) the process's event-loop watch. */
  loop(start: true): Promise<object>;
  loop(): Promise<LoopPhase>;
  loop(start?: true): Promise<object | LoopPhase> {
    return this.#ask(start ? { op: 'loop', start } : { op: 'loop' });
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.#proc.once('exit', r));
    this.#proc.stdin.write(`${JSON.stringify({ op: 'close' })}\n`);
    await exited;
  }
}
