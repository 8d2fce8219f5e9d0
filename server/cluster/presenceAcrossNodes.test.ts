import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionRegistry } from '../gateway/connections.js';
import { createLogger } from '../log/logger.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { PointDeviceRegistry } from '../store/pgPointDevices.js';
import { PresenceAcrossNodes } from './presenceAcrossNodes.js';

// The tick's sweep of stray standby rows (admissions whose handshake failed): a standby that kept
// the place of a connection it lost has a row dated then, older than the sweep's 10 s, before its
// session exists; the sweep must leave it alone meanwhile, and forget it once that time is past.

afterEach(() => {
  vi.useRealTimers();
});

describe('the sweep of stray standby rows', () => {
  it('keeps a kept place while its handshake may still run, not after', async () => {
    vi.useFakeTimers();
    const kept: (readonly string[])[] = [];
    const devices = {
      forgetStrayStandbys: (waiting: readonly string[]) => {
        kept.push(waiting);
        return Promise.resolve();
      },
    };
    const presence = new PresenceAcrossNodes({
      devices: devices as unknown as PointDeviceRegistry,
      connections: new ConnectionRegistry(),
      rooms: { list: () => [] } as unknown as MeetingRooms,
      presence: { expectBack: () => undefined },
      logger: createLogger('silent'),
    });
    presence.keeping('socket-on-c');
    await presence.sweep();
    expect(kept.at(-1)).toEqual(['socket-on-c']);
    await vi.advanceTimersByTimeAsync(9_999);
    await presence.sweep();
    expect(kept.at(-1)).toEqual(['socket-on-c']);
    await vi.advanceTimersByTimeAsync(1);
    await presence.sweep();
    expect(kept.at(-1)).toEqual([]);
  });
});
