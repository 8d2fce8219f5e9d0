import type { types } from 'mediasoup';
import type { HealthReport, MediaFlow, PointHealth, ReceivedTile } from '../../shared/media/health.js';
import type { AnyTransport, ConsumerData, MediaSession, ProducerData } from './media-session.js';
import type { MediaObservation } from './policy.js';

/**
 * Link health of a conference's points, sampled from mediasoup's transport, producer and consumer
 * stats at a steady interval. The report goes to the chair's and clerk's consoles each tick; only
 * transitions (signal lost / restored) leave here as observations the room records.
 *
 * Each stats read is a request to the worker, the same thread that forwards the media: read for
 * every point every tick it cost ~269 requests a second at 65 points (issue 18). So the tick reads
 * only what must be fresh and backs off what is steady (docs/MEDIA.md, "Link health"):
 * - every point's send transport, every tick: the RTP bytes received are what "media flowing" and
 *   "signal lost" are measured by, so their bound is unchanged;
 * - its receive transport, producer and consumer stats (bitrate received, loss, round trip) every
 *   tick while the point is new, changed or not steady, and every BACKOFF_TICKS-th tick once its
 *   last STEADY_SAMPLES detailed samples were steady; in between, those figures are the last ones
 *   read. A producer or consumer of the point whose mediasoup score (the worker's own per-stream
 *   measure of delivered packets, pushed without a request) falls under 10 brings the point back
 *   to a detailed read on the next tick.
 */

/** A steady point's receive, producer and consumer stats are read every this-many ticks. */
export const BACKOFF_TICKS = 5;
/** Detailed samples in a row that must be steady (and the point unchanged) before it backs off. */
export const STEADY_SAMPLES = 3;
/** Steady is well inside what the consoles call good (loss < 2 %, round trip < 150 ms). */
const STEADY_LOSS_PERCENT = 1;
const STEADY_RTT_MS = 150;
/** mediasoup scores a stream 0–10 from its delivered ratio, about (1 − loss)⁴ × 10: under 10 is more than ~1 % lost. */
const FULL_SCORE = 10;

type StreamStats = { type: string; fractionLost?: number; roundTripTime?: number };

/** What a detailed read measured; reported again while the point backs off. */
type Detail = { recvBitrate: number; inbound: StreamStats | undefined; outbound: StreamStats | undefined };

type PointTrack = {
  lastMediaAt: number | null;
  lost: boolean;
  lostSince: number | null;
  /** when this point's current run of connected samples began: the grace before 'none' counts from it */
  connectedSince: number | null;
  detail: Detail | undefined;
  /** detailed samples in a row that were steady with the same shape */
  steady: number;
  /** its transports, producers and consumers (flowing or not) at the last sample */
  shape: string;
  /** a score of one of its producers or consumers fell under 10 since its last detailed read */
  alarm: boolean;
  /** spreads the backed-off points' detailed reads evenly over the ticks */
  phase: number;
};

/** What sampling costs the workers, for tests and diagnostics. */
export type SamplingStats = { ticks: number; requests: number; backedOff: string[] };

/** mediasoup reports RTCP "fraction lost" as n/256. */
const percent = (fractionLost: number | undefined) => (fractionLost === undefined ? null : Math.round((fractionLost / 256) * 1000) / 10);

export class LinkHealth {
  readonly #points = new Map<string, PointTrack>();
  readonly #lostAfterMs: number;
  readonly #observe: (o: MediaObservation) => void;
  /** producers and consumers whose score events this instance listens to */
  readonly #watched = new WeakSet<object>();
  #ticks = 0;
  #requests = 0;

  constructor(lostAfterMs: number, observe: (o: MediaObservation) => void) {
    this.#lostAfterMs = lostAfterMs;
    this.#observe = observe;
  }

  get sampling(): SamplingStats {
    const backedOff = [...this.#points].filter(([, t]) => t.steady >= STEADY_SAMPLES && !t.alarm).map(([p]) => p);
    return { ticks: this.#ticks, requests: this.#requests, backedOff };
  }

  #track(pointId: string): PointTrack {
    let track = this.#points.get(pointId);
    if (!track) {
      track = { lastMediaAt: null, lost: false, lostSince: null, connectedSince: null, detail: undefined, steady: 0, shape: '', alarm: false, phase: this.#points.size % BACKOFF_TICKS };
      this.#points.set(pointId, track);
    }
    return track;
  }

  #transition(pointId: string, track: PointTrack, lost: boolean, now: number): void {
    if (track.lost === lost) return;
    track.lost = lost;
    track.lostSince = now;
    this.#observe({ type: lost ? 'signalLost' : 'signalRestored', pointId, at: now });
  }

  async #stats(item: { getStats(): Promise<unknown[]> }): Promise<unknown[]> {
    this.#requests++;
    return item.getStats().catch(() => []);
  }

  async #firstStats(items: Iterable<{ getStats(): Promise<unknown[]>; closed: boolean }>, type: string): Promise<StreamStats | undefined> {
    for (const item of items) {
      if (item.closed) continue;
      const found = ((await this.#stats(item)) as StreamStats[]).find((s) => s.type === type);
      if (found) return found;
    }
    return undefined;
  }

  /** The worker pushes scores on every change: a score under 10 calls the point back to detailed reads. */
  #watch(pointId: string, producers: types.Producer<ProducerData>[], consumers: types.Consumer<ConsumerData>[]): void {
    const alarm = () => {
      this.#track(pointId).alarm = true;
    };
    for (const p of producers) {
      if (this.#watched.has(p)) continue;
      this.#watched.add(p);
      p.on('score', (scores) => scores.some((s) => s.score < FULL_SCORE) && alarm());
    }
    for (const c of consumers) {
      if (this.#watched.has(c)) continue;
      this.#watched.add(c);
      // `score` is the downlink to this point; `producerScore` is the sender's uplink, another point's.
      c.on('score', (s) => s.score < FULL_SCORE && alarm());
    }
  }

  /**
   * One sample of every point. `adaptive` (the periodic tick) backs off steady points' detailed
   * reads; without it (a sample asked for now) every point is read in full.
   */
  async sample(conferenceId: string, sessions: Iterable<MediaSession>, audible: (pointId: string) => boolean, now = Date.now(), adaptive = false): Promise<HealthReport> {
    if (adaptive) this.#ticks++;
    const byPoint = new Map<string, MediaSession[]>();
    for (const s of sessions) {
      if (s.info.pointId === null) continue;
      byPoint.set(s.info.pointId, [...(byPoint.get(s.info.pointId) ?? []), s]);
    }
    const points: PointHealth[] = [];
    for (const [pointId, list] of byPoint) points.push(await this.#samplePoint(pointId, list, audible(pointId), now, adaptive));
    // A point whose every connection left has lost its signal, if it was sending.
    for (const [pointId, track] of this.#points) {
      if (byPoint.has(pointId)) continue;
      if (track.lastMediaAt !== null) this.#transition(pointId, track, true, now);
      track.connectedSince = null;
      track.steady = 0;
      track.detail = undefined;
      points.push(emptyHealth(pointId, track, now));
    }
    points.sort((a, b) => a.pointId.localeCompare(b.pointId));
    return { conferenceId, at: now, points };
  }

  async #samplePoint(pointId: string, sessions: MediaSession[], microphoneOpen: boolean, now: number, adaptive: boolean): Promise<PointHealth> {
    const track = this.#track(pointId);
    track.connectedSince ??= now;
    const producers = sessions.flatMap((s) => [...s.producers.values()]);
    const consumers = sessions.flatMap((s) => [...s.consumers.values()]);
    this.#watch(pointId, producers, consumers);
    const flowingConsumers = consumers.filter((c) => !c.paused && !c.producerPaused);
    const shape = [...sessions.flatMap((s) => [s.send?.id, s.recv?.id]), ...producers.map((p) => `${p.id}${p.paused ? 'p' : ''}`), consumers.length, flowingConsumers.length].join('/');
    const changed = shape !== track.shape;
    track.shape = shape;
    const detailed = !adaptive || changed || track.alarm || track.steady < STEADY_SAMPLES || track.detail === undefined || (this.#ticks + track.phase) % BACKOFF_TICKS === 0;

    let sendBitrate = 0;
    let recvBitrate = 0;
    let gotMedia = false;
    let transportConnected = false;
    for (const s of sessions) {
      if ([s.send, s.recv].some(isConnected)) transportConnected = true;
      if (s.send && !s.send.closed) {
        const [t] = (await this.#stats(s.send)) as types.BaseTransportStats[];
        if (t) {
          sendBitrate += t.rtpRecvBitrate;
          s.sendBitrate = t.rtpRecvBitrate;
          if (t.rtpBytesReceived > s.lastRtpBytesIn) gotMedia = true;
          s.lastRtpBytesIn = t.rtpBytesReceived;
        }
      }
      if (detailed && s.recv && !s.recv.closed) {
        const [t] = (await this.#stats(s.recv)) as types.BaseTransportStats[];
        if (t) recvBitrate += t.rtpSendBitrate;
      }
    }
    const producing = producers.length > 0;
    if (gotMedia) {
      const first = track.lastMediaAt === null;
      track.lastMediaAt = now;
      this.#transition(pointId, track, false, now);
      // The first media this node hears from a point says "restored" whatever this node knew:
      // the point may come from another node, which recorded its signal lost when it left (a
      // cluster's failover). The core refuses it with NO_CHANGE when the log has no loss.
      if (first) this.#observe({ type: 'signalRestored', pointId, at: now });
    } else if (track.lastMediaAt !== null && (now - track.lastMediaAt >= this.#lostAfterMs || !producing)) {
      this.#transition(pointId, track, true, now);
    }

    const videoFirst = <T extends { kind: string }>(xs: T[]) => [...xs.filter((x) => x.kind === 'video'), ...xs.filter((x) => x.kind !== 'video')];
    if (detailed) {
      track.alarm = false;
      track.detail = {
        recvBitrate,
        inbound: await this.#firstStats(videoFirst(producers), 'inbound-rtp'),
        outbound: await this.#firstStats(videoFirst(flowingConsumers), 'outbound-rtp'),
      };
    }
    const { inbound, outbound } = track.detail ?? { inbound: undefined, outbound: undefined };
    // Video only: the layer is what the chair needs to see; audio follows floor control, shown per point.
    const receives: ReceivedTile[] = consumers.filter((c) => c.kind === 'video').map((c) => ({
      fromPointId: c.appData.pointId,
      source: c.appData.source,
      kind: c.kind,
      paused: c.paused || c.producerPaused,
      spatialLayer: c.kind === 'video' ? (c.currentLayers?.spatialLayer ?? null) : null,
    }));
    const rtt = outbound?.roundTripTime ?? inbound?.roundTripTime;
    const media: MediaFlow =
      track.lastMediaAt !== null && now - track.lastMediaAt < this.#lostAfterMs ? 'flowing' : now - Math.max(track.connectedSince, track.lastMediaAt ?? 0) < this.#lostAfterMs ? 'waiting' : 'none';
    const health: PointHealth = {
      pointId,
      connected: true,
      lost: track.lost,
      lostSince: track.lostSince,
      lastMediaAt: track.lastMediaAt,
      silentForSeconds: track.lastMediaAt === null ? null : Math.round((now - track.lastMediaAt) / 100) / 10,
      rttMs: rtt === undefined ? null : Math.round(rtt),
      uplinkLossPercent: percent(inbound?.fractionLost),
      downlinkLossPercent: percent(outbound?.fractionLost),
      sendBitrate,
      recvBitrate: track.detail?.recvBitrate ?? 0,
      media,
      transportConnected,
      microphoneOpen: microphoneOpen && producers.some((p) => p.kind === 'audio' && !p.paused),
      receives,
    };
    // A detailed read counts towards backing off; any sample that is not steady (media stopped,
    // transport down) calls the point back to detailed reads.
    if (!isSteady(health) || changed) track.steady = 0;
    else if (detailed) track.steady++;
    return health;
  }

  /** Forget a point entirely (it was removed from the conference). */
  forget(pointId: string): void {
    this.#points.delete(pointId);
  }
}

function isSteady(h: PointHealth): boolean {
  const under = (v: number | null, limit: number) => v === null || v < limit;
  return (
    h.media === 'flowing' &&
    !h.lost &&
    h.transportConnected &&
    under(h.uplinkLossPercent, STEADY_LOSS_PERCENT) &&
    under(h.downlinkLossPercent, STEADY_LOSS_PERCENT) &&
    under(h.rttMs, STEADY_RTT_MS)
  );
}

function emptyHealth(pointId: string, track: PointTrack, now: number): PointHealth {
  return {
    pointId,
    connected: false,
    lost: track.lost,
    lostSince: track.lostSince,
    lastMediaAt: track.lastMediaAt,
    silentForSeconds: track.lastMediaAt === null ? null : Math.round((now - track.lastMediaAt) / 100) / 10,
    rttMs: null,
    uplinkLossPercent: null,
    downlinkLossPercent: null,
    sendBitrate: 0,
    recvBitrate: 0,
    media: 'none',
    transportConnected: false,
    microphoneOpen: false,
    receives: [],
  };
}

/** A WebRTC transport counts when ICE and DTLS both are up; a plain RTP transport has neither and counts once it exists. */
function isConnected(t: AnyTransport | undefined): boolean {
  if (!t || t.closed) return false;
  if (t.type !== 'webrtc') return true;
  const web = t as types.WebRtcTransport;
  return (web.iceState === 'connected' || web.iceState === 'completed') && web.dtlsState === 'connected';
}
