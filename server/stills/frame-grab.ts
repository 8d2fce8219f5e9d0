import { spawn } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import type { MediaTap } from '../media/media-tap.js';
import { tapPorts } from '../recording/point-recorder.js';
import type { RecordingMediaEdge } from '../recording/media-edge.js';
import { recordingSdp } from '../recording/sdp.js';

// One frame of a point's camera, as a JPEG: the recorder's way in (a media tap sends the camera's
// RTP, unchanged, to a loopback port; ffmpeg reads it through an SDP), but decoded and kept for
// one picture only. A VP8 stream can only be decoded from a key frame, and a browser sends them
// rarely, so the tap asks the point's encoder for one until ffmpeg has its picture.

export type GrabOptions = {
  media: Pick<RecordingMediaEdge, 'openTap'>;
  conferenceId: string;
  /** the camera producer */
  producerId: string;
  /** where the JPEG goes (its folder exists) */
  file: string;
  /** the picture's width at most (the minutes print it 16 cm wide); height follows */
  maxWidth?: number;
  timeoutMs?: number;
  ffmpegPath?: string;
};

export class FrameGrabFailed extends Error {}

const KEY_FRAME_EVERY_MS = 400;

/** Writes one decoded frame to `file`; rejects with FrameGrabFailed when none arrives in time. */
export async function grabFrame(opts: GrabOptions): Promise<void> {
  const [port] = await tapPorts(1);
  const tap: MediaTap = await opts.media.openTap(opts.conferenceId, opts.producerId, { ip: '127.0.0.1', port: port! });
  const sdpFile = `${opts.file}.sdp`;
  let stderr = '';
  try {
    await writeFile(sdpFile, recordingSdp([{ kind: 'video', port: tap.port, codec: tap.codec }]));
    const width = opts.maxWidth ?? 1280;
    const ffmpeg = spawn(
      opts.ffmpegPath ?? 'ffmpeg',
      [
        '-hide_banner', '-nostats', '-loglevel', 'error',
        '-protocol_whitelist', 'file,udp,rtp',
        // only a whole picture: frames before the first key frame (decoded grey or broken) are skipped
        '-skip_frame', 'nokey',
        '-i', sdpFile,
        '-map', '0:v:0',
        '-frames:v', '1',
        '-vf', `scale='min(${width},iw)':-2`,
        '-q:v', '3',
        '-update', '1',
        '-y', opts.file,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    ffmpeg.stderr?.setEncoding('utf8');
    ffmpeg.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-1000)));
    const exited = new Promise<number | null>((resolve) => {
      ffmpeg.once('exit', (code) => resolve(code));
      ffmpeg.once('error', (err) => ((stderr += err.message), resolve(-1)));
    });
    // ffmpeg binds its port as it opens the SDP; a key frame sent before is lost, so ask again and again.
    await tap.resume();
    const askKeyFrames = setInterval(() => void tap.requestKeyFrame().catch(() => undefined), KEY_FRAME_EVERY_MS);
    const timer = setTimeout(() => ffmpeg.kill('SIGKILL'), opts.timeoutMs ?? 10_000);
    const code = await exited;
    clearInterval(askKeyFrames);
    clearTimeout(timer);
    if (code !== 0) throw new FrameGrabFailed(`no frame from the point (ffmpeg ${code}): ${stderr.trim().slice(-300)}`);
  } finally {
    tap.close();
    await rm(sdpFile, { force: true });
  }
}

/** Width and height from a baseline or progressive JPEG's frame header (SOF0..SOF15 but DHT/JPG/DAC). */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (jpeg[i + 5]! << 8) | jpeg[i + 6]!, width: (jpeg[i + 7]! << 8) | jpeg[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}
