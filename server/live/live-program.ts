import dgram from 'node:dgram';
import { mkdir, rm } from 'node:fs/promises';
import { audiblePoints } from '../../shared/meeting/selectors-media.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import { programCaption } from '../../shared/media/program-view.js';
import { insetRect, MAX_INSETS, PROGRAM_HEIGHT, PROGRAM_WIDTH, programPicture, type Rect } from '../../shared/recording/edit-list.js';
import type { Logger } from '../log/logger.js';
import { captionLines, PROGRAM_BACKGROUND } from '../recording/lower-third.js';
import type { MediaTap, RecordingMediaEdge } from '../recording/media-edge.js';
import { freeUdpPortPair } from '../recording/ports.js';
import type { SdpStream } from '../recording/sdp.js';
import { backgroundKeyFrame, namePlateKeyFrame } from './filler.js';
import { ProgramMixer, type MixerExit } from './program-mixer.js';
import { RtmpPusher, type PusherState } from './rtmp-pusher.js';
import { OPUS_SILENCE, SlotRelay, type Filler } from './slot-relay.js';

// One conference's live program while a live stream run goes on: the slots (main picture, insets,
// the central point's sound and the speaker's), the points' taps feeding them, and the one
// ffmpeg that mixes them. The picture is decided by the same rules as the program cut
// (shared/recording/edit-list.ts programPicture, shared/media/program-view.ts programCaption):
// the floor holder fills the frame, the chair's other large pictures are insets top right, the
// lower third names the speaker and the agenda step. Taps are opened only for the points on the
// program (a 1 + 64 conference does not send 65 cameras into the mixer).

const VIDEO_PT = 96;
const AUDIO_PT = 111;
const VP8 = { mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90_000, parameters: {} };
const OPUS = { mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48_000, channels: 2, parameters: { 'sprop-stereo': 1 } };
/** main picture + insets drawn live (the cut draws a gallery of nine; live, a gallery shows its first picture full frame) */
const INSET_SLOTS = MAX_INSETS;
const KEY_FRAME_EVERY_MS = 500;
/**
 * Microphones the program mixes at once: every audible point's (audiblePoints, R-MEDIA-5/8: the
 * central point, the floor holders, the point the chair gave the microphone to), up to this many;
 * under the free discipline more may be open, and those past it are not in the program.
 */
export const SOUND_SLOTS = 6;

export type LiveProgramOptions = {
  conferenceId: string;
  streamId: string;
  dir: string;
  media: RecordingMediaEdge;
  rtmpUrl: string | null;
  segmentSeconds: number;
  logger: Logger;
  ffmpegPath?: string;
  /** the RTMP pusher's pauses between attempts (rtmp-pusher.ts's defaults otherwise) */
  pushRetry?: { firstDelayMs: number; maxDelayMs: number };
};

type Tap = { tap: MediaTap; socket: dgram.Socket; lastKeyFrameAsk: number };

let filler: Promise<Filler> | undefined;

/** The rects of the live slots: full frame, then the insets where the edit list puts them. */
const SLOT_RECTS: Rect[] = [{ x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT }, ...Array.from({ length: INSET_SLOTS }, (_, i) => insetRect(i))];

export class LiveProgram {
  readonly #opts: LiveProgramOptions;
  readonly #video: SlotRelay[] = [];
  readonly #sound: SlotRelay[] = [];
  readonly #taps = new Map<string, Tap>();
  /** name plates by place and name, or how making one stands */
  readonly #plates = new Map<string, Filler | 'drawing' | 'failed'>();
  #mixer: ProgramMixer | undefined;
  #pusher: RtmpPusher | undefined;
  #rects: Rect[] = [];
  #closed = false;
  /** the last state shown, so a change of feeds can re-apply it */
  #state: MeetingState | undefined;
  #applying: Promise<void> = Promise.resolve();
  onExit: (exit: MixerExit) => void = () => undefined;
  /** the RTMP push's state changed (pushing, retrying with its error) */
  onPushState: (state: PusherState) => void = () => undefined;

  constructor(opts: LiveProgramOptions) {
    this.#opts = opts;
  }

  get dir(): string {
    return this.#opts.dir;
  }

  get pid(): number | undefined {
    return this.#mixer?.pid;
  }

  /** The RTMP pusher (undefined when no address is configured, or before the start). */
  get pusher(): RtmpPusher | undefined {
    return this.#pusher;
  }

  /** Which point each slot forwards now (tests, diagnostics): video slots first, then sound. */
  showing(): { video: (string | null)[]; sound: (string | null)[] } {
    return { video: this.#video.map((s) => s.showing), sound: this.#sound.map((s) => s.showing) };
  }

  async start(state: MeetingState): Promise<void> {
    const { dir } = this.#opts;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    this.#rects = SLOT_RECTS;
    filler ??= backgroundKeyFrame(PROGRAM_BACKGROUND, 640, 360, this.#opts.ffmpegPath);
    const picture = await filler.catch((err: Error) => {
      filler = undefined;
      throw err;
    });
    const streams: SdpStream[] = [];
    const ports: number[] = [];
    for (let i = 0; i < this.#rects.length + SOUND_SLOTS; i++) ports.push(await freeUdpPortPair());
    this.#rects.forEach((_r, i) => streams.push({ kind: 'video', port: ports[i]!, codec: VP8 }));
    for (let i = 0; i < SOUND_SLOTS; i++) streams.push({ kind: 'audio', port: ports[this.#rects.length + i]!, codec: OPUS });
    const { rtmpUrl, pushRetry, ffmpegPath } = this.#opts;
    const pushPort = rtmpUrl ? await freeUdpPortPair() : null;
    const mixer = new ProgramMixer({ dir, slots: { streams, videoRects: this.#rects }, pushPort, segmentSeconds: this.#opts.segmentSeconds, ...(this.#opts.ffmpegPath ? { ffmpegPath: this.#opts.ffmpegPath } : {}) });
    this.#mixer = mixer;
    mixer.on('exit', (exit) => this.onExit(exit));
    await mixer.start();
    if (rtmpUrl && pushPort !== null) {
      this.#pusher = new RtmpPusher({ port: pushPort, url: rtmpUrl, ...(ffmpegPath ? { ffmpegPath } : {}), ...pushRetry });
      this.#pusher.on('state', (state) => this.onPushState(state));
      this.#pusher.start();
    }
    // The slots start together once ffmpeg is there (their first packets set its clocks).
    await new Promise((r) => setTimeout(r, 300));
    for (const s of streams) {
      const relay = await SlotRelay.open(s.kind, { ip: '127.0.0.1', port: s.port }, s.codec.payloadType, s.kind === 'video' ? picture : OPUS_SILENCE);
      relay.onKeyFrameWanted((pointId) => this.#askKeyFrame(pointId));
      const slot = this.#video.length;
      if (s.kind === 'video') relay.platesFrom((pointId) => this.#plate(pointId, slot));
      (s.kind === 'video' ? this.#video : this.#sound).push(relay);
    }
    await this.show(state);
  }

  /** Shows what the meeting's state says the program is now. Changes are applied one after the other. */
  show(state: MeetingState): Promise<void> {
    this.#state = state;
    this.#applying = this.#applying.then(() => this.#apply()).catch((err: Error) => this.#opts.logger.warn({ err: err.message }, 'live program change failed'));
    return this.#applying;
  }

  async #apply(): Promise<void> {
    const state = this.#state;
    const mixer = this.#mixer;
    if (!state || !mixer || this.#closed) return;
    const picture = programPicture(state);
    // A gallery is drawn live as its first picture (the cut draws the grid).
    const main = picture.pictures.find((p) => p.role === 'main') ?? picture.pictures[0];
    const insets = picture.pictures.filter((p) => p.role === 'inset').slice(0, INSET_SLOTS);
    const wanted = [main?.pointId ?? null, ...Array.from({ length: INSET_SLOTS }, (_, i) => insets[i]?.pointId ?? null)];
    // The room's sound: every microphone the meeting keeps open, by the core's rule (the SFU
    // forwards no other); each keeps its slot while it stays open, so a new one never moves the others.
    const sound = this.#soundSlots(audiblePoints(state));
    await this.#openTaps([...wanted, ...sound]);
    wanted.forEach((pointId, i) => {
      this.#video[i]?.show(pointId);
      if (i > 0) mixer.place(i, pointId !== null);
    });
    sound.forEach((pointId, i) => this.#sound[i]?.show(pointId));
    await mixer.caption(captionLines(programCaption(state, Date.now())));
  }

  /**
   * A point's name plate for a video slot (the full frame, or an inset), made once per name and
   * place by ffmpeg in the background: undefined (the background) until it is there.
   */
  #plate(pointId: string, slot: number): Filler | undefined {
    const name = this.#state?.points[pointId]?.name ?? pointId;
    const place = this.#rects[slot] ?? SLOT_RECTS[0]!;
    const key = `${slot === 0 ? 'full' : `${place.w}x${place.h}`}|${name}`;
    const made = this.#plates.get(key);
    if (made !== undefined) return typeof made === 'string' ? undefined : made;
    this.#plates.set(key, 'drawing');
    namePlateKeyFrame(name, place, slot === 0, this.#opts.ffmpegPath).then(
      (plate) => this.#plates.set(key, plate),
      (err: Error) => {
        // not tried again every tick: this program shows the background for that point
        this.#plates.set(key, 'failed');
        this.#opts.logger.warn({ point: pointId, err: err.message }, 'live program could not draw a name plate; the background shows');
      },
    );
    return undefined;
  }

  /** Which point each sound slot carries: those still audible keep their slot, new ones take free slots. */
  #soundSlots(audible: string[]): (string | null)[] {
    const now = this.#sound.map((s) => s.wanted);
    const kept = now.map((p) => (p !== null && audible.includes(p) ? p : null));
    for (const p of audible) {
      if (kept.includes(p)) continue;
      const free = kept.indexOf(null);
      if (free < 0) break;
      kept[free] = p;
    }
    return kept;
  }

  /** The feeds changed (a camera came or went): open what is now there. */
  feedsChanged(): Promise<void> {
    return this.#state ? this.show(this.#state) : Promise.resolve();
  }

  async #openTaps(pointIds: (string | null)[]): Promise<void> {
    const feeds = this.#opts.media.pointFeeds(this.#opts.conferenceId);
    const needed = new Map<string, { pointId: string; kind: 'video' | 'audio' }>();
    const videoPoints = new Set(pointIds.slice(0, this.#video.length));
    const soundPoints = new Set(pointIds.slice(this.#video.length));
    for (const f of feeds) {
      if (f.camera && videoPoints.has(f.pointId)) needed.set(f.camera, { pointId: f.pointId, kind: 'video' });
      if (f.microphone && soundPoints.has(f.pointId)) needed.set(f.microphone, { pointId: f.pointId, kind: 'audio' });
    }
    for (const [producerId, t] of this.#taps) {
      if (!needed.has(producerId) || t.tap.closed) {
        this.#taps.delete(producerId);
        t.tap.close();
        t.socket.close();
      }
    }
    for (const [producerId, want] of needed) {
      if (this.#taps.has(producerId)) continue;
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      let tap: MediaTap;
      try {
        tap = await this.#opts.media.openTap(this.#opts.conferenceId, producerId, { ip: '127.0.0.1', port: socket.address().port });
      } catch (err) {
        socket.close();
        this.#opts.logger.warn({ producerId, err: (err as Error).message }, 'live program could not tap a point');
        continue;
      }
      const slots = want.kind === 'video' ? this.#video : this.#sound;
      socket.on('message', (msg) => {
        for (const slot of slots) slot.receive(want.pointId, msg);
      });
      this.#taps.set(producerId, { tap, socket, lastKeyFrameAsk: 0 });
      tap.onClose(() => void this.feedsChanged());
      await tap.resume();
      if (want.kind === 'video') await tap.requestKeyFrame().catch(() => undefined);
    }
  }

  #askKeyFrame(pointId: string): void {
    const now = Date.now();
    for (const t of this.#taps.values()) {
      if (t.tap.pointId !== pointId || t.tap.kind !== 'video' || now - t.lastKeyFrameAsk < KEY_FRAME_EVERY_MS) continue;
      t.lastKeyFrameAsk = now;
      void t.tap.requestKeyFrame().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.#closed = true;
    await this.#applying;
    await this.#pusher?.stop();
    await this.#mixer?.stop();
    for (const s of [...this.#video, ...this.#sound]) s.close();
    for (const t of this.#taps.values()) {
      t.tap.close();
      t.socket.close();
    }
    this.#taps.clear();
  }
}
