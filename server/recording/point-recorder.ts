import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTap } from '../media/media-tap.js';
import type { Logger } from '../log/logger.js';
import { ClockRelay } from './clock-relay.js';
import { freeUdpPortPair } from './ports.js';
import { recordingSdp } from './sdp.js';

// One point's recording run: Debian's ffmpeg reads the point's camera and microphone as RTP (an
// SDP on loopback ports the media taps send to) and copies them, without re-encoding, into WebM
// segments of a few seconds. Each finished segment is a whole file that plays on its own, so a
// crash loses at most the segment being written. Segments can only begin on a key frame, so the
// recorder asks the point's encoder for one as each segment is due (a browser otherwise sends
// them rarely, and a segment would stretch until the next).
// The taps do not send to ffmpeg directly but through a ClockRelay, which puts every stream's RTP
// time on this run's own timeline (its epoch), so sound and picture are in step from the first
// packet and the program cut places them on the log's clock by the epoch alone.

export type PointRecorderOptions = {
  /** this point's folder of this recording run */
  dir: string;
  pointId: string;
  /** camera and/or microphone taps, opened paused; the recorder owns them from here */
  taps: MediaTap[];
  segmentSeconds: number;
  logger: Logger;
  ffmpegPath?: string;
};

export type RecorderExit = {
  /** true when stop() asked for it; otherwise ffmpeg died or a tap closed under it */
  requested: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the last lines ffmpeg wrote to stderr (why it failed), or the recorder's own reason */
  stderr: string;
  /** set when the recorder gave up by itself (no picture from the camera in time) */
  failure?: string;
};

type Events = { exit: [RecorderExit] };

/** How long ffmpeg gets to finish its segment after SIGINT before it is killed. */
const STOP_GRACE_MS = 5_000;
/**
 * The run's timeline starts this long before its taps resume: no packet forwarded after the resume
 * was sent earlier than that, so every timestamp on it is positive.
 */
const EPOCH_LEAD_MS = 2_000;
/** How long each stream is held after its first packet to anchor its clock (stream-clock.ts). */
const ANCHOR_HOLD_MS = 1_500;
/** Until the camera's first key frame has come through its tap, one is asked for this often. */
const PICTURE_RETRY_MS = 1_000;
/** Without a picture this long, the tap's consumer is nudged (paused, resumed, its layer set again). */
const PICTURE_NUDGE_MS = 4_000;
/** A camera whose first key frame has not come through its tap by then fails the recorder. */
export const PICTURE_WAIT_MS = 20_000;

export class PointRecorder extends EventEmitter<Events> {
  readonly pointId: string;
  readonly dir: string;
  /** wall-clock start of this run: the files are named by it, the program cut maps time with it */
  readonly startedAt = Date.now();
  readonly producerKey: string;
  readonly #opts: PointRecorderOptions;
  #ffmpeg: ChildProcess | undefined;
  #keyFrames: NodeJS.Timeout | undefined;
  #stopping = false;
  #relay: ClockRelay | undefined;
  #exited: Promise<void> | undefined;
  #stderr = '';
  #failure: string | undefined;
  #pictureTimer: NodeJS.Timeout | undefined;
  #resumedAt = 0;
  #picture: { resolve: (ms: number) => void; reject: (err: Error) => void } | undefined;
  /**
   * Resolves with the ms from the taps' resume to the camera's first key frame reaching the relay
   * (at once without a camera); rejects when the recorder gave up waiting or stopped before it.
   */
  readonly picture: Promise<number>;

  constructor(opts: PointRecorderOptions) {
    super();
    this.#opts = opts;
    this.pointId = opts.pointId;
    this.dir = opts.dir;
    this.producerKey = opts.taps.map((t) => `${t.kind}:${t.ssrc}`).join(',');
    this.picture = new Promise<number>((resolve, reject) => (this.#picture = { resolve, reject }));
    this.picture.catch(() => undefined);
  }

  /** The files of this run: `<startedAt>-00000.webm` …, `<startedAt>.sdp`, `<startedAt>-segments.csv`, `<startedAt>.json` (when its media began). */
  get filePrefix(): string {
    return String(this.startedAt);
  }

  get pid(): number | undefined {
    return this.#ffmpeg?.pid;
  }

  async start(): Promise<void> {
    const { taps, dir, segmentSeconds } = this.#opts;
    try {
      await mkdir(dir, { recursive: true });
      // ffmpeg listens on ports of its own; the taps send to the relay on theirs.
      const ffmpegPorts = await tapPorts(taps.length, taps.map((t) => t.port));
      const streams = taps.map((tap, i) => ({ kind: tap.kind, port: ffmpegPorts[i]!, codec: tap.codec }));
      const epochMs = Date.now() - EPOCH_LEAD_MS;
      this.#relay = await ClockRelay.open(
        taps.map((tap, i) => ({ kind: tap.kind, ssrc: tap.ssrc, clockRate: tap.codec.clockRate, listenPort: tap.port, ffmpegPort: ffmpegPorts[i]! })),
        { epochMs, holdMs: ANCHOR_HOLD_MS },
      );
      const sdpFile = path.join(dir, `${this.filePrefix}.sdp`);
      await writeFile(sdpFile, recordingSdp(streams));
      const args = [
        '-hide_banner', '-nostats', '-loglevel', 'warning',
        '-protocol_whitelist', 'file,udp,rtp',
        // The packets' times are the relay's (time since the epoch): kept as they are, not moved
        // to start at zero, so the segments' times are on the run's timeline.
        '-copyts',
        // Loopback does not reorder, and the relay forwards in order. ffmpeg's default reorder
        // queue (500 packets, no time limit for an SDP file) waits for a missing sequence number
        // until it fills: mediasoup skips one on purpose when a simulcast layer changes, and the
        // picture then stalled for seconds (6 s seen on a loaded machine).
        '-reorder_queue_size', '0',
        // Room for the packets a stream held while its clock was anchored, sent at once.
        '-buffer_size', '1048576',
        '-i', sdpFile,
        '-map', '0', '-c', 'copy',
        // A silent (paused) microphone must not hold the video back in the muxer for long.
        '-max_interleave_delta', '1000000',
        '-f', 'segment', '-segment_time', String(segmentSeconds), '-segment_format', 'webm',
        '-reset_timestamps', '1',
        '-segment_list', path.join(dir, `${this.filePrefix}-segments.csv`), '-segment_list_type', 'csv', '-segment_list_flags', '+live',
        path.join(dir, `${this.filePrefix}-%05d.webm`),
      ];
      const ffmpeg = spawn(this.#opts.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      this.#ffmpeg = ffmpeg;
      ffmpeg.stderr?.setEncoding('utf8');
      ffmpeg.stderr?.on('data', (chunk: string) => {
        this.#stderr = (this.#stderr + chunk).slice(-2000);
      });
      this.#exited = new Promise((resolve) => {
        ffmpeg.once('exit', (code, signal) => {
          const failure = this.#failure;
          this.#finish({ requested: this.#stopping && !failure, code, signal, stderr: failure ?? this.#stderr.trim(), ...(failure ? { failure } : {}) });
          resolve();
        });
        ffmpeg.once('error', (err) => {
          this.#stderr += String(err.message);
        });
      });
      for (const tap of taps) tap.onClose(() => void this.stop());
      await this.#listening(streams.map((s) => s.port));
      // ffmpeg's timeline is the relay's: zero at the epoch, told before any packet flows. The
      // program cut places this run's segments on the wall clock (and so against the log) by it.
      this.#relay.announce();
      this.#resumedAt = Date.now();
      for (const tap of taps) await tap.resume();
      await writeFile(path.join(dir, `${this.filePrefix}.json`), `${JSON.stringify({ pointId: this.pointId, startedAt: this.startedAt, mediaStartedAt: epochMs })}\n`);
      await this.#askKeyFrame();
      this.#awaitPicture(this.#relay);
      this.#keyFrames = setInterval(() => void this.#askKeyFrame(), segmentSeconds * 1000);
      this.#keyFrames.unref();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * The SFU's consumer forwards a simulcast camera only from its layer's next key frame, and may
   * wait for the layer to score first: keep asking (a browser answers at once; an encoder that
   * ignores the request sends one every few seconds anyway) until the relay has one, and give up
   * with what the consumer was doing if none came within PICTURE_WAIT_MS.
   */
  #awaitPicture(relay: ClockRelay): void {
    const deadline = this.#resumedAt + PICTURE_WAIT_MS;
    relay.onPicture(() => {
      clearTimeout(this.#pictureTimer);
      this.#picture?.resolve(Math.max(0, (relay.pictureAt ?? Date.now()) - this.#resumedAt));
    });
    const check = async () => {
      if (relay.pictureAt !== null || this.#stopping) return;
      if (Date.now() >= deadline) {
        const video = this.#opts.taps.find((t) => t.kind === 'video');
        const consumer = video ? await video.describe().catch((err: Error) => err.message) : 'no camera tap';
        this.#failure = `no picture from the camera within ${PICTURE_WAIT_MS / 1000} s of the tap's resume (the SFU's tap consumer: ${consumer})`;
        this.#ffmpeg?.kill('SIGKILL');
        return;
      }
      const waited = Date.now() - this.#resumedAt;
      if (waited >= PICTURE_NUDGE_MS && waited % PICTURE_NUDGE_MS < PICTURE_RETRY_MS) {
        for (const tap of this.#opts.taps) if (tap.kind === 'video') await tap.nudge().catch(() => undefined);
      } else await this.#askKeyFrame();
      this.#pictureTimer = setTimeout(() => void check(), PICTURE_RETRY_MS);
      this.#pictureTimer.unref();
    };
    this.#pictureTimer = setTimeout(() => void check(), PICTURE_RETRY_MS);
    this.#pictureTimer.unref();
  }

  async #askKeyFrame(): Promise<void> {
    for (const tap of this.#opts.taps) if (!tap.closed && tap.kind === 'video') await tap.requestKeyFrame().catch(() => undefined);
  }

  /** ffmpeg has bound its RTP ports once we can no longer bind them ourselves. */
  async #listening(ports: number[]): Promise<void> {
    const taken = (port: number) =>
      new Promise<boolean>((resolve) => {
        const s = dgram.createSocket('udp4');
        s.once('error', () => (s.close(), resolve(true)));
        s.bind(port, '127.0.0.1', () => (s.close(), resolve(false)));
      });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (this.#ffmpeg?.exitCode !== null || this.#ffmpeg.signalCode !== null) throw new Error(`ffmpeg exited at start: ${this.#stderr.trim()}`);
      let all = true;
      for (const p of ports) all &&= await taken(p);
      if (all) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('ffmpeg did not open its RTP ports within 10 s');
  }

  #finish(exit: RecorderExit): void {
    clearInterval(this.#keyFrames);
    clearTimeout(this.#pictureTimer);
    this.#picture?.reject(new Error(exit.failure ?? `the recorder stopped before a picture came (ffmpeg ${exit.code ?? exit.signal})`));
    this.#relay?.close();
    for (const tap of this.#opts.taps) tap.close();
    if (!exit.requested) this.#opts.logger.warn({ point: this.pointId, code: exit.code, signal: exit.signal, stderr: exit.stderr.slice(-400) }, 'point recorder stopped on its own');
    this.emit('exit', exit);
  }

  /** Lets ffmpeg close its current segment (SIGINT), then kills it if it does not within a few seconds. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#keyFrames);
    clearTimeout(this.#pictureTimer);
    const ffmpeg = this.#ffmpeg;
    if (!ffmpeg) {
      this.#picture?.reject(new Error('the recorder stopped before it started'));
      this.#relay?.close();
      for (const tap of this.#opts.taps) tap.close();
      return;
    }
    if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      ffmpeg.kill('SIGINT');
      const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(timer);
    }
    await this.#exited;
  }
}

/** Ports for one point's taps (or its ffmpeg): the even port of a free pair each, none of `taken`. */
export async function tapPorts(count: number, taken: readonly number[] = []): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const p = await freeUdpPortPair();
    if (!ports.includes(p) && !taken.includes(p)) ports.push(p);
  }
  return ports;
}
