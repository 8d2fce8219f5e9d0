import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../log/logger.js';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import type { RoomCore } from './room.js';
import { RoomRegistry } from './roomRegistry.js';

// Loading every conference at start on a toy core: pages are folded at once when the core can,
// an event the core cannot apply closes that conference with its exact seq, the others open.

type Event = { add: number };
const eventSchema = z.strictObject({ add: z.number().int() });
const logger = createLogger('silent');

function core(calls: { fold: number; evolve: number }): RoomCore<{ total: number }, never, Event, string> {
  const evolve = (s: { total: number }, e: Event) => {
    calls.evolve++;
    if (e.add === 13) throw new Error('unlucky');
    return { total: s.total + e.add };
  };
  return {
    emptyState: () => ({ total: 0 }),
    decide: () => ({ ok: false, code: 'NOPE', message: 'toy' }),
    evolve,
    fold: (s, events) => {
      calls.fold++;
      let state = s;
      for (const e of events) {
        if (e.add === 13) throw new Error('unlucky');
        state = { total: state.total + e.add };
      }
      return state;
    },
  };
}

describe('room registry: replay at start', () => {
  it('folds whole pages, and names the seq an event fails at while opening the other conferences', async () => {
    const store = new MemoryEventStore<Event>({ eventSchema });
    await store.append('good', 0, Array.from({ length: 4500 }, () => ({ add: 1 })));
    await store.append('bad', 0, [{ add: 1 }, { add: 2 }, { add: 13 }, { add: 4 }]);
    const calls = { fold: 0, evolve: 0 };
    const rooms = new RoomRegistry({ store, core: core(calls), logger });
    const report = await rooms.loadAll();
    expect(report.loaded).toMatchObject([{ conferenceId: 'good', seq: 4500, eventsReplayed: 4500 }]);
    expect(rooms.get('good')?.state.total).toBe(4500);
    expect(report.failed).toEqual([{ conferenceId: 'bad', error: expect.stringContaining('REPLAY_FAILED: conference bad, evolve failed on seq 3') }]);
    expect(rooms.get('bad')).toBeUndefined();
    expect(rooms.failure('bad')).toContain('seq 3');
    // 3 pages of the good log and 1 of the bad one were folded; only the failing page was evolved one by one.
    expect(calls.fold).toBe(4);
    expect(calls.evolve).toBe(3);
  });
});
