import type { types } from 'mediasoup-client';
import type { MediaSource, NewConsumerPushT } from '../../shared/protocol/media.js';
import { request, type SignallingSocket } from './signalling.js';
import { consumerRtpParameters } from './wire.js';

// What a console receives: every consumer the SFU pushes becomes a tile (a point's camera, panel,
// slides or microphone), paused or playing as the SFU says. A point in its pre-flight keeps the
// conference's sound held (paused at the SFU) until it joins; its pictures play at once.

export type RemoteTile = {
  consumerId: string;
  pointId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  /** paused at the SFU: hidden by the plan, or the sender is muted */
  paused: boolean;
  consumer: types.Consumer;
};

export type TileEvents = {
  tile: (tile: RemoteTile) => void;
  tileGone: (tile: RemoteTile) => void;
  tileChanged: (tile: RemoteTile) => void;
};

export class RemoteTiles {
  readonly tiles = new Map<string, RemoteTile>();
  /** pause/resume pushes that arrived before their consumer was set up */
  readonly #pending = new Map<string, boolean>();
  /** audio consumers set up while the sound is held, resumed on release() */
  readonly #held = new Set<string>();
  /** the sound stays paused at the SFU (a point in its pre-flight) */
  holdAudio: boolean;
  readonly #socket: SignallingSocket;
  readonly #tell: (event: keyof TileEvents, tile: RemoteTile) => void;

  constructor(socket: SignallingSocket, holdAudio: boolean, tell: (event: keyof TileEvents, tile: RemoteTile) => void) {
    this.#socket = socket;
    this.holdAudio = holdAudio;
    this.#tell = tell;
  }

  /**
   * A pushed consumer: its browser side on the receive transport, then resumed at the SFU (held
   * instead, for sound in the pre-flight). `current` says whether the media set-up that asked for
   * it is still the live one (a reset may have started another meanwhile).
   */
  async add(recv: types.Transport, c: NewConsumerPushT, current: () => boolean): Promise<void> {
    try {
      const consumer = await recv.consume({ id: c.consumerId, producerId: c.producerId, kind: c.kind, rtpParameters: consumerRtpParameters(c.rtpParameters) });
      if (!current()) return;
      const tile: RemoteTile = { consumerId: c.consumerId, pointId: c.pointId, source: c.source, kind: c.kind, track: consumer.track, paused: c.paused, consumer };
      this.tiles.set(tile.consumerId, tile);
      this.#tell('tile', tile);
      const early = this.#pending.get(c.consumerId);
      this.#pending.delete(c.consumerId);
      if (early !== undefined) this.setPaused(c.consumerId, early);
      if (this.holdAudio && c.kind === 'audio') this.#held.add(c.consumerId);
      else await request(this.#socket, 'media:resume', { consumerId: c.consumerId });
    } catch {
      // The consumer went away meanwhile (its sender left, or a reset): nothing to show.
    }
  }

  setPaused(consumerId: string, paused: boolean): void {
    const tile = this.tiles.get(consumerId);
    if (!tile) {
      this.#pending.set(consumerId, paused);
      return;
    }
    tile.paused = paused;
    if (paused) tile.consumer.pause();
    else tile.consumer.resume();
    this.#tell('tileChanged', tile);
  }

  remove(consumerId: string): void {
    const tile = this.tiles.get(consumerId);
    if (!tile) return;
    this.tiles.delete(consumerId);
    tile.consumer.close();
    this.#tell('tileGone', tile);
  }

  /** The point joins: the sound held in the pre-flight starts flowing. */
  async release(): Promise<void> {
    this.holdAudio = false;
    const ids = [...this.#held].filter((id) => this.tiles.has(id));
    this.#held.clear();
    await Promise.all(ids.map((consumerId) => request(this.#socket, 'media:resume', { consumerId }).catch(() => undefined)));
  }

  clear(): void {
    for (const id of [...this.tiles.keys()]) this.remove(id);
    this.#pending.clear();
    this.#held.clear();
  }
}
