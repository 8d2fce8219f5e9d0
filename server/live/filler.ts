import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { namePlate, PROGRAM_BACKGROUND, PROGRAM_FONTS } from '../recording/lower-third.js';
import { vp8Payloads, type Filler } from './slot-relay.js';

// The pictures a live slot sends when no point feeds it, each one VP8 key frame encoded once by
// Debian's ffmpeg (libvpx) and read out of its IVF file: the program's background when nobody is
// shown there, and a point's name plate when the program shows a point that sends no picture
// (its camera off), the same plate the program cut draws (lower-third.ts namePlate).

const run = promisify(execFile);

export async function backgroundKeyFrame(colour: string, width: number, height: number, ffmpegPath = 'ffmpeg'): Promise<Filler> {
  return { payloads: vp8Payloads(keyFrameOf(await encodeOneFrame(`color=c=${colour}:s=${width}x${height}:r=1`, null, ffmpegPath))) };
}

/**
 * A point's name on the background, the size of the slot's place (the full frame, or an inset),
 * drawn as the cut draws it there; the compositor then shows it unscaled.
 */
export async function namePlateKeyFrame(name: string, place: { w: number; h: number }, fullFrame: boolean, ffmpegPath = 'ffmpeg'): Promise<Filler> {
  return { payloads: vp8Payloads(keyFrameOf(await namePlateIvf(name, place, fullFrame, ffmpegPath))) };
}

/** The plate as an IVF file (for the key frame, and for a test to decode). */
export async function namePlateIvf(name: string, place: { w: number; h: number }, fullFrame: boolean, ffmpegPath = 'ffmpeg'): Promise<Buffer> {
  // The name goes through a file, never the filter's text: a name may hold ':', '%' or quotes.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hoinghi-plate-'));
  try {
    const textFile = path.join(dir, 'name.txt');
    await writeFile(textFile, name);
    const plate = namePlate({ x: 0, y: 0, ...place }, name, textFile, PROGRAM_FONTS.bold, { fullFrame });
    return await encodeOneFrame(`color=c=${PROGRAM_BACKGROUND}:s=${place.w}x${place.h}:r=1`, plate, ffmpegPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function encodeOneFrame(source: string, filter: string | null, ffmpegPath: string): Promise<Buffer> {
  const { stdout } = await run(
    ffmpegPath,
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source, ...(filter ? ['-vf', filter] : []), '-frames:v', '1', '-c:v', 'libvpx', '-f', 'ivf', '-'],
    { encoding: 'buffer', maxBuffer: 1 << 22 },
  );
  return stdout as unknown as Buffer;
}

/** IVF: a 32-byte file header, then each frame as a 12-byte header (size, timestamp) and its bytes. */
function keyFrameOf(ivf: Buffer): Buffer {
  if (ivf.length < 44 || ivf.subarray(0, 4).toString('latin1') !== 'DKIF') throw new Error('ffmpeg gave no IVF key frame');
  const headerLength = ivf.readUInt16LE(6);
  const size = ivf.readUInt32LE(headerLength);
  const frame = ivf.subarray(headerLength + 12, headerLength + 12 + size);
  if (frame.length !== size || (frame[0]! & 1) !== 0) throw new Error('the filler is not a whole VP8 key frame');
  return frame;
}
