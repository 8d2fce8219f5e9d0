import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Pre-encoded media for synthetic points: three VP8 simulcast layers (160×90, 320×180, 640×360,
 * a key frame every second) and an Opus tone, encoded once by Debian's ffmpeg and reused. Points
 * then stream them with `-c copy`, so a conference of many synthetic points costs almost no CPU.
 * Half a browser's sizes: the layers differ just as much, at a quarter of the packets.
 */
export const LAYERS = [
  { width: 160, height: 90, bitrate: '80k' },
  { width: 320, height: 180, bitrate: '200k' },
  { width: 640, height: 360, bitrate: '500k' },
] as const;

/** `audio` is Opus to copy, or (a look's tone) PCM the sender encodes as it goes. */
export type Fixtures = { layers: string[]; audio: string };

/**
 * A point's own picture and tone, so a frame or a second of any recording tells which point it is.
 * `flash`: every 2 s the picture's lower right quarter turns white and the tone sounds for the
 * same 0.2 s (silent between), so a recording's audio–video sync can be measured; the rest of the
 * picture keeps the point's colour.
 */
export type PointLook = {
  colour: string;
  toneHz: number;
  flash?: boolean;
  /** a key frame this often (default every second); the sender never answers a request for one */
  keyFrameEveryS?: number;
};

/** The flash (and beep) of a `flash` look: from each even second of the source, this long. */
export const FLASH = { everyS: 2, lengthS: 0.2 } as const;

export function ensureFixtures(look?: PointLook): Fixtures {
  const gop = look?.keyFrameEveryS ?? 1;
  const dir = path.join(os.tmpdir(), look ? `hoinghi-media-fixtures-v4-${look.colour.replace('#', '')}-${look.toneHz}${look.flash ? '-flash-quarter' : ''}${gop !== 1 ? `-gop${gop}` : ''}` : 'hoinghi-media-fixtures-v4');
  // The loop is as long as one key-frame interval (at least the usual 4 s), so a loop's restart
  // (always on a key frame) does not add one.
  const loopS = Math.max(4, gop);
  const flashOn = `lt(mod(t,${FLASH.everyS}),${FLASH.lengthS})`;
  mkdirSync(dir, { recursive: true });
  const layers = LAYERS.map((l, i) => {
    const file = path.join(dir, `layer${i}.ivf`);
    if (!existsSync(file)) {
      execFileSync('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', '-y',
        '-f', 'lavfi', '-i', look
          ? `color=c=${look.colour}:size=${l.width}x${l.height}:rate=15:duration=${loopS}${look.flash ? `,drawbox=x=iw/2:y=ih/2:w=iw/2:h=ih/2:c=white:t=fill:enable='${flashOn}'` : ''}`
          : `testsrc2=size=${l.width}x${l.height}:rate=15:duration=4`,
        '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', l.bitrate, '-g', String(15 * gop), '-keyint_min', String(15 * gop),
        '-auto-alt-ref', '0', '-lag-in-frames', '0',
        `${file}.part.ivf`,
      ]);
      execFileSync('mv', [`${file}.part.ivf`, file]);
    }
    return file;
  });
  // A look's tone is PCM, encoded to Opus by the sending ffmpeg itself: ffmpeg loops a stream it
  // only copies by the span of its packet times plus one tick, so a looped Opus file restarted
  // every loop one packet (20 ms) early and its sound ran ahead of its picture (−20 ms per loop,
  // which the recordings then faithfully kept). A decoded loop lasts exactly its samples.
  const audio = path.join(dir, look ? 'tone.wav' : 'tone.ogg');
  if (!existsSync(audio)) {
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', look
        ? `sine=frequency=${look.toneHz}:sample_rate=48000:duration=${loopS}${look.flash ? `,volume=0:enable='not(${flashOn})'` : ''}`
        // 4 s less Opus's pre-skip (312 samples): 200 packets of 20 ms.
        : `sine=frequency=440:sample_rate=48000:duration=${4 - 312 / 48_000}`,
      '-ac', '2', ...(look ? ['-c:a', 'pcm_s16le', `${audio}.part.wav`] : ['-c:a', 'libopus', '-b:a', '32k', `${audio}.part.ogg`]),
    ]);
    execFileSync('mv', [`${audio}.part.${look ? 'wav' : 'ogg'}`, audio]);
  }
  return { layers, audio };
}
