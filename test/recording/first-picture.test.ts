import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log/logger.js';
import type { MediaService } from '../../server/media/media-service.js';
import { PointRecorder, tapPorts, type RecorderExit } from '../../server/recording/point-recorder.js';
import { ensureFixtures, type PointLook } from '../media/fixtures.js';
import { sleep, startMedia, waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';
import { decodeErrors, frameColour, probe, segments } from './probe.js';

// A recorder whose camera's first key frame comes late (bench:recording, 48 recorders beside a
// 1 + 64 conference: the SFU's simulcast tap consumer forwarded its first picture up to 10 s after
// the resume, and the load generator, like a busy encoder, ignores key-frame requests). Here six
// synthetic points send a key frame only every 12 s and never answer a request; their recorders
// start a few seconds after a key frame, so each waits 7–10 s for the next. Before, the sound
// reached ffmpeg alone, its 5 s probe ran out without a picture size and every ffmpeg exited
// ("Could not find codec parameters … unspecified size"); now each recorder's first segment starts
// on the key frame, with its sound from that moment, and plays.

const CONF = 'first-picture';
const KEY_FRAME_EVERY_S = 12;
const LOOKS = (): PointLook[] => COLOURS.map(([colour], i) => ({ colour, toneHz: 440 + 110 * i, keyFrameEveryS: KEY_FRAME_EVERY_S }));
const COLOURS: [string, [number, number, number]][] = [
  ['#d02020', [208, 32, 32]],
  ['#2040d0', [32, 64, 208]],
  ['#20a040', [32, 160, 64]],
  ['#d0a020', [208, 160, 32]],
  ['#a020d0', [160, 32, 208]],
  ['#20c0c0', [32, 192, 192]],
];

let media: MediaService;
let root: string;
const points: SyntheticPoint[] = [];
const recorders: PointRecorder[] = [];

beforeAll(async () => {
  media = await startMedia();
  root = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-first-picture-'));
  for (const look of LOOKS()) ensureFixtures(look);
}, 180_000);

afterAll(async () => {
  await Promise.all(recorders.map((r) => r.stop()));
  for (const p of points) await p.close();
  media?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a recorder waits for its camera’s first key frame', () => {
  it('six recorders whose pictures come 7–10 s after the resume each get a first segment that plays, in the point’s colour, with its sound', async () => {
    for (const [i, look] of LOOKS().entries()) {
      const p = await syntheticPoint(media, { conferenceId: CONF, pointId: `p${i}`, receive: false, look });
      await p.startSending();
      points.push(p);
    }
    await waitFor('six cameras and microphones at the SFU', () => media.pointFeeds(CONF).filter((f) => f.camera && f.microphone).length === COLOURS.length, 15_000);
    // Every sender began on a key frame; the next is KEY_FRAME_EVERY_S later.
    await sleep(2_000);
    const exits = new Map<string, RecorderExit>();
    const logger = createLogger('silent');
    for (const feed of media.pointFeeds(CONF)) {
      const producers = [feed.camera!, feed.microphone!];
      const ports = await tapPorts(producers.length);
      const taps = [];
      for (const [i, producerId] of producers.entries()) taps.push(await media.openTap(CONF, producerId, { ip: '127.0.0.1', port: ports[i]! }));
      const recorder = new PointRecorder({ dir: path.join(root, feed.pointId), pointId: feed.pointId, taps, segmentSeconds: 2, logger });
      recorder.once('exit', (exit) => exits.set(feed.pointId, exit));
      recorders.push(recorder);
      await recorder.start();
    }
    const waits = await Promise.all(recorders.map((r) => r.picture));
    // The pictures really were late: ffmpeg's 5 s probe would have run out on the sound alone.
    expect(Math.min(...waits)).toBeGreaterThan(5_000);
    await sleep(2_500);
    expect([...exits.entries()].map(([p, e]) => `${p}: ${e.stderr}`)).toEqual([]);
    await Promise.all(recorders.map((r) => r.stop()));
    for (const [i, [, rgb]] of COLOURS.entries()) {
      const files = segments(path.join(root, `p${i}`));
      expect(files.length, `p${i} segments`).toBeGreaterThan(0);
      const first = probe(files[0]!);
      expect(first.streams.map((s) => s.codec).sort(), `p${i}`).toEqual(['opus', 'vp8']);
      expect(first.streams.every((s) => s.packets > 0), `p${i} packets ${JSON.stringify(first.streams)}`).toBe(true);
      expect(decodeErrors(files[0]!), `p${i} decodes`).toBe('');
      const got = frameColour(files[0]!);
      for (const c of [0, 1, 2]) expect(Math.abs(got[c]! - rgb[c]!), `p${i} colour ${got.join(',')}`).toBeLessThan(30);
    }
  }, 90_000);
});
