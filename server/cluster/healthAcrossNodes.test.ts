import { describe, expect, it } from 'vitest';
import type { HealthReport, PointHealth } from '../../shared/media/health.js';
import { HealthAcrossNodes, SHARED_FRESH_MS, SharedHealthSchema } from './healthAcrossNodes.js';

// One merged report of link health from every node's samples: a point on another node is shown,
// the live device's entry wins for a point on two nodes, a node that stopped sharing drops out.

const C = 'hn-ca-mau-2021';

function health(pointId: string, connected: boolean, rttMs: number | null = null): PointHealth {
  return {
    pointId, connected, lost: false, lostSince: null, lastMediaAt: null, silentForSeconds: null, rttMs,
    uplinkLossPercent: null, downlinkLossPercent: null, sendBitrate: 0, recvBitrate: 0,
    media: connected ? 'waiting' : 'none', transportConnected: connected, microphoneOpen: false, receives: [],
  };
}

const report = (points: PointHealth[], at = 1_000): HealthReport => ({ conferenceId: C, at, points });

describe('link health across nodes', () => {
  it('a point sampled on another node is in this node’s report, in the wire shape', () => {
    let now = 0;
    const onA = new HealthAcrossNodes('node-a', () => now);
    const onC = new HealthAcrossNodes('node-c', () => now);
    const shared = onC.share(report([health('nam-can', true, 40)]), () => true);
    expect(SharedHealthSchema.parse(JSON.parse(JSON.stringify(shared)))).toEqual(shared);
    onA.received(shared);
    now = 500;
    const merged = onA.merged(report([health('trung-tam', true, 10)]), () => true);
    expect(merged.points.map((p) => [p.pointId, p.rttMs])).toEqual([['nam-can', 40], ['trung-tam', 10]]);
    expect(merged.conferenceId).toBe(C);
  });

  it('a point on two nodes: the entry of the node holding its live device wins, wherever it is', () => {
    const onA = new HealthAcrossNodes('node-a', () => 0);
    // B holds Thới Bình's standby, C its live device.
    onA.received({ conferenceId: C, node: 'node-b', points: [{ live: false, health: health('thoi-binh', true, 200) }] });
    onA.received({ conferenceId: C, node: 'node-c', points: [{ live: true, health: health('thoi-binh', true, 30) }] });
    expect(onA.merged(report([]), () => false).points.map((p) => p.rttMs)).toEqual([30]);
    // The device moved from A to C: A's entry (no longer connected) loses to C's live one.
    const onA2 = new HealthAcrossNodes('node-a', () => 0);
    onA2.received({ conferenceId: C, node: 'node-c', points: [{ live: true, health: health('nam-can', true, 25) }] });
    expect(onA2.merged(report([health('nam-can', false)]), () => false).points).toMatchObject([{ pointId: 'nam-can', connected: true, rttMs: 25 }]);
    // The live device here: this node's entry wins over another node's standby.
    expect(onA.merged(report([health('thoi-binh', true, 15)]), () => true).points.map((p) => p.rttMs)).toEqual([15]);
  });

  it('a node that stopped sharing (it died) drops out after SHARED_FRESH_MS', () => {
    let now = 0;
    const onA = new HealthAcrossNodes('node-a', () => now);
    onA.received({ conferenceId: C, node: 'node-c', points: [{ live: true, health: health('nam-can', true) }] });
    now = SHARED_FRESH_MS - 1;
    expect(onA.merged(report([]), () => false).points).toHaveLength(1);
    now = SHARED_FRESH_MS + 1;
    expect(onA.merged(report([]), () => false).points).toEqual([]);
  });

  it('refuses a share that is not one (checked like any input from outside the process)', () => {
    expect(SharedHealthSchema.safeParse({ conferenceId: C, node: 'node-c', points: [{ live: true, health: { pointId: 'x' } }] }).success).toBe(false);
    expect(SharedHealthSchema.safeParse({ conferenceId: C, node: '', points: [] }).success).toBe(false);
    expect(SharedHealthSchema.safeParse({ conferenceId: C, node: 'n', points: [], extra: 1 }).success).toBe(false);
  });
});
