// The bench's side of bench:pipe's media nodes: forks bench/lib/pipe-node.ts once per node, each
// on its own loopback address (127.0.0.2, .3, .4 …) and port range, and calls it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { prioritise } from './proc.js';

export class MediaNode {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #next = 1;
  url = '';
  workerPids: number[] = [];

  constructor(readonly name: string) {
    this.#child = fork(fileURLToPath(new URL('./pipe-node.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const w = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new Error(`node ${name}: ${m.error}`));
    });
  }

  get pid(): number {
    return this.#child.pid!;
  }

  call<T = unknown>(op: string, a: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#child.send({ id, op, a });
    });
  }

  async close(): Promise<void> {
    await Promise.race([this.call('close').catch(() => undefined), new Promise((r) => setTimeout(r, 3000))]);
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }
}

/** Starts `count` media nodes of `workers` worker(s) each, every one told where the others are. */
export async function startNodes(count: number, workers: number): Promise<MediaNode[]> {
  const keyHex = randomBytes(32).toString('hex');
  const nodes: MediaNode[] = [];
  for (let i = 0; i < count; i++) {
    const node = new MediaNode(String.fromCharCode(65 + i));
    const r = await node.call<{ url: string; workerPids: number[] }>('start', { ip: `127.0.0.${2 + i}`, workers, minPort: 40000 + i * 3000, maxPort: 42999 + i * 3000, keyHex });
    node.url = r.url;
    node.workerPids = r.workerPids;
    r.workerPids.forEach(prioritise);
    prioritise(node.pid);
    nodes.push(node);
  }
  for (const n of nodes) await n.call('peers', { urls: nodes.filter((o) => o !== n).map((o) => o.url) });
  return nodes;
}
