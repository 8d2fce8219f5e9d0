import type { types } from 'mediasoup-client';
import type { MediaSource } from '../../shared/protocol/media.js';
import { AUDIO_CODEC_OPTIONS, CAMERA_ENCODINGS, SCREEN_ENCODINGS, VIDEO_CODEC_OPTIONS } from './publish.js';
import { MediaRequestError, request, type SignallingSocket } from './signalling.js';

// What a console sends: its microphone, camera, presiding panel camera and slides, one producer
// each on the send transport. The tracks are kept (stopTracks false), so after a reset the same
// camera and microphone are sent again.

export type LocalSources = { camera?: MediaStreamTrack; microphone?: MediaStreamTrack; panel?: MediaStreamTrack; screen?: MediaStreamTrack };

/** The order sources are produced in: the microphone first, what a meeting needs most. */
const SOURCES = ['microphone', 'camera', 'panel', 'screen'] as const;

export class OwnSources {
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #socket: SignallingSocket;

  constructor(socket: SignallingSocket) {
    this.#socket = socket;
  }

  has(source: MediaSource): boolean {
    return this.#producers.has(source);
  }

  /** Sends every live track of `local` not sent yet; a source the server refuses (slides from a district point) is skipped, not fatal. */
  async sendAll(send: types.Transport, local: LocalSources): Promise<void> {
    for (const source of SOURCES) {
      const track = local[source];
      if (!track || track.readyState !== 'live' || this.#producers.has(source)) continue;
      await this.send(send, source, track).catch((err: unknown) => {
        if (!(err instanceof MediaRequestError && err.code === 'SOURCE_NOT_ALLOWED')) throw err;
      });
    }
  }

  async send(send: types.Transport, source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const video = track.kind === 'video';
    const producer = await send.produce({
      track,
      // stopTracks false: after a reset the same camera and microphone are sent again.
      stopTracks: false,
      appData: { source },
      ...(video ? { encodings: source === 'screen' ? SCREEN_ENCODINGS : CAMERA_ENCODINGS, codecOptions: VIDEO_CODEC_OPTIONS } : { codecOptions: AUDIO_CODEC_OPTIONS }),
    });
    this.#producers.set(source, producer);
  }

  /** Stops sending a source, here and at the SFU. */
  async stop(source: MediaSource): Promise<void> {
    const old = this.#producers.get(source);
    if (!old) return;
    this.#producers.delete(source);
    old.close();
    await request(this.#socket, 'media:closeProducer', { producerId: old.id }).catch(() => undefined);
  }

  clear(): void {
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
  }
}
