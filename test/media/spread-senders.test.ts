import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaService } from '../../server/media/media-service.js';
import { startMedia, waitFor } from './helpers.js';
import { mediaFlows, syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// Issue 18 item 4: a large conference's senders are placed on routers of every worker (here from
// the second sender on), each on the one whose senders bring in the least, and a receiver on
// either worker gets every point, the producers piped both ways. The talking observer and a
// recorder's tap, both on the first router, get a microphone or camera of the other worker piped.

const CONF = 'spread-senders';
const IDS = ['central', 'thoi-binh', 'u-minh', 'dam-doi'];
let media: MediaService;
const points: SyntheticPoint[] = [];
const viewers: SyntheticPoint[] = [];

const slotOf = (p: SyntheticPoint) => media.inspect(p.sessionId)!;

const flowing = (receiver: SyntheticPoint, fromPoint: string, kind: string) => mediaFlows(media, receiver, fromPoint, kind, 15_000);

beforeAll(async () => {
  media = await startMedia({ workers: 2 }, { spreadSendersFrom: 1, maxConsumersPerWorker: 6 });
  media.setPolicy(CONF, { mode: 'gallery', centralPointId: IDS[0]!, floorHolders: [], spotlight: null, pointOrder: IDS, audiblePoints: null });
  for (const pointId of IDS) {
    const p = await syntheticPoint(media, { conferenceId: CONF, pointId });
    await p.startSending();
    points.push(p);
    await media.settled(CONF);
  }
  for (let i = 0; i < 2; i++) {
    viewers.push(await syntheticPoint(media, { conferenceId: CONF, pointId: null, role: 'observer' }));
    await media.settled(CONF);
  }
}, 60_000);

afterAll(async () => {
  for (const p of [...points, ...viewers]) await p?.close();
  media?.close();
});

describe('senders spread over the workers, piped both ways', () => {
  it('places the senders on both workers, two each, and receivers on both', () => {
    const senders = points.map((p) => slotOf(p).sendSlot!.worker.index);
    expect(senders.filter((w) => w === 0)).toHaveLength(2);
    expect(senders.filter((w) => w === 1)).toHaveLength(2);
    const receivers = new Set([...points, ...viewers].map((p) => slotOf(p).recvSlot!.worker.index));
    expect(receivers).toEqual(new Set([0, 1]));
  });

  it('every receiver, on either worker, gets every other point’s camera and microphone', async () => {
    for (const receiver of [...points, ...viewers]) {
      for (const from of IDS) {
        if (from === receiver.pointId) continue;
        await flowing(receiver, from, 'video');
        await flowing(receiver, from, 'audio');
      }
    }
  }, 120_000);

  it('pipes a microphone of the other worker to the first router, where the talking observer listens', () => {
    const primary = slotOf(points[0]!).sendSlot!;
    for (const p of points.slice(1)) {
      const session = slotOf(p);
      if (session.sendSlot === primary) continue;
      const mic = [...session.producers.values()].find((x) => x.kind === 'audio')!;
      expect(primary.piped.has(mic.id)).toBe(true);
    }
  });

  it('taps a camera of the other worker for a recorder', async () => {
    const primary = slotOf(points[0]!).sendSlot!;
    const far = points.find((p) => slotOf(p).sendSlot !== primary)!;
    const camera = [...slotOf(far).producers.values()].find((x) => x.kind === 'video')!;
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    let packets = 0;
    socket.on('message', () => packets++);
    const tap = await media.openTap(CONF, camera.id, { ip: '127.0.0.1', port: socket.address().port });
    await tap.resume();
    await waitFor('tapped packets', () => packets > 20, 10_000);
    tap.close();
    socket.close();
  }, 30_000);
});
