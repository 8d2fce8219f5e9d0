import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CorruptEventError } from './errors.js';
import { createMemoryLogBacking, MemoryEventStore } from './memoryEventStore.js';
import { loadConference, ReplayFailedError, saveConferenceSnapshot, SnapshotPolicy } from './replay.js';
import { SqliteEventStore } from './sqliteEventStore.js';
import { joined, requested, testEventSchema, type TestEvent } from './testing/testEvents.js';

const C = 'hn-ca-mau-2021-01-04';

// A small fold in the core's style: immutable updates, the seq recorded so ordering is visible.
const stateSchema = z.strictObject({ online: z.array(z.string()), requests: z.number().int(), lastSeq: z.number().int() });
type State = z.infer<typeof stateSchema>;
const emptyState = (): State => ({ online: [], requests: 0, lastSeq: 0 });
function evolve(state: State, event: TestEvent, seq: number): State {
  switch (event.type) {
    case 'PointJoined':
      return { ...state, online: [...state.online, event.pointId], lastSeq: seq };
    case 'FloorRequested':
      return { ...state, requests: state.requests + 1, lastSeq: seq };
    default:
      return { ...state, lastSeq: seq };
  }
}
const options = { emptyState, evolve, stateSchema };

function eventAt(i: number): TestEvent {
  return i % 3 === 0 ? requested(`p${i}`, `chủ đề ${i}`) : joined(`p${i}`, i);
}

async function storeWith(count: number, backing = createMemoryLogBacking()) {
  const store = new MemoryEventStore({ eventSchema: testEventSchema, backing });
  const events = Array.from({ length: count }, (_, i) => eventAt(i + 1));
  for (let i = 0; i < count; i += 100) await store.append(C, i, events.slice(i, i + 100));
  const expected = events.reduce((s, e, i) => evolve(s, e, i + 1), emptyState());
  return { store, backing, expected };
}

describe('loadConference', () => {
  it('gives the empty state at seq 0 for a conference with no log', async () => {
    const { store } = await storeWith(0);
    expect(await loadConference(store, C, options)).toEqual({ state: emptyState(), seq: 0, snapshotSeq: null, eventsReplayed: 0, warnings: [] });
  });

  it('folds the whole log in order, across read pages', async () => {
    const { store, expected } = await storeWith(4500);
    const loaded = await loadConference(store, C, options);
    expect(loaded).toMatchObject({ seq: 4500, snapshotSeq: null, eventsReplayed: 4500, warnings: [] });
    expect(loaded.state).toEqual(expected);
  });

  it('accepts a plain value as the empty state', async () => {
    const { store, expected } = await storeWith(10);
    expect((await loadConference(store, C, { evolve, emptyState: emptyState() })).state).toEqual(expected);
  });

  it('starts from the snapshot and replays only the tail, to the same state', async () => {
    const { store, expected } = await storeWith(3000);
    const upTo = await loadConference(store, C, options);
    await saveConferenceSnapshot(store, C, 3000, upTo.state);
    await store.append(C, 3000, [joined('late-1'), requested('late-2', 'kết luận')]);
    const withTail = evolve(evolve(expected, joined('late-1'), 3001), requested('late-2', 'kết luận'), 3002);
    const loaded = await loadConference(store, C, options);
    expect(loaded).toMatchObject({ seq: 3002, snapshotSeq: 3000, eventsReplayed: 2, warnings: [] });
    expect(loaded.state).toEqual(withTail);
  });

  it('replays the full log, with a warning, when the snapshot is unreadable', async () => {
    const { store, backing, expected } = await storeWith(50);
    await saveConferenceSnapshot(store, C, 40, { bogus: true });
    backing.snapshots.set(C, { seq: 40, json: '{"format":' });
    const loaded = await loadConference(store, C, options);
    expect(loaded).toMatchObject({ seq: 50, snapshotSeq: null, eventsReplayed: 50 });
    expect(loaded.state).toEqual(expected);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(/^CORRUPT_SNAPSHOT/);
  });

  it('ignores, with a warning, a snapshot the state schema refuses', async () => {
    const { store, expected } = await storeWith(50);
    await saveConferenceSnapshot(store, C, 40, { online: 'not an array', requests: 0, lastSeq: 40 });
    const loaded = await loadConference(store, C, options);
    expect(loaded.state).toEqual(expected);
    expect(loaded.snapshotSeq).toBeNull();
    expect(loaded.warnings[0]).toMatch(/SNAPSHOT_IGNORED.*state schema refuses it.*online/);
  });

  it('ignores a snapshot made by another state version, and one not made by saveConferenceSnapshot', async () => {
    const { store, expected } = await storeWith(50);
    await saveConferenceSnapshot(store, C, 40, emptyState(), 'old-shape');
    let loaded = await loadConference(store, C, options);
    expect(loaded.state).toEqual(expected);
    expect(loaded.warnings[0]).toMatch(/state version old-shape/);
    await store.saveSnapshot(C, 45, emptyState());
    loaded = await loadConference(store, C, options);
    expect(loaded.state).toEqual(expected);
    expect(loaded.warnings[0]).toMatch(/not a hoinghi snapshot/);
  });

  it('stops at a corrupt event in the tail after a snapshot, never skipping it', async () => {
    const { store, backing } = await storeWith(60);
    await saveConferenceSnapshot(store, C, 30, (await loadConference(store, C, options)).state);
    backing.conferences.get(C)!.rows.set(45, JSON.stringify({ type: 'PointJoined' }));
    await expect(loadConference(store, C, options)).rejects.toBeInstanceOf(CorruptEventError);
    await expect(loadConference(store, C, options)).rejects.toMatchObject({ conferenceId: C, seq: 45, kind: 'schema' });
  });

  it('stops with ReplayFailedError naming the seq when evolve throws', async () => {
    const { store } = await storeWith(20);
    const failing = (state: State, event: TestEvent, seq: number) => {
      if (seq === 13) throw new Error('unknown point');
      return evolve(state, event, seq);
    };
    const error = await loadConference(store, C, { ...options, evolve: failing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayFailedError);
    expect(error).toMatchObject({ conferenceId: C, seq: 13 });
    expect((error as Error).message).toContain('unknown point');
  });

  it('rebuilds from a real SQLite file after reopen, snapshot and tail included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-replay-'));
    try {
      const events = Array.from({ length: 1200 }, (_, i) => eventAt(i + 1));
      const expected = events.reduce((s, e, i) => evolve(s, e, i + 1), emptyState());
      let store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
      const policy = new SnapshotPolicy({ every: 500 });
      let state = emptyState();
      // Batches of 10, as a room appends one command's events at a time.
      for (let i = 0; i < events.length; i += 10) {
        const batch = events.slice(i, i + 10);
        const { firstSeq, lastSeq } = await store.append(C, i, batch);
        state = batch.reduce((s, e, k) => evolve(s, e, firstSeq + k), state);
        await policy.afterAppend(store, C, lastSeq, state);
      }
      await store.close();
      store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
      const loaded = await loadConference(store, C, options);
      expect(loaded).toMatchObject({ seq: 1200, snapshotSeq: 1000, eventsReplayed: 200, warnings: [] });
      expect(loaded.state).toEqual(expected);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SnapshotPolicy', () => {
  it('is due every N events counted from the snapshot the conference was loaded from', () => {
    const policy = new SnapshotPolicy({ every: 100 });
    expect(policy.due(C, 99)).toBe(false);
    expect(policy.due(C, 100)).toBe(true);
    policy.loaded(C, { snapshotSeq: 450 });
    expect(policy.due(C, 549)).toBe(false);
    expect(policy.due(C, 550)).toBe(true);
    policy.loaded('other', { snapshotSeq: null });
    expect(policy.due('other', 100)).toBe(true);
  });

  it('saves when due and only then, and loadConference starts from what it saved', async () => {
    const { store } = await storeWith(0);
    const policy = new SnapshotPolicy({ every: 3 });
    let state = emptyState();
    const saved: number[] = [];
    for (let i = 1; i <= 10; i++) {
      await store.append(C, i - 1, [eventAt(i)]);
      state = evolve(state, eventAt(i), i);
      if ((await policy.afterAppend(store, C, i, state)).saved) saved.push(i);
    }
    expect(saved).toEqual([3, 6, 9]);
    expect(await loadConference(store, C, options)).toMatchObject({ seq: 10, snapshotSeq: 9, eventsReplayed: 1, state });
  });

  it('never rejects when the snapshot cannot be written; reports the error and retries later', async () => {
    const { store } = await storeWith(5);
    const policy = new SnapshotPolicy({ every: 5 });
    await store.close();
    const result = await policy.afterAppend(store, C, 5, emptyState());
    expect(result.saved).toBe(false);
    expect(result.error).toMatchObject({ code: 'STORE_CLOSED' });
    expect(policy.due(C, 5)).toBe(true);
  });

  it('refuses a nonsensical interval', () => {
    expect(() => new SnapshotPolicy({ every: 0 })).toThrow(RangeError);
    expect(() => new SnapshotPolicy({ every: 2.5 })).toThrow(RangeError);
  });
});
