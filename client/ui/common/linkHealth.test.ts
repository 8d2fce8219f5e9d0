import { describe, expect, it } from 'vitest';
import type { PointHealth } from '../../../shared/media/health.js';
import { linkNumbers, linkVerdict } from './linkHealth.js';

const base: PointHealth = {
  pointId: 'tb',
  connected: true,
  lost: false,
  lostSince: null,
  lastMediaAt: 1,
  silentForSeconds: 0,
  rttMs: 40,
  uplinkLossPercent: 0.5,
  downlinkLossPercent: 0,
  sendBitrate: 900_000,
  recvBitrate: 600_000,
  media: 'flowing',
  transportConnected: true,
  microphoneOpen: false,
  receives: [],
};

describe('link health of a point', () => {
  it('is good, fair or poor by round trip and the worse direction of loss', () => {
    expect(linkVerdict(base)).toBe('good');
    expect(linkVerdict({ ...base, rttMs: 250 })).toBe('fair');
    expect(linkVerdict({ ...base, downlinkLossPercent: 5 })).toBe('fair');
    expect(linkVerdict({ ...base, uplinkLossPercent: 12 })).toBe('poor');
    expect(linkVerdict({ ...base, rttMs: 900 })).toBe('poor');
  });

  it('is poor when the signal is lost and unknown before anything was measured', () => {
    expect(linkVerdict({ ...base, lost: true })).toBe('poor');
    expect(linkVerdict({ ...base, rttMs: null, uplinkLossPercent: null, downlinkLossPercent: null })).toBe('unknown');
    expect(linkVerdict(undefined)).toBe('unknown');
  });

  it('is never good while no media flows: "none" after the first seconds, "unknown" before (issue 12)', () => {
    // what the chair's wall showed with no media: "Đường truyền tốt — 0 ms · 0.0 % · 0 kbit/s"
    const silent = { ...base, rttMs: 0, uplinkLossPercent: 0, downlinkLossPercent: 0, sendBitrate: 0, recvBitrate: 0, lastMediaAt: null, silentForSeconds: null };
    expect(linkVerdict({ ...silent, media: 'none', transportConnected: false })).toBe('none');
    expect(linkVerdict({ ...silent, media: 'none', transportConnected: true })).toBe('none');
    expect(linkVerdict({ ...silent, media: 'waiting' })).toBe('unknown');
    expect(linkNumbers({ ...silent, media: 'none' })).toEqual({ rtt: '—', loss: '—', bitrate: '0 kbit/s' });
  });

  it('gives the numbers shown on hover', () => {
    expect(linkNumbers(base)).toEqual({ rtt: '40 ms', loss: '0.5 %', bitrate: '1500 kbit/s' });
    expect(linkNumbers(undefined)).toEqual({ rtt: '—', loss: '—', bitrate: '—' });
  });
});
