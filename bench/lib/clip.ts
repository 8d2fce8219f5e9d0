// The media every synthetic point sends in the SFU benchmark: ONE short clip, encoded once by
// Debian's ffmpeg (three VP8 simulcast layers and an Opus microphone), packetised to RTP payloads
// the way a browser does (RFC 7741 VP8 descriptor with a 15-bit picture id, one Opus frame per
// packet) and written to one file. The native load generator replays that file for every point
// with its own SSRCs, sequence numbers, timestamps and phase, so N points cost one file, not N
// encoders.
//
// File layout (little-endian): "HNCL", u32 version, u32 durationUs, u32 videoFrames,
// u32 audioPackets, u32 records; then per record: u32 tUs, u32 tsRel, u16 frame, u8 stream
// (0..2 = video layer, 3 = audio), u8 flags (1 = marker), u16 length, payload.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLIP_SECONDS = 10;
export const FPS = 30;
/** A key frame every two seconds: a consumer starts within two seconds of being created. */
export const GOP_FRAMES = 60;
/** Largest RTP payload, VP8 descriptor included (an RTP packet of ~1,112 bytes, ~1,128 with SRTP). */
export const MAX_PAYLOAD = 1100;
export const LAYERS = [
  { width: 320, height: 180, bitrate: '150k' },
  { width: 640, height: 360, bitrate: '500k' },
  { width: 1280, height: 720, bitrate: '1500k' },
] as const;
export const AUDIO_BITRATE = '32k';
/** WebRTC's pacer sends at 2.5× the target bitrate. */
export const PACING_FACTOR = 2.5;

type Rec = { tUs: number; tsRel: number; frame: number; stream: number; marker: boolean; payload: Buffer };

export type ClipInfo = {
  file: string;
  durationUs: number;
  videoFrames: number;
  audioPackets: number;
  records: number;
  /** packets per second each stream sends (0..2 video layers, 3 audio) */
  packetsPerSecond: number[];
  /** mean RTP payload bytes per stream */
  meanPayload: number[];
};

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** IVF: 32-byte file header, then per frame a 12-byte header (u32 size, u64 pts) and the frame. */
function readIvf(file: string): Buffer[] {
  const buf = readFileSync(file);
  if (buf.toString('latin1', 0, 4) !== 'DKIF') throw new Error(`${file} is not IVF`);
  const frames: Buffer[] = [];
  for (let off = buf.readUInt16LE(6); off + 12 <= buf.length; ) {
    const size = buf.readUInt32LE(off);
    frames.push(buf.subarray(off + 12, off + 12 + size));
    off += 12 + size;
  }
  return frames;
}

/** Ogg pages → Opus packets (lacing values of 255 continue a packet), without OpusHead/OpusTags. */
function readOggOpus(file: string): Buffer[] {
  const buf = readFileSync(file);
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  for (let off = 0; off + 27 <= buf.length; ) {
    if (buf.toString('latin1', off, off + 4) !== 'OggS') throw new Error(`${file}: bad Ogg page at ${off}`);
    const segments = buf[off + 26]!;
    let body = off + 27 + segments;
    for (let i = 0; i < segments; i++) {
      const lace = buf[off + 27 + i]!;
      pending.push(buf.subarray(body, body + lace));
      body += lace;
      if (lace < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    off = body;
  }
  return packets.filter((p) => !p.subarray(0, 8).equals(Buffer.from('OpusHead')) && !p.subarray(0, 8).equals(Buffer.from('OpusTags')));
}

/** RFC 7741 descriptor: X, S (first packet of a frame), PID 0; I; M + 15-bit picture id (rewritten when sent). */
function vp8Packets(frame: Buffer, pictureId: number): Buffer[] {
  const room = MAX_PAYLOAD - 4;
  const count = Math.ceil(frame.length / room);
  const size = Math.ceil(frame.length / count); // equal parts, as browsers split
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const d = Buffer.from([0x80 | (i === 0 ? 0x10 : 0), 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff]);
    out.push(Buffer.concat([d, frame.subarray(i * size, Math.min(frame.length, (i + 1) * size))]));
  }
  return out;
}

export function ensureClip(): ClipInfo {
  const dir = join(tmpdir(), 'hoinghi-bench-clip-v2');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'clip.bin');
  const layerFiles = LAYERS.map((l, i) => {
    const f = join(dir, `layer${i}.ivf`);
    if (!existsSync(f)) {
      ffmpeg([
        '-f', 'lavfi', '-i', `testsrc2=size=${l.width}x${l.height}:rate=${FPS}:duration=${CLIP_SECONDS}`,
        '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', l.bitrate, '-maxrate', l.bitrate,
        '-g', String(GOP_FRAMES), '-keyint_min', String(GOP_FRAMES), '-auto-alt-ref', '0', '-lag-in-frames', '0',
        `${f}.part.ivf`,
      ]);
      renameSync(`${f}.part.ivf`, f);
    }
    return f;
  });
  const audioFile = join(dir, 'audio.opus');
  if (!existsSync(audioFile)) {
    ffmpeg([
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS + 1}`,
      '-ac', '1', '-c:a', 'libopus', '-b:a', AUDIO_BITRATE, '-frame_duration', '20', '-f', 'ogg', `${audioFile}.part`,
    ]);
    renameSync(`${audioFile}.part`, audioFile);
  }

  const videoFrames = FPS * CLIP_SECONDS;
  const audioPackets = (CLIP_SECONDS * 1000) / 20;
  const recs: Rec[] = [];
  const durationUs = CLIP_SECONDS * 1_000_000;
  layerFiles.forEach((f, layer) => {
    const frames = readIvf(f).slice(0, videoFrames);
    if (frames.length < videoFrames) throw new Error(`${f}: ${frames.length} frames, expected ${videoFrames}`);
    // A browser's pacer sends at 2.5× the layer's bitrate: a key frame leaves over tens of
    // milliseconds (and delays the frames behind it), never as one burst. Same here, per layer.
    const bitsPerUs = (PACING_FACTOR * parseInt(LAYERS[layer]!.bitrate, 10) * 1000) / 1e6;
    let pacerFreeUs = 0;
    frames.forEach((frame, i) => {
      const packets = vp8Packets(frame, i);
      const frameUs = Math.round((i * 1e6) / FPS);
      packets.forEach((payload, k) => {
        const tUs = Math.min(durationUs - 1, Math.max(frameUs, pacerFreeUs));
        pacerFreeUs = tUs + Math.round(((payload.length + 40) * 8) / bitsPerUs);
        recs.push({ tUs, tsRel: i * (90000 / FPS), frame: i, stream: layer, marker: k === packets.length - 1, payload });
      });
    });
  });
  const opus = readOggOpus(audioFile).slice(0, audioPackets);
  if (opus.length < audioPackets) throw new Error(`${audioFile}: ${opus.length} packets, expected ${audioPackets}`);
  opus.forEach((payload, i) => recs.push({ tUs: i * 20_000, tsRel: i * 960, frame: i & 0xffff, stream: 3, marker: false, payload }));
  recs.sort((a, b) => a.tUs - b.tUs || a.stream - b.stream || a.frame - b.frame);

  if (!existsSync(file)) {
    const head = Buffer.alloc(24);
    head.write('HNCL', 0, 'latin1');
    head.writeUInt32LE(1, 4);
    head.writeUInt32LE(durationUs, 8);
    head.writeUInt32LE(videoFrames, 12);
    head.writeUInt32LE(audioPackets, 16);
    head.writeUInt32LE(recs.length, 20);
    const parts: Buffer[] = [head];
    for (const r of recs) {
      const h = Buffer.alloc(14);
      h.writeUInt32LE(r.tUs, 0);
      h.writeUInt32LE(r.tsRel, 4);
      h.writeUInt16LE(r.frame, 8);
      h.writeUInt8(r.stream, 10);
      h.writeUInt8(r.marker ? 1 : 0, 11);
      h.writeUInt16LE(r.payload.length, 12);
      parts.push(h, r.payload);
    }
    writeFileSync(`${file}.part`, Buffer.concat(parts));
    renameSync(`${file}.part`, file);
  }
  const per = [0, 1, 2, 3].map((s) => recs.filter((r) => r.stream === s));
  return {
    file,
    durationUs,
    videoFrames,
    audioPackets,
    records: recs.length,
    packetsPerSecond: per.map((p) => p.length / CLIP_SECONDS),
    meanPayload: per.map((p) => Math.round(p.reduce((a, r) => a + r.payload.length, 0) / Math.max(1, p.length))),
  };
}
