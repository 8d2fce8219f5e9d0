import type { types } from 'mediasoup';
import type { HealthReport, MediaFlow, PointHealth, ReceivedTile } from '../../shared/media/health.js';
import type { AnyTransport, MediaSession } from './media-session.js';
import type { MediaObservation } from './policy.js';

/**
 * Link health of a conference's points, sampled from mediasoup's transport, producer and consumer
 * stats at a steady interval. The report goes to the chair's and clerk's consoles each tick; only
 * transitions (signal lost / restored) leave here as observations the room records.
 */

type PointTrack = {
  lastMediaAt: number | null;
  lost: boolean;
  lostSince: number | null;
  /** when this point's current run of connected samples began: the grace before 'none' counts from it */
  connectedSince: number | null;
};

/** mediasoup reports RTCP "fraction lost" as n/256. */
const percent = (fractionLost: number | undefined) => (fractionLost === undefined ? null : Math.round((fractionLost / 256) * 1000) / 10);

type StreamStats = { type: string; fractionLost?: number; roundTripTime?: number };

async function firstStats(items: Iterable<{ getStats(): Promise<unknown[]>; closed: boolean }>, type: string): Promise<StreamStats | undefined> {
  for (const item of items) {
    if (item.closed) continue;
    const stats = (await item.getStats().catch(() => [])) as StreamStats[];
    const found = stats.find((s) => s.type === type);
    if (found) return found;
  }
  return undefined;
}

export class LinkHealth {
  readonly #points = new Map<string, PointTrack>();
  readonly #lostAfterMs: number;
  readonly #observe: (o: MediaObservation) => void;

  constructor(lostAfterMs: number, observe: (o: MediaObservation) => void) {
    this.#lostAfterMs = lostAfterMs;
    this.#observe = observe;
  }

  #transition(pointId: string, track: PointTrack, lost: boolean, now: number): void {
    if (track.lost === lost) return;
    track.lost = lost;
    track.lostSince = now;
    this.#observe({ type: lost ? 'signalLost' : 'signalRestored', pointId, at: now });
  }

  async sample(conferenceId: string, sessions: Iterable<MediaSession>, audible: (pointId: string) => boolean, now = Date.now()): Promise<HealthReport> {
    const byPoint = new Map<string, MediaSession[]>();
    for (const s of sessions) {
      if (s.info.pointId === null) continue;
      byPoint.set(s.info.pointId, [...(byPoint.get(s.info.pointId) ?? []), s]);
    }
    const points: PointHealth[] = [];
    for (const [pointId, list] of byPoint) points.push(await this.#samplePoint(pointId, list, audible(pointId), now));
    // A point whose every connection left has lost its signal, if it was sending.
    for (const [pointId, track] of this.#points) {
      if (byPoint.has(pointId)) continue;
      if (track.lastMediaAt !== null) this.#transition(pointId, track, true, now);
      track.connectedSince = null;
      points.push(emptyHealth(pointId, track, now));
    }
    points.sort((a, b) => a.pointId.localeCompare(b.pointId));
    return { conferenceId, at: now, points };
  }

  async #samplePoint(pointId: string, sessions: MediaSession[], microphoneOpen: boolean, now: number): Promise<PointHealth> {
    let track = this.#points.get(pointId);
    if (!track) this.#points.set(pointId, (track = { lastMediaAt: null, lost: false, lostSince: null, connectedSince: null }));
    track.connectedSince ??= now;
    let sendBitrate = 0;
    let recvBitrate = 0;
    let gotMedia = false;
    let producing = false;
    let transportConnected = false;
    for (const s of sessions) {
      if ([s.send, s.recv].some(isConnected)) transportConnected = true;
      if (s.send && !s.send.closed) {
        const [t] = (await s.send.getStats().catch(() => [])) as types.BaseTransportStats[];
        if (t) {
          sendBitrate += t.rtpRecvBitrate;
          if (t.rtpBytesReceived > s.lastRtpBytesIn) gotMedia = true;
          s.lastRtpBytesIn = t.rtpBytesReceived;
        }
      }
      if (s.recv && !s.recv.closed) {
        const [t] = (await s.recv.getStats().catch(() => [])) as types.BaseTransportStats[];
        if (t) recvBitrate += t.rtpSendBitrate;
      }
      if (s.producers.size > 0) producing = true;
    }
    if (gotMedia) {
      track.lastMediaAt = now;
      this.#transition(pointId, track, false, now);
    } else if (track.lastMediaAt !== null && (now - track.lastMediaAt >= this.#lostAfterMs || !producing)) {
      this.#transition(pointId, track, true, now);
    }

    const producers = sessions.flatMap((s) => [...s.producers.values()]);
    const consumers = sessions.flatMap((s) => [...s.consumers.values()]);
    const videoFirst = <T extends { kind: string }>(xs: T[]) => [...xs.filter((x) => x.kind === 'video'), ...xs.filter((x) => x.kind !== 'video')];
    const inbound = await firstStats(videoFirst(producers), 'inbound-rtp');
    const outbound = await firstStats(videoFirst(consumers.filter((c) => !c.paused && !c.producerPaused)), 'outbound-rtp');
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
    return {
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
      recvBitrate,
      media,
      transportConnected,
      microphoneOpen: microphoneOpen && producers.some((p) => p.kind === 'audio' && !p.paused),
      receives,
    };
  }

  /** Forget a point entirely (it was removed from the conference). */
  forget(pointId: string): void {
    this.#points.delete(pointId);
  }
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
