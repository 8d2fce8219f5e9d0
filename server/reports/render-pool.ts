import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { ReportErrorCode } from '../../shared/reports/index.js';
import type { RenderedReport, RenderOptions, ReportRequest } from './formats.js';

// Runs renders in one worker thread, one job at a time (a render is CPU-bound; two at once on a
// small server would only slow both). The worker is started on first use, unref'd so it never
// keeps the process alive, and replaced if it dies or overruns a job.

export interface RenderJob {
  id: number;
  events: readonly MeetingEvent[];
  request: ReportRequest;
  options: RenderOptions;
}

export type RenderFailureCode = ReportErrorCode | 'REPORT_FAILED' | 'REPORT_TIMEOUT';

export type RenderReply =
  | { id: number; ok: true; report: RenderedReport }
  | { id: number; ok: false; code: RenderFailureCode; message: string };

export type RenderOutcome = { ok: true; report: RenderedReport } | { ok: false; code: RenderFailureCode; message: string };

/**
 * The compiled worker beside this file in a build; in development and tests (no build), its
 * TypeScript source, loaded through tsx's loader registered inside the worker (a worker does not
 * take `--import` from execArgv).
 */
function startWorker(): Worker {
  const js = new URL('./render-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./render-worker.ts', import.meta.url);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export class ReportRenderer {
  readonly #timeoutMs: number;
  #worker: Worker | null = null;
  #nextId = 1;
  #queue: Promise<unknown> = Promise.resolve();
  #pending = new Map<number, (reply: RenderReply) => void>();

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 120_000;
  }

  render(events: readonly MeetingEvent[], request: ReportRequest, options: RenderOptions = {}): Promise<RenderOutcome> {
    const run = this.#queue.then(() => this.#run({ id: this.#nextId++, events, request, options }));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker; a later render starts a new one. */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }

  #run(job: RenderJob): Promise<RenderOutcome> {
    const worker = this.#ensureWorker();
    return new Promise<RenderOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(job.id);
        void this.#discard(worker);
        resolve({ ok: false, code: 'REPORT_TIMEOUT', message: `over ${this.#timeoutMs / 1000} s` });
      }, this.#timeoutMs);
      timer.unref();
      this.#pending.set(job.id, (reply) => {
        clearTimeout(timer);
        resolve(reply.ok ? { ok: true, report: { ...reply.report, body: Buffer.from(reply.report.body) } } : reply);
      });
      worker.postMessage(job);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker();
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const done = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      done?.(reply);
    });
    const fail = (message: string) => {
      if (this.#worker === worker) this.#worker = null;
      for (const [id, done] of this.#pending) done({ id, ok: false, code: 'REPORT_FAILED', message });
      this.#pending.clear();
    };
    worker.on('error', (err) => fail(`renderer failed: ${err.message}`));
    worker.on('exit', (code) => fail(`renderer exited (${code})`));
    this.#worker = worker;
    return worker;
  }

  async #discard(worker: Worker): Promise<void> {
    if (this.#worker === worker) this.#worker = null;
    await worker.terminate();
  }
}
