import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SeqConflictError } from './errors.js';
import { GroupCommit } from './groupCommit.js';
import { SqliteEventStore } from './sqliteEventStore.js';
import { joined, testEventSchema } from './testing/testEvents.js';

describe('GroupCommit: every job of one event-loop turn in one commit', () => {
  it('commits the jobs submitted in one turn together, in order, and resolves each with its own outcome', async () => {
    const groups: number[][] = [];
    const group = new GroupCommit<number, string>(async (jobs) => {
      groups.push([...jobs]);
      return jobs.map((n) => (n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: `done ${n}` }));
    });
    const turn1 = [group.submit(1), group.submit(-2), group.submit(3)].map((p) => p.catch((e: Error) => e.message));
    expect(await Promise.all(turn1)).toEqual(['done 1', 'refused -2', 'done 3']);
    expect(await group.submit(4)).toBe('done 4');
    expect(groups).toEqual([[1, -2, 3], [4]]);
    expect(group.stats).toEqual({ groups: 2, jobs: 4 });
  });

  it('a commit that throws refuses every job of its group; the next group commits as usual', async () => {
    let fail = true;
    const group = new GroupCommit<number, number>(async (jobs) => {
      if (fail) throw new Error('disk full');
      return jobs.map((n) => ({ ok: true, value: n }));
    });
    const refused = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await group.submit(3)).toBe(3);
    expect(group.stats).toEqual({ groups: 1, jobs: 1 });
  });

  it('one group on its way at a time: what arrives meanwhile forms the next group; drain waits for both', async () => {
    const groups: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (jobs) => {
      groups.push([...jobs]);
      if (groups.length === 1) await new Promise<void>((r) => (release = r));
      return jobs.map((n) => ({ ok: true, value: n }));
    });
    const first = group.submit(1);
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([[1]]);
    const later = [group.submit(2), group.submit(3)];
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([[1]]); // the first is still on disk's way
    const drained = group.drain();
    release();
    await drained;
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(groups).toEqual([[1], [2, 3]]);
  });
});

describe('SqliteEventStore group commit', () => {
  it('appends of several conferences in one turn share one transaction; each keeps its own numbering and a conflict refuses only its append', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-group-'));
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      await store.append('a', 0, [joined('a0')]);
      const before = store.groupCommits();
      const results = await Promise.allSettled([
        store.append('a', 1, [joined('a1'), joined('a2')]),
        store.append('b', 0, [joined('b1')]),
        store.append('a', 1, [joined('late')]), // same expectedSeq as the first: loses
        store.append('c', 0, [joined('c1'), joined('c2'), joined('c3')]),
      ]);
      expect(results[0]).toEqual({ status: 'fulfilled', value: { firstSeq: 2, lastSeq: 3 } });
      expect(results[1]).toEqual({ status: 'fulfilled', value: { firstSeq: 1, lastSeq: 1 } });
      expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
      expect(results[3]).toEqual({ status: 'fulfilled', value: { firstSeq: 1, lastSeq: 3 } });
      const after = store.groupCommits();
      expect({ groups: after.groups - before.groups, jobs: after.jobs - before.jobs }).toEqual({ groups: 1, jobs: 4 });
      expect((await store.read('a', 0)).map((e) => e.event)).toEqual([joined('a0'), joined('a1'), joined('a2')]);
      expect(await store.lastSeq('c')).toBe(3);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an append whose insert fails inside a group is rolled back alone (savepoint); the group still commits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-group-'));
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      await store.append('a', 0, [joined('a0')]);
      const raw = new Database(store.path);
      raw.exec(`CREATE TRIGGER injected BEFORE INSERT ON events WHEN NEW.conference_id = 'a' AND NEW.seq = 3 BEGIN SELECT RAISE(ABORT, 'injected'); END`);
      raw.close();
      const results = await Promise.allSettled([store.append('a', 1, [joined('a1'), joined('a2')]), store.append('b', 0, [joined('b1')])]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      expect(await store.lastSeq('a')).toBe(1);
      expect((await store.read('a', 0)).length).toBe(1);
      expect(await store.read('b', 0)).toEqual([{ seq: 1, event: joined('b1') }]);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('close() writes the appends already accepted before closing the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-group-'));
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    const pending = store.append('a', 0, [joined('a0')]);
    await store.close();
    expect(await pending).toEqual({ firstSeq: 1, lastSeq: 1 });
    const reopened = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      expect(await reopened.lastSeq('a')).toBe(1);
    } finally {
      await reopened.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
