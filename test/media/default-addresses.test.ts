import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaService } from '../../server/media/media-service.js';
import { startMedia } from './helpers.js';

// With the product's defaults (RTC_LISTEN_IP=0.0.0.0, no RTC_ANNOUNCED_IP) a browser must be
// offered addresses it can send to: 0.0.0.0 is none, and browsers drop that candidate.

let media: MediaService;

beforeAll(async () => {
  media = await startMedia({ listenIp: '0.0.0.0', announcedAddress: undefined, tcp: true });
});
afterAll(() => media?.close());

describe('ICE candidates with the default media settings', () => {
  it('offer loopback and every non-internal IPv4 address of this machine, UDP and TCP, never 0.0.0.0', async () => {
    media.join({ sessionId: 'defaults', conferenceId: 'defaults', pointId: null, role: 'observer', push: () => undefined });
    const t = (await media.createTransport('defaults', 'recv')) as { iceCandidates: { protocol: string; address: string; port: number }[] };
    const addresses = new Set(t.iceCandidates.map((c) => c.address));
    expect(addresses.has('0.0.0.0')).toBe(false);
    const expected = Object.values(os.networkInterfaces())
      .flatMap((infos) => infos ?? [])
      .filter((i) => i.family === 'IPv4')
      .map((i) => i.address);
    expect([...addresses].sort()).toEqual([...new Set(['127.0.0.1', ...expected])].sort());
    for (const address of addresses) {
      expect(t.iceCandidates.filter((c) => c.address === address).map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
    }
    // loopback is offered last, so an address other machines can reach is preferred
    expect(t.iceCandidates.at(-1)?.address).toBe('127.0.0.1');
    media.leave('defaults');
  });
});

describe('ICE candidates with RTC_ANNOUNCED_IP', () => {
  it('name the announced address alone, bound on the wildcard listen address', async () => {
    const announced = await startMedia({ listenIp: '0.0.0.0', announcedAddress: '127.0.0.1', tcp: true });
    try {
      announced.join({ sessionId: 'nat', conferenceId: 'nat', pointId: null, role: 'observer', push: () => undefined });
      const t = (await announced.createTransport('nat', 'recv')) as { iceCandidates: { protocol: string; address: string }[] };
      expect(t.iceCandidates.map((c) => `${c.protocol}:${c.address}`).sort()).toEqual(['tcp:127.0.0.1', 'udp:127.0.0.1']);
    } finally {
      announced.close();
    }
  });
});
