// The main thread's handle on the writer thread (sqliteWriter.ts): one request, one reply, in the
// order sent. The worker keeps the process alive only while a write is on its way (an idle
// store never holds a process open), and a worker that dies refuses what it had in hand, then
// is started afresh for the next write.
//
// A worker that died after a COMMIT but before its reply leaves an append on disk that its
// caller was told failed: the room's next append then meets a SeqConflictError and the room
// closes rather than fork the log (room.ts). Nothing acked is ever lost.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fromWire, type WriterReply, type WriterRequest } from './sqliteWriterProtocol.js';

type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The compiled worker beside this file in a build; its TypeScript source through tsx otherwise. */
function startWorker(path: string): Worker {
  const js = new URL('./sqliteWriter.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: { path } });
  const ts = new URL('./sqliteWriter.ts', import.meta.url);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { path } });
}

export class SqliteWriterThread {
  readonly #path: string;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(path: string) {
    this.#path = path;
  }

  /** Starts the thread now, so its start-up overlaps the server's instead of the first write. */
  start(): void {
    this.#ensureWorker();
  }

  request(request: Request): Promise<unknown> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ ...request, id } as WriterRequest);
    });
  }

  /** Closes the writer's connection (after every write sent before) and ends the thread. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    // The writer closes its connection first (after every write sent before), then the thread
    // is stopped: tsx's loader in development keeps a worker alive on its own.
    await this.request({ op: 'close' }).catch(() => undefined);
    this.#worker = null;
    await worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(this.#path);
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return; // the worker's "ready"
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(fromWire(reply.error));
    });
    const fail = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`the store's writer thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new Error(`the store's writer thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}
