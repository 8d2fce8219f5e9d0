import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROGRAM_HEIGHT, PROGRAM_WIDTH, type Rect } from '../../shared/recording/edit-list.js';
import { bandColour, fittedPicture, lowerThirdBand, lowerThirdLine, PROGRAM_BACKGROUND, PROGRAM_FONTS } from '../recording/lower-third.js';
import { recordingSdp, type SdpStream } from '../recording/sdp.js';

// The live program's compositor: ONE long-lived Debian ffmpeg that reads the program's slots (the
// main picture, the insets, the room sound) as RTP from the slot relays, draws the program — the
// same look as the program cut: background, pictures, lower third — encodes H.264 + AAC once,
// and writes HLS segments (served by hoinghi) and, through the tee muxer, the same program as
// MPEG-TS to a loopback UDP port that the RTMP pusher (rtmp-pusher.ts, its own process) reads. The meeting changes the program without ever restarting ffmpeg: which
// point feeds a slot is the relays' business; where a slot is drawn and whether the caption band
// shows are changed by ffmpeg's own run-time filter commands (written to its stdin, `c` then
// `target time command argument`); the caption's text is reloaded from files every frame.
// Each picture is fitted to its slot as in the cut (lower-third.ts fittedPicture: a 4:3 webcam or
// a phone held upright is letterboxed on the background), decided again whenever the picture a
// slot carries changes size, so a point of another shape switched in needs no change of the graph.

export type MixerSlots = {
  /** the slots' RTP, in this order: video slots first (slot 0 is the main picture), then sound */
  streams: SdpStream[];
  /** where each video slot is drawn, in the frame; `null` hides it */
  videoRects: Rect[];
};

export type MixerOptions = {
  /** the HLS folder: index.m3u8 and its segments */
  dir: string;
  slots: MixerSlots;
  /**
   * a loopback UDP port to send the same program to as MPEG-TS, for the RTMP pusher: a datagram
   * to nobody never blocks, so the push's failures never reach the HLS
   */
  pushPort: number | null;
  segmentSeconds: number;
  ffmpegPath?: string;
  fps?: number;
};

export type MixerExit = { requested: boolean; code: number | null; signal: NodeJS.Signals | null; stderr: string };

export const HLS_PLAYLIST = 'index.m3u8';
const HIDDEN_X = -4 * PROGRAM_WIDTH;
const STOP_GRACE_MS = 5_000;

/** ffmpeg's filter graph for the slots: pictures over the background, then the lower third. */
export function mixerGraph(slots: MixerSlots, fps: number): string {
  const videoSlots = slots.streams.filter((s) => s.kind === 'video').length;
  const soundSlots = slots.streams.length - videoSlots;
  const lines = [`color=c=${PROGRAM_BACKGROUND}:s=${PROGRAM_WIDTH}x${PROGRAM_HEIGHT}:r=${fps}[base0]`];
  for (let i = 0; i < videoSlots; i++) {
    const rect = slots.videoRects[i]!;
    // Every slot keeps its size; where it is drawn (or that it is hidden) is a run-time command.
    lines.push(`[0:v:${i}]${fittedPicture(rect.w, rect.h)}[slot${i}]`);
    lines.push(`[base${i}][slot${i}]overlay@slot${i}=x=${i === 0 ? rect.x : HIDDEN_X}:y=${rect.y}:repeatlast=1[base${i + 1}]`);
  }
  const caption = [
    lowerThirdBand(PROGRAM_HEIGHT, { name: 'band', visible: false }),
    lowerThirdLine('speaker', PROGRAM_HEIGHT, 'speaker.txt', PROGRAM_FONTS, 'reload=1'),
    lowerThirdLine('step', PROGRAM_HEIGHT, 'step.txt', PROGRAM_FONTS, 'reload=1'),
    'format=yuv420p',
  ];
  lines.push(`[base${videoSlots}]${caption.join(',')}[vout]`);
  const sound = Array.from({ length: soundSlots }, (_, i) => `[0:a:${i}]`).join('');
  // The pictures start at 0 (the background is a source of the graph), the sound only once its
  // RTP is decoded, about a second later: the first segment had a video stream and an audio
  // stream with no packet at all, and hls.js, having set up its buffers without audio, failed
  // to append the next segment's (bufferAppendError, fatal, again after its one recovery — a
  // player that fetched segments 0 and 1 twice and stopped). first_pts=0 pads the sound with
  // silence from 0, so every segment carries both streams.
  lines.push(`${sound}amix=inputs=${soundSlots}:duration=longest:normalize=0,aresample=48000:async=1:first_pts=0[aout]`);
  return lines.join(';\n');
}

export function mixerArgs(opts: MixerOptions): string[] {
  const fps = opts.fps ?? 25;
  const hls = [
    'f=hls',
    `hls_time=${opts.segmentSeconds}`,
    'hls_list_size=8',
    // Old segments are deleted; each segment starts on a key frame and says its wall-clock time
    // (EXT-X-PROGRAM-DATE-TIME: how the latency is measured); segments appear whole (renamed).
    'hls_flags=delete_segments+program_date_time+independent_segments+temp_file',
    'hls_segment_filename=seg-%05d.ts',
  ];
  const outputs = [`[${hls.join(':')}]${HLS_PLAYLIST}`];
  if (opts.pushPort !== null) outputs.push(`[f=mpegts:onfail=ignore]udp://127.0.0.1:${opts.pushPort}?pkt_size=1316`);
  return [
    '-hide_banner', '-loglevel', 'warning', '-nostats',
    '-protocol_whitelist', 'file,udp,rtp',
    // The slots' pictures change size when another point is switched in: the graph must not be
    // rebuilt for it (that would lose the run-time commands); the scale filters follow by themselves.
    '-reinit_filter', '0',
    '-fflags', 'nobuffer', '-analyzeduration', '1000000', '-max_delay', '200000',
    '-i', 'program.sdp',
    '-filter_complex_script', 'program.graph',
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-r', String(fps),
    '-g', String(fps * opts.segmentSeconds), '-keyint_min', String(fps * opts.segmentSeconds), '-sc_threshold', '0',
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '2500k',
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
    // The codecs' headers apart from the stream too (the MPEG-TS outputs repeat them before each key frame).
    '-flags', '+global_header',
    '-f', 'tee', outputs.join('|'),
  ];
}

export class ProgramMixer extends EventEmitter<{ exit: [MixerExit] }> {
  readonly #opts: MixerOptions;
  #ffmpeg: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #stopping = false;
  #stderr = '';
  /** what was last commanded, so a command is only sent for a change */
  readonly #placed = new Map<string, string>();
  #caption = { speaker: '', step: '' };

  constructor(opts: MixerOptions) {
    super();
    this.#opts = opts;
  }

  get pid(): number | undefined {
    return this.#ffmpeg?.pid;
  }

  async start(): Promise<void> {
    const { dir } = this.#opts;
    await writeFile(path.join(dir, 'program.sdp'), recordingSdp(this.#opts.slots.streams));
    await writeFile(path.join(dir, 'program.graph'), `${mixerGraph(this.#opts.slots, this.#opts.fps ?? 25)}\n`);
    await this.caption({ speaker: null, step: null });
    const ffmpeg = spawn(this.#opts.ffmpegPath ?? 'ffmpeg', mixerArgs(this.#opts), { cwd: dir, stdio: ['pipe', 'ignore', 'pipe'] });
    this.#ffmpeg = ffmpeg;
    ffmpeg.stdin?.on('error', () => undefined);
    ffmpeg.stderr?.setEncoding('utf8');
    ffmpeg.stderr?.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-3000);
    });
    this.#exited = new Promise((resolve) => {
      ffmpeg.once('exit', (code, signal) => {
        this.emit('exit', { requested: this.#stopping, code, signal, stderr: this.#stderr.trim() });
        resolve();
      });
      ffmpeg.once('error', (err) => (this.#stderr += err.message));
    });
  }

  /** Where video slot `i` is drawn now; null hides it. */
  place(i: number, visible: boolean): void {
    const rect = this.#opts.slots.videoRects[i]!;
    this.#command(`overlay@slot${i}`, 'x', String(visible ? rect.x : HIDDEN_X));
  }

  /** The lower third's two lines (files ffmpeg reloads every frame) and whether its band shows. */
  async caption(lines: { speaker: string | null; step: string | null }): Promise<void> {
    const next = { speaker: lines.speaker ?? '', step: lines.step ?? '' };
    for (const key of ['speaker', 'step'] as const) {
      if (next[key] === this.#caption[key] && this.#ffmpeg) continue;
      // Written aside and renamed, so ffmpeg never reads half a line.
      const file = path.join(this.#opts.dir, `${key}.txt`);
      await writeFile(`${file}.tmp`, next[key]);
      await rename(`${file}.tmp`, file);
    }
    this.#caption = next;
    if (this.#ffmpeg) this.#command('drawbox@band', 'color', bandColour(!!(next.speaker || next.step)));
  }

  #command(target: string, command: string, arg: string): void {
    const key = `${target} ${command}`;
    if (this.#placed.get(key) === arg) return;
    this.#placed.set(key, arg);
    // ffmpeg reads one key from stdin every 100 ms; `c` is followed by the whole command line.
    this.#ffmpeg?.stdin?.write(`c${target} -1 ${command} ${arg}\n`);
  }

  /** Ends the stream cleanly (`q`: the playlist gets its end), killing ffmpeg if it does not. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const ffmpeg = this.#ffmpeg;
    if (!ffmpeg || ffmpeg.exitCode !== null || ffmpeg.signalCode !== null) return this.#exited;
    ffmpeg.stdin?.write('q');
    const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
