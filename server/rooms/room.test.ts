import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import type { StoredEvent } from '../store/EventStore.js';
import { Room, type RoomCore } from './room.js';

// The room on a toy core: a counter that only `admin` may add to and that refuses overflow.
type Command = { add: number };
type Event = { added: number };
type State = { total: number };
const EventSchema = z.strictObject({ added: z.number().int() });

const counter: RoomCore<State, Command, Event, string> = {
  emptyState: () => ({ total: 0 }),
  decide: (state, command, { principal }) => {
    if (principal !== 'admin') return { ok: false, code: 'FORBIDDEN', message: 'admins only' };
    if (command.add === 0) return { ok: true, events: [] };
    if (state.total + command.add > 100) return { ok: false, code: 'TOO_MUCH', message: 'over 100' };
    return { ok: true, events: [{ added: command.add }] };
  },
  evolve: (state, event) => ({ total: state.total + event.added }),
};

function room(store = new MemoryEventStore<Event>({ eventSchema: EventSchema })) {
  return { store, room: new Room({ conferenceId: 'c1', core: counter, store, state: { total: 0 }, seq: 0 }) };
}

describe('room: decide → append → evolve → broadcast, one at a time', () => {
  it('appends, evolves and broadcasts an accepted command, acks with its seq', async () => {
    const { store, room: r } = room();
    const seen: StoredEvent<Event>[][] = [];
    r.on('appended', (events) => seen.push([...events]));
    expect(await r.submit({ add: 5 }, 'admin')).toEqual({ ok: true, seq: 1 });
    expect(r.state).toEqual({ total: 5 });
    expect(seen).toEqual([[{ seq: 1, event: { added: 5 } }]]);
    expect(await store.read('c1', 0)).toEqual([{ seq: 1, event: { added: 5 } }]);
  });

  it('a refusal changes nothing: no event, same state, same seq', async () => {
    const { store, room: r } = room();
    expect(await r.submit({ add: 1 }, 'observer')).toEqual({ ok: false, code: 'FORBIDDEN', message: 'admins only' });
    expect(r.seq).toBe(0);
    expect(await store.lastSeq('c1')).toBe(0);
  });

  it('serialises concurrent commands in arrival order, each decided on the state before it', async () => {
    const { store, room: r } = room();
    const acks = await Promise.all([r.submit({ add: 60 }, 'admin'), r.submit({ add: 30 }, 'admin'), r.submit({ add: 20 }, 'admin'), r.submit({ add: 10 }, 'admin')]);
    expect(acks.map((a) => (a.ok ? a.seq : a.code))).toEqual([1, 2, 'TOO_MUCH', 3]);
    expect(r.state.total).toBe(100);
    expect((await store.read('c1', 0)).map((e) => e.event.added)).toEqual([60, 30, 10]);
  });

  it('a command that decides no event acks with the current seq', async () => {
    const { room: r } = room();
    await r.submit({ add: 2 }, 'admin');
    expect(await r.submit({ add: 0 }, 'admin')).toEqual({ ok: true, seq: 1 });
  });

  it('when the log moved under it (another writer), refuses and stays closed rather than fork', async () => {
    const { store, room: r } = room();
    await store.append('c1', 0, [{ added: 1 }]);
    const ack = await r.submit({ add: 2 }, 'admin');
    expect(ack).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(r.broken).not.toBeNull();
    expect(await r.submit({ add: 2 }, 'admin')).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect(await store.lastSeq('c1')).toBe(1);
  });

  it('a decide that throws refuses that command only', async () => {
    const store = new MemoryEventStore<Event>({ eventSchema: EventSchema });
    const throwing: RoomCore<State, Command, Event, string> = { ...counter, decide: (s, c, ctx) => (c.add === 13 ? (() => { throw new Error('bug'); })() : counter.decide(s, c, ctx)) };
    const r = new Room({ conferenceId: 'c1', core: throwing, store, state: { total: 0 }, seq: 0 });
    expect(await r.submit({ add: 13 }, 'admin')).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(await r.submit({ add: 1 }, 'admin')).toEqual({ ok: true, seq: 1 });
  });

  it('serially() runs between commands, seeing exactly the state of those before it', async () => {
    const { room: r } = room();
    const p1 = r.submit({ add: 1 }, 'admin');
    const seen = r.serially(() => r.state.total);
    const p2 = r.submit({ add: 2 }, 'admin');
    await Promise.all([p1, p2]);
    expect(await seen).toBe(1);
  });
});
