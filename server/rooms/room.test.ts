import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import { LeaseLostError, StoreUnavailableError, type StoredEvent } from '../store/EventStore.js';
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

  it('groups commands that arrive during an append into one append (one fsync), with the same outcomes as one by one', async () => {
    const { store, room: r } = room();
    let appends = 0;
    const append = store.append.bind(store);
    store.append = (...args) => {
      appends++;
      return append(...args);
    };
    const seen: number[][] = [];
    r.on('appended', (events) => seen.push(events.map((e) => e.seq)));
    const first = r.submit({ add: 1 }, 'admin');
    await Promise.resolve();
    const rest = await Promise.all([r.submit({ add: 2 }, 'admin'), r.submit({ add: 0 }, 'admin'), r.submit({ add: 3 }, 'guest'), r.submit({ add: 4 }, 'admin'), r.submit({ add: 95 }, 'admin')]);
    expect(await first).toEqual({ ok: true, seq: 1 });
    expect(rest).toEqual([
      { ok: true, seq: 2 },
      { ok: true, seq: 2 },
      { ok: false, code: 'FORBIDDEN', message: 'admins only' },
      { ok: true, seq: 3 },
      { ok: false, code: 'TOO_MUCH', message: 'over 100' },
    ]);
    expect(appends).toBe(2);
    expect(seen).toEqual([[1], [2, 3]]);
    expect(r.state.total).toBe(7);
  });

  it('when a grouped append fails, every command of the group is refused and nothing changes', async () => {
    const { store, room: r } = room();
    await r.submit({ add: 1 }, 'admin');
    store.append = () => Promise.reject(new Error('disk full'));
    const acks = await Promise.all([r.submit({ add: 2 }, 'admin'), r.submit({ add: 3 }, 'admin')]);
    expect(acks).toEqual([
      { ok: false, code: 'UNAVAILABLE', message: 'the event could not be stored; nothing was changed' },
      { ok: false, code: 'UNAVAILABLE', message: 'the event could not be stored; nothing was changed' },
    ]);
    expect(r.state).toEqual({ total: 1 });
    expect(r.seq).toBe(1);
    expect(r.broken).toBeNull();
  });

  it('an evolve that throws refuses that command alone; the rest of its group goes through', async () => {
    const store = new MemoryEventStore<Event>({ eventSchema: EventSchema });
    const fragile: RoomCore<State, Command, Event, string> = { ...counter, evolve: (s, e) => (e.added === 7 ? (() => { throw new Error('bug'); })() : counter.evolve(s, e)) };
    const r = new Room({ conferenceId: 'c1', core: fragile, store, state: { total: 0 }, seq: 0 });
    const acks = await Promise.all([r.submit({ add: 1 }, 'admin'), r.submit({ add: 7 }, 'admin'), r.submit({ add: 2 }, 'admin')]);
    expect(acks).toEqual([{ ok: true, seq: 1 }, { ok: false, code: 'INTERNAL', message: 'the command could not be applied' }, { ok: true, seq: 2 }]);
    expect((await store.read('c1', 0)).map((e) => e.event.added)).toEqual([1, 2]);
    expect(r.state.total).toBe(3);
  });

  it('serially() runs after every command submitted before it, seeing a state and seq of one moment', async () => {
    const { room: r } = room();
    const p1 = r.submit({ add: 1 }, 'admin');
    const seen = r.serially(() => ({ total: r.state.total, seq: r.seq }));
    const p2 = r.submit({ add: 2 }, 'admin');
    await Promise.all([p1, p2]);
    const at = await seen;
    // A command submitted after it may join the group of one submitted before it: never the reverse.
    expect([{ total: 1, seq: 1 }, { total: 3, seq: 2 }]).toContainEqual(at);
  });

  it('while the database is away, refuses with LOG_UNAVAILABLE and carries on once it is back', async () => {
    const { store, room: r } = room();
    await r.submit({ add: 1 }, 'admin');
    const append = store.append.bind(store);
    const read = store.read.bind(store);
    store.append = () => Promise.reject(new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:5432'));
    store.read = () => Promise.reject(new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:5432'));
    for (let i = 0; i < 2; i++) expect(await r.submit({ add: 2 }, 'admin')).toMatchObject({ ok: false, code: 'LOG_UNAVAILABLE' });
    expect(r.broken).toBeNull();
    store.append = append;
    store.read = read;
    expect(await r.submit({ add: 3 }, 'admin')).toEqual({ ok: true, seq: 2 });
    expect((await store.read('c1', 0)).map((e) => e.event.added)).toEqual([1, 3]);
    expect(r.state.total).toBe(4);
  });

  it('after an append whose commit happened but whose reply was lost, folds the committed events in and goes on (no self-conflict)', async () => {
    const { store, room: r } = room();
    await r.submit({ add: 1 }, 'admin');
    const append = store.append.bind(store);
    // The COMMIT reaches the database, then the connection drops before the reply.
    store.append = async (...args) => {
      await append(...args);
      throw new StoreUnavailableError('Connection terminated unexpectedly');
    };
    const seen: number[][] = [];
    r.on('appended', (events) => seen.push(events.map((e) => e.seq)));
    expect(await r.submit({ add: 5 }, 'admin')).toMatchObject({ ok: false, code: 'LOG_UNAVAILABLE' });
    store.append = append;
    expect(await r.submit({ add: 2 }, 'admin')).toEqual({ ok: true, seq: 3 });
    // The committed event is broadcast like any durable one, before the next.
    expect(seen).toEqual([[2], [3]]);
    expect(r.state.total).toBe(8);
    expect(r.broken).toBeNull();
    expect((await store.read('c1', 0)).map((e) => e.event.added)).toEqual([1, 5, 2]);
  });

  it('when another node took the conference over (lease lost), stops writing: NOT_OWNER, nothing written, and it follows the log instead', async () => {
    const { store, room: r } = room();
    await r.submit({ add: 1 }, 'admin');
    const append = store.append.bind(store);
    store.append = () => Promise.reject(new LeaseLostError('c1', 1, 2));
    const demoted: number[] = [];
    r.on('demoted', () => demoted.push(r.seq));
    expect(await r.submit({ add: 2 }, 'admin')).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(r.broken).toBeNull();
    expect(r.writable).toBe(false);
    expect(demoted).toEqual([1]);
    // Refused without trying the store again: another node writes now.
    store.append = append;
    expect(await r.submit({ add: 2 }, 'admin')).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(r.seq).toBe(1);
    // The new owner writes; this room follows the log and broadcasts what it reads, in order.
    await store.append('c1', 1, [{ added: 10 }, { added: 20 }]);
    const seen: number[][] = [];
    r.on('appended', (events) => seen.push(events.map((e) => e.seq)));
    expect(await r.followLog()).toBe(3);
    expect(seen).toEqual([[2, 3]]);
    expect(r.state.total).toBe(31);
  });

  it('a follower takes no command until promoted; promotion first folds in the log up to its real head', async () => {
    const store = new MemoryEventStore<Event>({ eventSchema: EventSchema });
    await store.append('c1', 0, [{ added: 4 }]);
    const r = new Room({ conferenceId: 'c1', core: counter, store, state: { total: 0 }, seq: 0, writable: false });
    expect(await r.submit({ add: 1 }, 'admin')).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(await store.lastSeq('c1')).toBe(1);
    await store.append('c1', 1, [{ added: 5 }]);
    // Said once the log is folded in: the recorder that starts on it sees the real state.
    const promoted: number[] = [];
    r.on('promoted', () => promoted.push(r.state.total));
    await r.promote();
    expect(r.writable).toBe(true);
    expect(r.state.total).toBe(9);
    expect(promoted).toEqual([9]);
    // A room that writes already is not promoted twice.
    await r.promote();
    expect(promoted).toEqual([9]);
    // Decided on the real head: no seq conflict with what the last owner wrote.
    expect(await r.submit({ add: 1 }, 'admin')).toEqual({ ok: true, seq: 3 });
    expect(r.broken).toBeNull();
  });

  it('inside a queued task, a follower behind a seq a client saw elsewhere reads the tail first (readAhead); the writer reads nothing', async () => {
    const store = new MemoryEventStore<Event>({ eventSchema: EventSchema });
    const r = new Room({ conferenceId: 'c1', core: counter, store, state: { total: 0 }, seq: 0, writable: false });
    await store.append('c1', 0, [{ added: 4 }, { added: 5 }]);
    const seen: number[][] = [];
    r.on('appended', (events) => seen.push(events.map((e) => e.seq)));
    // As a joining socket's welcome does: the client knows seq 2, the room has read up to 0.
    const head = await r.serially(async () => {
      await r.readAhead();
      return r.seq;
    });
    expect(head).toBe(2);
    expect(seen).toEqual([[1, 2]]);
    expect(r.state.total).toBe(9);
    const { store: own, room: writer } = room();
    await writer.submit({ add: 1 }, 'admin');
    own.read = () => Promise.reject(new Error('a writer must not read its own log back'));
    await writer.serially(() => writer.readAhead());
    expect(writer.seq).toBe(1);
  });
});
