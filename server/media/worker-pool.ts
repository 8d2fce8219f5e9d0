import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { describeMediaAddresses, mediaAddresses, type MediaAddress } from './media-addresses.js';
import { webRtcListenInfos } from './media-config.js';

/** One mediasoup worker (one process, one core) with its WebRtcServer: the worker's single UDP+TCP port. */
export type PooledWorker = {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** consumers forwarding packets now on this worker's routers (paused ones excluded): the load that decides where receivers go */
  consumers: number;
  alive: boolean;
};

type PoolEvents = {
  /** A worker process died; every router on it is gone. */
  died: [index: number];
  /** The dead worker at that index was replaced by a fresh one on the same port. */
  replaced: [index: number];
};

export type WorkerPoolOptions = {
  rtc: Config['rtc'];
  logger: Logger;
  /** worker log level (mediasoup's own), 'warn' by default */
  logLevel?: types.WorkerLogLevel;
  /** mediasoup log tags to enable (diagnostics: 'simulcast', 'rtcp', 'bwe', ...) */
  logTags?: types.WorkerLogTag[];
};

const RESPAWN_DELAY_MS = 500;

/**
 * The workers of this server. A worker that dies (crash, SIGKILL, OOM) is replaced on the same
 * WebRtcServer port, so announced addresses and firewall rules stay valid; the conferences that
 * lived on it are rebuilt by their owners on the `died` event.
 */
export class WorkerPool extends EventEmitter<PoolEvents> {
  readonly #opts: WorkerPoolOptions;
  readonly #slots: (PooledWorker | undefined)[] = [];
  #closed = false;
  #readyWaiters: (() => void)[] = [];
  /** Read once at start: a replaced worker binds the same addresses the browsers were told. */
  readonly addresses: readonly MediaAddress[];

  private constructor(opts: WorkerPoolOptions) {
    super();
    this.#opts = opts;
    this.addresses = mediaAddresses(opts.rtc);
  }

  static async start(opts: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(opts);
    const told = describeMediaAddresses([...pool.addresses]);
    opts.logger[told.level]({ addresses: told.told, port: opts.rtc.port, workers: opts.rtc.workers, tcp: opts.rtc.tcp }, told.message);
    for (let i = 0; i < opts.rtc.workers; i++) pool.#slots[i] = await pool.#spawn(i);
    return pool;
  }

  get workers(): readonly PooledWorker[] {
    return this.#slots.filter((w): w is PooledWorker => w !== undefined && w.alive);
  }

  /** Every configured worker slot, dead ones included (a dead one is being replaced): for /readyz and /metrics. */
  get slots(): readonly { index: number; alive: boolean; worker: types.Worker | undefined }[] {
    return Array.from({ length: this.#opts.rtc.workers }, (_v, index) => {
      const slot = this.#slots[index];
      return { index, alive: slot?.alive ?? false, worker: slot?.worker };
    });
  }

  /** The least loaded live worker, optionally avoiding some; undefined while none is alive. */
  leastLoaded(avoid: ReadonlySet<number> = new Set()): PooledWorker | undefined {
    const candidates = this.workers.filter((w) => !avoid.has(w.index));
    const pool = candidates.length > 0 ? candidates : this.workers;
    return pool.reduce<PooledWorker | undefined>((best, w) => (best === undefined || w.consumers < best.consumers ? w : best), undefined);
  }

  /** Resolves once at least one worker is alive (at once in the normal case). */
  async ready(): Promise<void> {
    if (this.workers.length > 0) return;
    if (this.#closed) throw new Error('worker pool closed');
    await new Promise<void>((resolve) => this.#readyWaiters.push(resolve));
  }

  async #spawn(index: number): Promise<PooledWorker> {
    const { rtc, logger } = this.#opts;
    const worker = await mediasoup.createWorker({
      logLevel: this.#opts.logLevel ?? 'warn',
      ...(this.#opts.logTags ? { logTags: this.#opts.logTags } : {}),
      rtcMinPort: rtc.minPort,
      rtcMaxPort: rtc.maxPort,
      appData: { index },
    });
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: webRtcListenInfos(rtc, index, [...this.addresses]) });
    } catch (err) {
      worker.close();
      throw err;
    }
    const entry: PooledWorker = { index, worker, webRtcServer, consumers: 0, alive: true };
    worker.on('died', (error) => this.#onDied(entry, error));
    logger.info({ worker: index, pid: worker.pid, port: rtc.port + index }, 'mediasoup worker started');
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
    return entry;
  }

  #onDied(entry: PooledWorker, error: Error): void {
    entry.alive = false;
    // A worker ends with code 0 only when it was told to stop: a stop of the server signals its
    // whole process group, so the worker may go a moment before the server's own handler closes
    // this pool. A crash ends with a signal or another code, and is an error.
    const toldToStop = /code:0, signal:null/.test(error.message);
    const log = toldToStop ? this.#opts.logger.warn.bind(this.#opts.logger) : this.#opts.logger.error.bind(this.#opts.logger);
    log({ worker: entry.index, pid: entry.worker.pid, err: error.message }, toldToStop ? 'mediasoup worker was stopped from outside; replacing it unless the server is stopping' : 'mediasoup worker died; replacing it');
    this.emit('died', entry.index);
    void this.#respawn(entry.index);
  }

  async #respawn(index: number): Promise<void> {
    // A port can stay busy for a moment after a crash; keep trying until the server shuts down.
    for (let attempt = 1; !this.#closed; attempt++) {
      try {
        const fresh = await this.#spawn(index);
        if (this.#closed) {
          fresh.worker.close();
          return;
        }
        this.#slots[index] = fresh;
        this.emit('replaced', index);
        return;
      } catch (err) {
        this.#opts.logger.error({ worker: index, attempt, err: (err as Error).message }, 'could not replace mediasoup worker, retrying');
        await new Promise((r) => setTimeout(r, Math.min(RESPAWN_DELAY_MS * attempt, 5000)));
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#slots) if (w?.alive) w.worker.close();
    this.#slots.length = 0;
  }
}
