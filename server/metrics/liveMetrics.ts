import { Counter, Gauge } from 'prom-client';
import type { LiveStreamService } from '../live/live-stream-service.js';
import type { Metrics } from './nodeMetrics.js';

// The live program's RTMP push (server/live/rtmp-pusher.ts), read from the live stream service at
// each scrape: per node, how many conferences' pushes are in each state and how many attempts
// failed; per conference (authenticated scrape only), its state with ffmpeg's last error line
// (the stream key already taken out by the pusher), so an alert can say why a TV link is down.

const STATES = ['starting', 'pushing', 'retrying'] as const;

export function watchLive(metrics: Metrics, live: LiveStreamService): void {
  new Gauge({
    name: 'hoinghi_live_rtmp_pushes',
    help: 'Live programs of this node pushed by RTMP, by state (starting, pushing, retrying).',
    labelNames: ['state'],
    registers: [metrics.aggregate],
    collect() {
      const states = live.liveConferences().map((c) => live.push(c).push?.state);
      for (const state of STATES) this.set({ state }, states.filter((s) => s === state).length);
    },
  });
  let counted = 0;
  new Counter({
    name: 'hoinghi_live_rtmp_push_failures_total',
    help: 'RTMP push attempts of the live program that failed (refused, dropped, timed out) since start.',
    registers: [metrics.aggregate],
    collect() {
      this.inc(live.pushFailures - counted);
      counted = live.pushFailures;
    },
  });
  new Gauge({
    name: 'hoinghi_conference_live_rtmp_push',
    help: "1 for a conference's RTMP push state now, with the target (no stream key) and, when retrying, ffmpeg's last error.",
    labelNames: ['conference', 'state', 'target', 'error'],
    registers: [metrics.detail],
    collect() {
      this.reset();
      for (const conference of live.liveConferences()) {
        const { push, target } = live.push(conference);
        if (!push) continue;
        this.set({ conference, state: push.state, target: target ?? '', error: push.state === 'retrying' ? push.error.slice(0, 200) : '' }, 1);
      }
    },
  });
}
