import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/meeting/evolve.js';
import type { HealthReport, PointHealth } from '../../../shared/media/health.js';
import { SETUP } from '../testing/events.js';
import { wallTiles } from './wallTiles.js';

// The chair's wall claims only what was measured (issue 12): a point connected to the meeting
// whose media never reached the SFU is "joined, no media", its link "none", never "online, good";
// a point that never joined has no open microphone.

const point = (pointId: string, over: Partial<PointHealth>): PointHealth => ({
  pointId,
  connected: true,
  lost: false,
  lostSince: null,
  lastMediaAt: null,
  silentForSeconds: null,
  rttMs: 0,
  uplinkLossPercent: 0,
  downlinkLossPercent: 0,
  sendBitrate: 0,
  recvBitrate: 0,
  media: 'none',
  transportConnected: false,
  microphoneOpen: false,
  receives: [],
  ...over,
});

const state = replay(SETUP);
const tile = (report: HealthReport, id: string) => wallTiles(state, report, 10)!.find((t) => t.pointId === id)!;

describe('the wall of points, from measured media', () => {
  it('a connected point with no media is "no media" with its link "none", not online and good', () => {
    const report: HealthReport = { conferenceId: 'cm', at: 10, points: [point('tb', {}), point('um', { media: 'flowing', transportConnected: true, rttMs: 20, sendBitrate: 900_000 })] };
    expect(tile(report, 'tb')).toMatchObject({ presence: 'noMedia', link: 'none', transportConnected: false, numbers: { rtt: '—', loss: '—', bitrate: '0 kbit/s' } });
    expect(tile(report, 'um')).toMatchObject({ presence: 'online', link: 'good' });
  });

  it('the first seconds of a connection are "not measured yet", not "no media"', () => {
    const report: HealthReport = { conferenceId: 'cm', at: 10, points: [point('tb', { media: 'waiting' })] };
    expect(tile(report, 'tb')).toMatchObject({ presence: 'online', link: 'unknown' });
  });

  it('a point that never joined (the central point here) has no microphone, open or muted', () => {
    const report: HealthReport = { conferenceId: 'cm', at: 10, points: [] };
    expect(tile(report, 'c')).toMatchObject({ presence: 'neverJoined', hasMicrophone: false });
    expect(tile(report, 'tb')).toMatchObject({ presence: 'online', hasMicrophone: true });
  });
});
