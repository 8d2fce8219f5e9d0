import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachMedia, type MediaSocket } from '../../server/gateway/media.js';
import { createLogger } from '../../server/log/logger.js';
import type { MediaService } from '../../server/media/media-service.js';
import { conferencePolicy } from '../../server/mediaWiring.js';
import { CENTRAL, chair, discussing, NAM_CAN, pointOp, THOI_BINH, U_MINH, type Scenario } from '../../shared/meeting/testkit.js';
import type { MediaAck } from '../../shared/protocol/media.js';
import { startMedia, sleep, waitFor } from './helpers.js';
import { syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// The organiser's private check (issue #13: "see and hear one point at a time, not in the
// program") on a real mediasoup worker. Under microphone discipline U Minh's microphone is closed
// in the program; the organiser checks U Minh and alone receives its audio and video, while the
// points keep hearing only the floor holder. Ending the check closes it again.

const CONF = 'conf';
let media: MediaService;
let meeting: Scenario;
const points = new Map<string, SyntheticPoint>();
let organiser: SyntheticPoint;

async function follow(): Promise<void> {
  media.setPolicy(CONF, conferencePolicy(meeting.state));
  await media.settled(CONF);
}

function consumerOf(receiver: SyntheticPoint, from: string, source: 'microphone' | 'camera') {
  return [...(media.inspect(receiver.sessionId)?.consumers.values() ?? [])].find((c) => c.appData.pointId === from && c.appData.source === source);
}

/** Packets of `from`'s source reaching `receiver` over 1.2 s, after what was in flight drains (0 with no consumer). */
async function received(receiver: SyntheticPoint, from: string, source: 'microphone' | 'camera' = 'microphone'): Promise<number> {
  await sleep(300);
  const c = consumerOf(receiver, from, source);
  if (!c) return 0;
  const before = receiver.packetsOf(c.id);
  await sleep(1200);
  return receiver.packetsOf(c.id) - before;
}

beforeAll(async () => {
  media = await startMedia();
  meeting = discussing();
  await follow();
  for (const id of [CENTRAL, THOI_BINH, U_MINH, NAM_CAN]) {
    const p = await syntheticPoint(media, { conferenceId: CONF, pointId: id });
    await media.setView(p.sessionId, { page: 0, pageSize: 4 });
    await p.startSending();
    points.set(id, p);
  }
  organiser = await syntheticPoint(media, { conferenceId: CONF, pointId: null, role: 'admin', send: false });
  // Thới Bình has the floor; U Minh's microphone is closed in the program (chairGrants).
  meeting.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'Nông nghiệp', kind: 'contribution' });
  meeting.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
  await follow();
  await waitFor('the organiser hears the floor holder', async () => (await received(organiser, THOI_BINH)) > 0, 20_000);
}, 90_000);

afterAll(async () => {
  for (const p of points.values()) await p.close();
  await organiser?.close();
  media?.close();
});

describe('the organiser’s private check of one point', () => {
  it('the organiser alone sees and hears the checked point while its microphone stays closed to everyone else; ending it closes it', async () => {
    const namCan = points.get(NAM_CAN)!;
    const central = points.get(CENTRAL)!;
    expect(await received(organiser, U_MINH)).toBe(0);

    await media.privateCheck(organiser.sessionId, U_MINH);
    await media.settled(CONF);
    await waitFor('the organiser hears U Minh', async () => (await received(organiser, U_MINH)) > 20, 20_000);
    await waitFor('the organiser sees U Minh', async () => (await received(organiser, U_MINH, 'camera')) > 20, 20_000);
    // only U Minh: the floor holder is not in the organiser's check
    expect(await received(organiser, THOI_BINH)).toBe(0);
    // nobody else hears U Minh; the program goes on (the floor holder is heard)
    for (const receiver of [namCan, central, points.get(THOI_BINH)!]) expect(await received(receiver, U_MINH)).toBe(0);
    expect(await received(namCan, THOI_BINH)).toBeGreaterThan(20);

    // picking another point moves the check; null ends it
    await media.privateCheck(organiser.sessionId, NAM_CAN);
    await media.settled(CONF);
    await waitFor('the organiser hears Nam Căn', async () => (await received(organiser, NAM_CAN)) > 20, 20_000);
    expect(await received(organiser, U_MINH)).toBe(0);
    await media.privateCheck(organiser.sessionId, null);
    await media.settled(CONF);
    await waitFor('the organiser hears the program again', async () => (await received(organiser, THOI_BINH)) > 20, 20_000);
    expect(await received(organiser, NAM_CAN)).toBe(0);
    for (const receiver of [central, points.get(THOI_BINH)!, points.get(U_MINH)!]) expect(await received(receiver, NAM_CAN)).toBe(0);
  }, 120_000);

  it('is the organiser’s only: other roles are FORBIDDEN, an unknown point is UNKNOWN_POINT, a bad payload BAD_REQUEST', async () => {
    const ask = (socket: EventEmitter, payload: unknown) =>
      new Promise<MediaAck>((resolve) => {
        socket.listeners('media:privateCheck')[0]?.(payload, resolve);
      });
    const socketFor = (id: string, principal: { role: 'admin' | 'chair' | 'clerk' | 'observer' | 'point'; pointId?: string }) => {
      const socket = Object.assign(new EventEmitter(), { id }) as EventEmitter & MediaSocket;
      attachMedia(socket, { media, conferenceId: CONF, principal, logger: createLogger('silent') });
      return socket;
    };
    for (const role of ['chair', 'clerk', 'observer', 'point'] as const) {
      expect(await ask(socketFor(`s-${role}`, { role, pointId: NAM_CAN }), { pointId: U_MINH })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    const admin = socketFor('s-admin', { role: 'admin' });
    expect(await ask(admin, { pointId: 'nowhere' })).toMatchObject({ ok: false, code: 'UNKNOWN_POINT' });
    expect(await ask(admin, { point: U_MINH })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await ask(admin, { pointId: U_MINH })).toMatchObject({ ok: true });
    expect(await ask(admin, { pointId: null })).toMatchObject({ ok: true });
    // the points still do not hear U Minh
    expect(await received(points.get(NAM_CAN)!, U_MINH)).toBe(0);
  }, 60_000);
});
