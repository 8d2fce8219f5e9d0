import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaService } from '../../server/media/media-service.js';
import { conferencePolicy } from '../../server/mediaWiring.js';
import { admin, CENTRAL, chair, discussing, NAM_CAN, pointOp, THOI_BINH, U_MINH, type Scenario } from '../../shared/meeting/testkit.js';
import { startMedia, sleep, waitFor } from './helpers.js';
import { syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// R-MEDIA-8 end to end on a real mediasoup worker: the meeting core decides who may open a
// microphone, the composition root's policy (server/mediaWiring.ts) hands its selector to the SFU,
// and four synthetic points (ffmpeg → PlainTransport, Opus) show what is really forwarded.

const CONF = 'conf';
let media: MediaService;
let meeting: Scenario;
const points = new Map<string, SyntheticPoint>();

/** What the room does after every event: the SFU follows the core's selectors. */
async function follow(): Promise<void> {
  media.setPolicy(CONF, conferencePolicy(meeting.state));
  await media.settled(CONF);
}

function micConsumer(receiver: SyntheticPoint, fromPoint: string) {
  const session = media.inspect(receiver.sessionId);
  return [...(session?.consumers.values() ?? [])].find((c) => c.appData.pointId === fromPoint && c.appData.source === 'microphone');
}

async function packetsDuring(receiver: SyntheticPoint, consumerId: string, ms: number): Promise<number> {
  const before = receiver.packetsOf(consumerId);
  await sleep(ms);
  return receiver.packetsOf(consumerId) - before;
}

/** Packets of `from`'s microphone reaching `receiver` over 1.2 s, after what was in flight drains. */
async function heard(receiver: SyntheticPoint, from: string): Promise<number> {
  const c = await waitFor(`${receiver.pointId} consumes ${from}'s microphone`, () => micConsumer(receiver, from), 15_000);
  await sleep(300);
  return packetsDuring(receiver, c.id, 1200);
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
  // Thới Bình has the floor (presiding layout: everyone sees everyone).
  meeting.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'Nông nghiệp', kind: 'contribution' });
  meeting.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
  await follow();
}, 60_000);

afterAll(async () => {
  for (const p of points.values()) await p.close();
  media?.close();
});

describe('microphone discipline at the SFU (R-MEDIA-8, R-MEDIA-9)', () => {
  it('R-MEDIA-8: a point that opens its microphone while another has the floor is not forwarded to anyone', async () => {
    const namCan = points.get(NAM_CAN)!;
    await waitFor('floor holder heard', async () => (await heard(namCan, THOI_BINH)) > 0, 15_000);
    // U Minh tries to speak over the floor holder; whatever the core answers is what the room applies.
    const attempt = meeting.try(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false });
    if (attempt.ok) meeting.apply(attempt.events);
    await follow();
    expect(attempt).toMatchObject({ ok: false, code: 'MICROPHONE_NOT_GRANTED' });
    for (const receiver of [namCan, points.get(CENTRAL)!, points.get(THOI_BINH)!]) {
      expect(micConsumer(receiver, U_MINH)?.producerPaused).toBe(true);
      expect(await heard(receiver, U_MINH)).toBe(0);
    }
    expect(await heard(namCan, THOI_BINH)).toBeGreaterThan(20);
    expect(await heard(namCan, CENTRAL)).toBeGreaterThan(20);
  }, 60_000);

  it('R-MEDIA-9: the chair gives U Minh the microphone for a moment: it is heard, then silent again when closed', async () => {
    const namCan = points.get(NAM_CAN)!;
    meeting.do(chair, { type: 'giveMicrophone', pointId: U_MINH });
    await follow();
    await waitFor('U Minh heard', async () => (await heard(namCan, U_MINH)) > 0, 15_000);
    meeting.do(chair, { type: 'closeMicrophone', pointId: U_MINH });
    await follow();
    expect(await heard(namCan, U_MINH)).toBe(0);
  }, 60_000);

  it('R-MEDIA-8: with the free setting the same point is heard when it opens its microphone', async () => {
    const namCan = points.get(NAM_CAN)!;
    meeting.do(admin, { type: 'updateConference', microphoneDiscipline: 'free' });
    meeting.do(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false });
    await follow();
    await waitFor('U Minh heard', async () => (await heard(namCan, U_MINH)) > 0, 15_000);
    // back to chairGrants: its open microphone closes and the SFU stops forwarding it
    meeting.do(admin, { type: 'updateConference', microphoneDiscipline: 'chairGrants' });
    await follow();
    expect(await heard(namCan, U_MINH)).toBe(0);
  }, 60_000);
});
