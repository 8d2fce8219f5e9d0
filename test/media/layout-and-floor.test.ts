import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaService } from '../../server/media/media-service.js';
import { HealthReportSchema } from '../../shared/media/health.js';
import { MediaPushSchema } from '../../shared/protocol/media.js';
import type { ConferencePolicy, MediaObservation } from '../../server/media/policy.js';
import { startMedia, sleep, waitFor } from './helpers.js';
import { syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// Integration on a real mediasoup worker: five synthetic points (ffmpeg → PlainTransport, VP8
// simulcast + Opus) and one observer in one conference. Asserts what each receiver gets against
// the layout policy, the layers, that paused consumers carry no packets, and floor control.

const CONF = 'ca-mau-2021';
const CENTRAL = 'ubnd-tinh';
const DISTRICTS = ['thoi-binh', 'u-minh', 'dam-doi', 'nam-can'];

let media: MediaService;
const points = new Map<string, SyntheticPoint>();
let observer: SyntheticPoint;
const observations: MediaObservation[] = [];

const policy = (over: Partial<ConferencePolicy> = {}): ConferencePolicy => ({
  mode: 'presiding',
  centralPointId: CENTRAL,
  floorHolders: [],
  spotlight: null,
  pointOrder: [CENTRAL, ...DISTRICTS],
  audiblePoints: [CENTRAL],
  ...over,
});

/** The receiver's consumer of `fromPoint`'s source, as the SFU holds it. */
function consumerAt(receiver: SyntheticPoint, fromPoint: string, source: string) {
  const session = media.inspect(receiver.sessionId);
  return [...(session?.consumers.values() ?? [])].find((c) => c.appData.pointId === fromPoint && c.appData.source === source);
}

async function packetsDuring(receiver: SyntheticPoint, consumerId: string, ms: number): Promise<number> {
  const before = receiver.packetsOf(consumerId);
  await sleep(ms);
  return receiver.packetsOf(consumerId) - before;
}

beforeAll(async () => {
  media = await startMedia({}, { healthIntervalMs: 500, noMediaLostAfterMs: 2000 });
  media.on('observation', (_c, o) => observations.push(o));
  media.setPolicy(CONF, policy());
  for (const id of [CENTRAL, ...DISTRICTS]) {
    const p = await syntheticPoint(media, { conferenceId: CONF, pointId: id });
    await media.setView(p.sessionId, { page: 0, pageSize: 2 });
    await p.startSending();
    points.set(id, p);
  }
  observer = await syntheticPoint(media, { conferenceId: CONF, pointId: null, role: 'observer' });
  await media.setView(observer.sessionId, { page: 0, pageSize: 2 });
});

afterAll(async () => {
  for (const p of [...points.values(), observer]) await p?.close();
  media?.close();
});

describe('who sees what (presiding layout)', () => {
  it('gives a district point the central point large at the top layer and its page of thumbnails at the lowest', async () => {
    const uMinh = points.get('u-minh')!;
    await waitFor('central at layer 2', () => consumerAt(uMinh, CENTRAL, 'camera')?.currentLayers?.spatialLayer === 2, 15_000);
    for (const thumb of ['thoi-binh', 'dam-doi']) {
      await waitFor(`${thumb} at layer 0`, () => consumerAt(uMinh, thumb, 'camera')?.currentLayers?.spatialLayer === 0, 15_000);
    }
    // nam-can is on page 2 of the strip and u-minh never sees itself: no consumer for either
    expect(consumerAt(uMinh, 'nam-can', 'camera')).toBeUndefined();
    expect(consumerAt(uMinh, 'u-minh', 'camera')).toBeUndefined();
    const plan = uMinh.pushes.filter((m) => m.type === 'plan').at(-1);
    expect(plan?.type === 'plan' && plan.tiles.filter((t) => t.size !== 'hidden').map((t) => `${t.pointId}:${t.size}:${t.layer}`)).toEqual([
      'ubnd-tinh:large:2',
      'thoi-binh:thumbnail:0',
      'dam-doi:thumbnail:0',
    ]);
    // the thumbnail really is the small layer: far fewer packets than the large tile
    const large = await packetsDuring(uMinh, consumerAt(uMinh, CENTRAL, 'camera')!.id, 1500);
    const thumb = await packetsDuring(uMinh, consumerAt(uMinh, 'thoi-binh', 'camera')!.id, 1500);
    expect(thumb).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(thumb * 2);
  });

  it('pauses the tiles a receiver pages away from, and they carry no packets', async () => {
    const uMinh = points.get('u-minh')!;
    await media.setView(uMinh.sessionId, { page: 1, pageSize: 2 });
    await media.settled(CONF);
    const hidden = consumerAt(uMinh, 'thoi-binh', 'camera')!;
    expect(hidden.paused).toBe(true);
    await sleep(300); // packets already on the wire
    expect(await packetsDuring(uMinh, hidden.id, 1500)).toBe(0);
    const shown = await waitFor('nam-can consumed', () => consumerAt(uMinh, 'nam-can', 'camera'));
    await waitFor('nam-can flowing', async () => (await packetsDuring(uMinh, shown.id, 300)) > 0);
    expect(uMinh.pushes).toContainEqual({ type: 'consumerPaused', consumerId: hidden.id, byProducer: false });
  });

  it('gives an observer without a room every point but none twice', async () => {
    await waitFor('observer gets central large', () => consumerAt(observer, CENTRAL, 'camera')?.currentLayers?.spatialLayer === 2, 15_000);
    const videoFrom = [...media.inspect(observer.sessionId)!.consumers.values()].filter((c) => c.kind === 'video').map((c) => c.appData.pointId);
    expect(new Set(videoFrom).size).toBe(videoFrom.length);
    expect(videoFrom.sort()).toEqual([CENTRAL, 'thoi-binh', 'u-minh'].sort());
  });
});

describe('floor control drives audio', () => {
  it('keeps only the central microphone open before anyone has the floor', async () => {
    const namCan = points.get('nam-can')!;
    const central = consumerAt(namCan, CENTRAL, 'microphone')!;
    const damDoi = consumerAt(namCan, 'dam-doi', 'microphone')!;
    expect(damDoi.producerPaused).toBe(true);
    expect(await packetsDuring(namCan, damDoi.id, 1000)).toBe(0);
    expect(await packetsDuring(namCan, central.id, 1000)).toBeGreaterThan(20);
  });

  it('granting the floor resumes exactly that point’s audio and shows it large', async () => {
    media.setPolicy(CONF, policy({ floorHolders: ['dam-doi'], audiblePoints: [CENTRAL, 'dam-doi'] }));
    await media.settled(CONF);
    const namCan = points.get('nam-can')!;
    const thoiBinh = points.get('thoi-binh')!;
    for (const receiver of [namCan, thoiBinh, observer]) {
      const speaker = consumerAt(receiver, 'dam-doi', 'microphone')!;
      await waitFor('floor holder heard', async () => (await packetsDuring(receiver, speaker.id, 400)) > 0);
      expect(receiver.pushes).toContainEqual({ type: 'consumerResumed', consumerId: speaker.id });
    }
    for (const silent of ['thoi-binh', 'u-minh']) {
      const c = consumerAt(namCan, silent, 'microphone')!;
      expect(c.producerPaused).toBe(true);
      expect(await packetsDuring(namCan, c.id, 800)).toBe(0);
    }
    await waitFor('floor holder large', () => consumerAt(namCan, 'dam-doi', 'camera')?.currentLayers?.spatialLayer === 2, 15_000);
  });

  it('muting the floor holder again pauses every receiver’s consumer of it', async () => {
    media.setPolicy(CONF, policy({ floorHolders: [], audiblePoints: [CENTRAL] }));
    await media.settled(CONF);
    const namCan = points.get('nam-can')!;
    const c = consumerAt(namCan, 'dam-doi', 'microphone')!;
    expect(namCan.pushes).toContainEqual({ type: 'consumerPaused', consumerId: c.id, byProducer: true });
    await sleep(300);
    expect(await packetsDuring(namCan, c.id, 1000)).toBe(0);
  });
});

describe('link health', () => {
  it('reports every point with bitrates and layers, and a point whose media stops as lost, then restored', async () => {
    const report = await waitFor('health with bitrates', async () => {
      const r = await media.health(CONF);
      return r.points.length === 5 && r.points.every((p) => p.sendBitrate > 0) ? r : undefined;
    });
    expect(HealthReportSchema.safeParse(report).error).toBeUndefined();
    const uMinh = report.points.find((p) => p.pointId === 'u-minh')!;
    expect(uMinh).toMatchObject({ connected: true, lost: false, microphoneOpen: false });
    expect(uMinh.receives.some((r) => r.fromPointId === CENTRAL && r.kind === 'video' && r.spatialLayer === 2)).toBe(true);
    expect(report.points.find((p) => p.pointId === CENTRAL)?.microphoneOpen).toBe(true);
    // Each point's first media on this node says "restored" once (a point that moved here from a
    // node that recorded it lost; the core refuses it with NO_CHANGE otherwise).
    await waitFor('first media of every point', () => report.points.every((p) => observations.some((o) => o.type === 'signalRestored' && o.pointId === p.pointId)));
    for (const p of report.points) expect(observations.filter((o) => o.type === 'signalRestored' && o.pointId === p.pointId), p.pointId).toHaveLength(1);

    // The point's encoder stops (its ffmpeg is killed) while its session stays: no media for 2 s.
    const thoiBinh = points.get('thoi-binh')!;
    const lostAt = Date.now();
    await thoiBinh.stopSending();
    await waitFor('signal lost', () => observations.some((o) => o.type === 'signalLost' && o.pointId === 'thoi-binh'), 5000);
    const lostIndex = observations.findIndex((o) => o.type === 'signalLost' && o.pointId === 'thoi-binh');
    expect(Date.now() - lostAt).toBeLessThan(5000);
    // It comes back (a new connection, as after a page reload): media resumes, nobody acts.
    const back = await syntheticPoint(media, { conferenceId: CONF, pointId: 'thoi-binh' });
    points.set('thoi-binh', back);
    await back.startSending();
    await thoiBinh.close();
    await waitFor('signal restored', () => observations.slice(lostIndex).some((o) => o.type === 'signalRestored' && o.pointId === 'thoi-binh'), 10_000);
    const damDoi = points.get('dam-doi')!;
    await waitFor('others see it again', async () => {
      const c = consumerAt(damDoi, 'thoi-binh', 'camera');
      return c && (await packetsDuring(damDoi, c.id, 300)) > 0;
    }, 10_000);
    // exactly one tile for it, no duplicate from the old connection
    expect([...media.inspect(damDoi.sessionId)!.consumers.values()].filter((c) => c.appData.pointId === 'thoi-binh' && c.kind === 'video')).toHaveLength(1);
  });
});

describe('link health is measured, never assumed (issue 12)', () => {
  it('a point connected but sending nothing is "waiting", then "none" after the lost-after time; flowing points are "flowing"', async () => {
    const silent = await syntheticPoint(media, { conferenceId: CONF, pointId: 'phu-tan' });
    try {
      const first = (await media.health(CONF)).points.find((p) => p.pointId === 'phu-tan');
      expect(first).toMatchObject({ connected: true, media: 'waiting', sendBitrate: 0 });
      const none = await waitFor('no media', async () => {
        const h = (await media.health(CONF)).points.find((p) => p.pointId === 'phu-tan');
        return h?.media === 'none' ? h : undefined;
      }, 6000);
      expect(none).toMatchObject({ connected: true, lost: false, lastMediaAt: null });
      const report = await media.health(CONF);
      expect(report.points.find((p) => p.pointId === 'u-minh')).toMatchObject({ media: 'flowing', transportConnected: true });
      expect(HealthReportSchema.safeParse(report).error).toBeUndefined();
    } finally {
      await silent.close();
    }
  });
});

describe('the wire', () => {
  it('every push the SFU sent matches the protocol schema', () => {
    const all = [...points.values(), observer].flatMap((p) => p.pushes);
    expect(all.length).toBeGreaterThan(20);
    for (const push of all) expect(MediaPushSchema.safeParse(JSON.parse(JSON.stringify(push))).error).toBeUndefined();
  });
});
