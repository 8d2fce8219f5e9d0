import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { vp8Payloads, type Filler } from './slot-relay.js';

// The picture a live slot sends when no point feeds it: one VP8 key frame of the program's
// background colour, encoded once by Debian's ffmpeg (libvpx) and read out of its IVF file.

const run = promisify(execFile);

export async function backgroundKeyFrame(colour: string, width: number, height: number, ffmpegPath = 'ffmpeg'): Promise<Filler> {
  const { stdout } = await run(
    ffmpegPath,
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:s=${width}x${height}:r=1`, '-frames:v', '1', '-c:v', 'libvpx', '-f', 'ivf', '-'],
    { encoding: 'buffer', maxBuffer: 1 << 22 },
  );
  const ivf = stdout as unknown as Buffer;
  // IVF: a 32-byte file header, then each frame as a 12-byte header (size, timestamp) and its bytes.
  if (ivf.length < 44 || ivf.subarray(0, 4).toString('latin1') !== 'DKIF') throw new Error('ffmpeg gave no IVF key frame');
  const headerLength = ivf.readUInt16LE(6);
  const size = ivf.readUInt32LE(headerLength);
  const frame = ivf.subarray(headerLength + 12, headerLength + 12 + size);
  if (frame.length !== size || (frame[0]! & 1) !== 0) throw new Error('the filler is not a whole VP8 key frame');
  return { payloads: vp8Payloads(frame) };
}
