// The event loop's delay and the GC's pauses of one process over a measured phase: what a
// latency tail is made of when the process is not CPU-bound. Used by the bench node
// (bench/signal-server.ts, BENCH_SERVER_LOOP) between the coordinator's phase signals.
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

export type LoopPhase = {
  seconds: number;
  /** Event-loop delay beyond the 10 ms sampling timer's own period, ms (a blocked loop shows as delay). */
  delayMs: { p50: number; p99: number; max: number };
  /** GC pauses on the main thread over the phase. */
  gc: { count: number; totalMs: number; maxMs: number; over5ms: number };
};

export class LoopWatch {
  #histogram: IntervalHistogram | null = null;
  #gc: number[] = [];
  #since = 0;
  readonly #observer = new PerformanceObserver((list) => {
    if (this.#histogram) for (const e of list.getEntries()) this.#gc.push(e.duration);
  });

  constructor() {
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  start(): void {
    this.#histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.#histogram.enable();
    this.#gc = [];
    this.#since = performance.now();
  }

  stop(): LoopPhase {
    const h = this.#histogram;
    if (!h) throw new Error('LoopWatch.stop before start');
    h.disable();
    this.#histogram = null;
    // The histogram holds each timer interval whole (period included): the delay is what exceeds it.
    const ms = (ns: number) => Math.max(0, Math.round((ns - RESOLUTION_MS * 1e6) / 1e4) / 100);
    const gc = this.#gc;
    return {
      seconds: Math.round(performance.now() - this.#since) / 1000,
      delayMs: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) },
      gc: { count: gc.length, totalMs: Math.round(gc.reduce((a, b) => a + b, 0) * 10) / 10, maxMs: Math.round(Math.max(0, ...gc) * 10) / 10, over5ms: gc.filter((d) => d > 5).length },
    };
  }
}
