import type { types } from 'mediasoup';
import type { Role } from '../../shared/protocol/common.js';
import type { MediaPush, MediaSource } from '../../shared/protocol/media.js';
import type { RouterSlot } from './router-slot.js';

/** Who is on the other end of a media session: one socket (or one synthetic/plain RTP point). */
export type SessionInfo = {
  sessionId: string;
  conferenceId: string;
  /** the point this connection speaks for; null for a clerk or observer without a room */
  pointId: string | null;
  role: Role;
  /** delivers a push to this connection's browser */
  push: (message: MediaPush) => void;
};

export type ProducerData = {
  sessionId: string;
  pointId: string;
  source: MediaSource;
  /**
   * When this node first knew the producer (ms, this node's clock). A point that moved to another
   * node when its own died sends a new producer while the dead node's one is still announced for a
   * few seconds: the newest of a point's source is the one receivers get (consumer-sync.ts).
   */
  since: number;
};
export type ConsumerData = {
  pointId: string;
  source: MediaSource;
  producerId: string;
  /** the browser set the consumer up and asked for it (a plain receiver is ready at once) */
  clientReady: boolean;
  /** what the browser was last told: paused or flowing */
  toldPaused: boolean;
};

export type AnyTransport = types.WebRtcTransport | types.PlainTransport;

export type View = { page: number; pageSize: number; minimised: string[]; loopback: boolean };
export const DEFAULT_VIEW: View = { page: 0, pageSize: 8, minimised: [], loopback: false };

/** The media a connection holds; rebuilt from nothing after a worker dies. */
export class MediaSession {
  readonly info: SessionInfo;
  send: AnyTransport | undefined;
  recv: AnyTransport | undefined;
  /** the router its receive transport lives on (the conference's primary, or a piped one when that worker is full) */
  recvSlot: RouterSlot | undefined;
  /** the router its send transport (and its producers) lives on */
  sendSlot: RouterSlot | undefined;
  /** what it sends, bps, as link health last measured it: where further senders go (router-slot.ts) */
  sendBitrate = 0;
  readonly producers = new Map<string, types.Producer<ProducerData>>();
  readonly consumers = new Map<string, types.Consumer<ConsumerData>>();
  rtpCapabilities: types.RtpCapabilities | undefined;
  view: View = DEFAULT_VIEW;
  lastPlan = '';
  /** totals of RTP bytes the SFU received from this point, to tell "no media for N seconds" */
  lastRtpBytesIn = 0;

  constructor(info: SessionInfo) {
    this.info = info;
  }

  get canSend(): boolean {
    return this.info.pointId !== null;
  }

  transport(id: string): AnyTransport | undefined {
    if (this.send?.id === id) return this.send;
    if (this.recv?.id === id) return this.recv;
    return undefined;
  }

  consumerFor(producerId: string): types.Consumer<ConsumerData> | undefined {
    for (const c of this.consumers.values()) if (c.appData.producerId === producerId) return c;
    return undefined;
  }

  /** Closes every transport (and with them producers and consumers); the session itself stays. */
  closeMedia(): void {
    for (const t of [this.send, this.recv]) if (t && !t.closed) t.close();
    this.send = undefined;
    this.recv = undefined;
    this.recvSlot = undefined;
    this.sendSlot = undefined;
    this.sendBitrate = 0;
    this.producers.clear();
    this.consumers.clear();
    this.rtpCapabilities = undefined;
    this.lastPlan = '';
    this.lastRtpBytesIn = 0;
  }
}

/** One producer per point and source: a re-sent camera replaces the old one (no duplicate tile), whichever session of the point sent it. */
export function closeSourceOf(sessions: Iterable<MediaSession>, pointId: string, source: ProducerData['source']): void {
  for (const other of sessions) {
    if (other.info.pointId !== pointId) continue;
    for (const p of other.producers.values()) {
      if (p.appData.source === source) {
        p.close();
        other.producers.delete(p.id);
      }
    }
  }
}
