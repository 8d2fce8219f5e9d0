import type { HealthReport } from '../../shared/media/health.js';
import type { VideoOnOffer, VideoSource } from '../../shared/media/layout-plan.js';
import { MediaClient, type MediaClientState, type RemoteTile } from '../media/media-client.js';
import type { SignallingSocket } from '../media/signalling.js';
import { tileStats, type TileStats } from '../media/tile-stats.js';
import { sampleOwnLink, type OwnLinkSample, type StatsLike } from './common/ownLink.js';
import type { MediaView } from './media.js';

// The views' MediaView over the media team's MediaClient (client/media): one MediaStream per
// remote video source and per point's microphone, the SFU's health report, our own camera.
// A video paused at the SFU because its sender stopped shows the name card, not a frozen frame.

export interface LiveMedia extends MediaView {
  readonly client: MediaClient;
  /** Leave the pre-flight: the conference's sound starts flowing, our camera and microphone are sent. */
  join(local: MediaStream | null): void;
  close(): void;
}

const tracksOf = (local: MediaStream | null) => {
  const camera = local?.getVideoTracks()[0];
  const microphone = local?.getAudioTracks()[0];
  return { ...(camera ? { camera } : {}), ...(microphone ? { microphone } : {}) };
};

/**
 * `hold`: started while the point is still in its pre-flight. The program's pictures already play
 * there (the operator sees what the point will see while checking its own camera); its sound is
 * kept paused at the SFU, and nothing is sent, until `join()`.
 */
export function startMedia(socket: SignallingSocket, opts: { local: MediaStream | null; pageSize: number; hold?: boolean }): LiveMedia {
  let local = opts.hold ? null : opts.local;
  let joined = !opts.hold;
  const client = new MediaClient(socket, {
    local: tracksOf(local),
    view: { page: 0, pageSize: opts.pageSize },
    ...(opts.hold ? { holdAudio: true } : {}),
  });
  const videos = new Map<string, { tile: RemoteTile; stream: MediaStream }>();
  const audios = new Map<string, { tile: RemoteTile; stream: MediaStream }>();
  const listeners = new Set<() => void>();
  let health: HealthReport | null = null;
  let state: MediaClientState = 'idle';
  let lastDetail: string | null = null;
  const emit = () => {
    for (const l of listeners) l();
  };
  const keyOf = (t: RemoteTile) => (t.kind === 'audio' ? t.pointId : `${t.pointId}:${t.source}`);
  const mapOf = (t: RemoteTile) => (t.kind === 'audio' ? audios : videos);

  client.on('tile', (t) => {
    mapOf(t).set(keyOf(t), { tile: t, stream: new MediaStream([t.track]) });
    emit();
  });
  client.on('tileGone', (t) => {
    const m = mapOf(t);
    if (m.get(keyOf(t))?.tile.consumerId === t.consumerId) m.delete(keyOf(t));
    emit();
  });
  client.on('tileChanged', emit);
  client.on('health', (r) => {
    health = r;
    emit();
  });
  client.on('state', (s, detail) => {
    state = s;
    lastDetail = detail ?? null;
    emit();
  });
  // A read-only probe for the browser tests and for support staff in the devtools console.
  (globalThis as { __hoinghiConsoleMedia?: () => unknown }).__hoinghiConsoleMedia = () => ({
    state,
    detail: lastDetail,
    tiles: [...client.tiles.values()].map((t) => ({ pointId: t.pointId, source: t.source, kind: t.kind, paused: t.paused })),
    plan: client.plan,
  });
  // The same probe's receive statistics per tile (frames decoded, from which producer).
  (globalThis as { __hoinghiConsoleMediaStats?: () => Promise<TileStats[]> }).__hoinghiConsoleMediaStats = () => tileStats(client.tiles.values());
  // Our own link, every few seconds, from both transports' statistics.
  let own: OwnLinkSample | null = null;
  const sampler = setInterval(() => {
    const transports = [client.sendTransport, client.recvTransport].filter((t): t is NonNullable<typeof t> => t !== undefined && !t.closed);
    if (transports.length === 0) return;
    void Promise.all(transports.map((t) => t.getStats()))
      .then((reports) => {
        const all: StatsLike[] = [];
        for (const r of reports) r.forEach((v: StatsLike) => all.push(v));
        own = sampleOwnLink(all, Date.now(), own?.counters ?? null);
        emit();
      })
      .catch(() => {});
  }, 3000);
  void client.start().catch(() => {
    // A refusal that retrying cannot cure (e.g. a source not allowed) leaves the console working
    // without media; the state says so.
  });

  return {
    client,
    videos: () => [...videos.values()].filter((v) => v.tile.source !== 'microphone').map((v): VideoOnOffer => ({ pointId: v.tile.pointId, source: v.tile.source as VideoSource })),
    stream: (pointId, source) => {
      const v = videos.get(`${pointId}:${source}`);
      return v && !v.tile.paused ? v.stream : null;
    },
    audio: (pointId) => audios.get(pointId)?.stream ?? null,
    localStream: () => local,
    health: () => health,
    ownLink: () => own,
    status: () => state,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    join: (stream) => {
      if (joined) return;
      joined = true;
      local = stream;
      // The conference first (what the point waits to hear), then our own sources: setting up
      // the send transport takes the page's main thread for a while.
      void client
        .release()
        .then(() => client.addLocal(tracksOf(stream)))
        .catch(() => {});
      emit();
    },
    close: () => {
      clearInterval(sampler);
      client.close();
      listeners.clear();
    },
  };
}
