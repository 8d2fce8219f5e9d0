import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageStats, until, type PageStats } from '../browser/media-support.js';
import { ensureClientBuilt, openParticipant, type Participant } from '../browser/scenario-support.js';
import { CENTRAL, NAM_CAN, setUpConference, THOI_BINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startCluster, type NodeName, type TestCluster } from './support/cluster.js';

// Cascaded media (docs/CLUSTER.md): three nodes as separate processes on 127.0.0.2-4, one Chromium
// with a fake camera and microphone connected to each (the central point on A, Thới Bình on B, Năm
// Căn on C), the product's default settings. Each browser decodes the other two's cameras, which
// reach its node only through SRTP pipe transports from the node the sender is connected to; the
// chair on A gives the floor to Năm Căn (on C) and the browsers on A and B hear it.

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient;
const pages = new Map<string, Participant>();
const PLACES: [string, NodeName][] = [
  [CENTRAL, 'A'],
  [THOI_BINH, 'B'],
  [NAM_CAN, 'C'],
];

const videoOf = (s: PageStats | null, pointId: string) => s?.tiles.find((t) => t.kind === 'video' && t.pointId === pointId && t.source === 'camera');
const audioOf = (s: PageStats | null, pointId: string) => s?.tiles.find((t) => t.kind === 'audio' && t.pointId === pointId);
const logs = () => [...cluster.nodes.entries()].map(([name, n]) => `${name}: ${n.stdout().split('\n').filter((l) => /pipe|remote feed|media request/.test(l)).slice(-5).join('\n')}`);

beforeAll(async () => {
  ensureClientBuilt();
  cluster = await startCluster();
  await cluster.startNode('A');
  await Promise.all([cluster.startNode('B'), cluster.startNode('C')]);
  tokens = await setUpConference({ url: cluster.url('B'), serverAdminToken: cluster.nodes.get('B')!.serverAdminToken });
  chair = await MeetingClient.join(cluster.url('A'), tokens.chair);
  for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
  expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
  for (const [pointId, node] of PLACES) {
    pages.set(pointId, await openParticipant(`${pointId}-${node}`, `${cluster.url(node)}/media-check.html#t=${tokens.points[pointId]!}`));
  }
}, 240_000);

afterAll(async () => {
  for (const p of pages.values()) await p.close();
  chair?.close();
  await cluster?.dispose();
});

describe('cascaded media between three nodes', () => {
  it('each browser decodes the cameras of the points connected to the other two nodes', async () => {
    for (const [pointId, node] of PLACES) {
      const page = pages.get(pointId)!.page;
      for (const [other, otherNode] of PLACES.filter(([p]) => p !== pointId)) {
        const label = `${pointId} on ${node} decodes ${other} on ${otherNode}`;
        const first = await until(label, async () => videoOf(await pageStats(page), other)?.framesDecoded ? videoOf(await pageStats(page), other) : null, 90_000).catch((err: Error) => {
          throw new Error(`${err.message}\n${logs().join('\n')}`);
        });
        const later = await until(`${label}, still`, async () => {
          const t = videoOf(await pageStats(page), other);
          return t && t.consumerId === first.consumerId && t.framesDecoded > first.framesDecoded + 10 ? t : null;
        }, 20_000);
        process.stdout.write(`[cascade] ${label}: ${first.framesDecoded} -> ${later.framesDecoded} frames, ${later.frameWidth} px wide\n`);
      }
    }
    // Every cross-node stream came through a pipe with SRTP, opened by the receiving node.
    for (const node of ['A', 'B', 'C'] as const) expect(cluster.nodes.get(node)!.stdout()).toContain('media pipe opened (SRTP)');
  }, 300_000);

  it('the chair on A gives the floor to Năm Căn on C, and the browsers on A and B hear it', async () => {
    const onA = pages.get(CENTRAL)!.page;
    const onB = pages.get(THOI_BINH)!.page;
    // Before: Năm Căn's microphone is closed by floor control (on C), and so at A and B.
    for (const page of [onA, onB]) await until('Năm Căn muted before the floor', async () => audioOf(await pageStats(page), NAM_CAN)?.paused === true, 30_000);
    // The request is registered by the chair on the point's behalf (a phone call): Năm Căn's only device is its browser.
    expect(await chair.do({ type: 'requestFloor', id: 'r-cascade', pointId: NAM_CAN, topic: 'Báo cáo tình hình sạt lở bờ biển Tây', kind: 'contribution' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'grantFloor', requestId: 'r-cascade' })).toMatchObject({ ok: true });
    for (const [page, where] of [
      [onA, 'A'],
      [onB, 'B'],
    ] as const) {
      const first = await until(`Năm Căn heard on ${where}`, async () => {
        const t = audioOf(await pageStats(page), NAM_CAN);
        return t && !t.paused && t.packetsReceived > 0 ? t : null;
      }, 30_000);
      const later = await until(`Năm Căn still heard on ${where}`, async () => {
        const t = audioOf(await pageStats(page), NAM_CAN);
        return t && t.packetsReceived > first.packetsReceived + 50 ? t : null;
      }, 15_000);
      process.stdout.write(`[cascade] Năm Căn's microphone on ${where}: ${first.packetsReceived} -> ${later.packetsReceived} packets\n`);
    }
  }, 120_000);
});
