// The one contract every EventStore implementation must meet; each store's *.test.ts runs it.
// (tldraw's storage contract suite is the model: the double cannot drift from the real thing.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from './EventStore.js';
import {
  CorruptEventError,
  CorruptSnapshotError,
  InvalidStoreArgumentError,
  SeqConflictError,
  StoreClosedError,
} from './errors.js';
import { joined, requested, type TestEvent } from './testing/testEvents.js';

/** A store's data plus the back doors a contract test needs to damage it on purpose. */
export interface StoreHarness {
  /** opens a store over this harness's data (again after a close: that is a reopen) */
  open(): EventStore<TestEvent>;
  /** overwrites the stored text of an event row (a networked store's back door is async) */
  writeRawEvent(conferenceId: string, seq: number, raw: string): unknown;
  deleteRawEvent(conferenceId: string, seq: number): unknown;
  writeRawSnapshot(conferenceId: string, raw: string): unknown;
  /** makes the storage itself fail when the row `seq` is written (only stores that can fail mid-write) */
  injectWriteFailureAt?(conferenceId: string, seq: number): unknown;
  cleanup(): Promise<void>;
}

const A = 'hn-ca-mau-2021-01-04';
const B = 'hn-bac-lieu-2021-01-05';

export interface ContractFeatures {
  /** the harness can make the storage fail in the middle of a batch (injectWriteFailureAt) */
  readonly midWriteFailure: boolean;
}

export function runEventStoreContract(name: string, createHarness: () => Promise<StoreHarness>, features: ContractFeatures): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: EventStore<TestEvent>;

    beforeEach(async () => {
      harness = await createHarness();
      store = harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    async function seed(conferenceId: string, count: number): Promise<TestEvent[]> {
      const events = Array.from({ length: count }, (_, i) => joined(`point-${i + 1}`, i));
      await store.append(conferenceId, 0, events);
      return events;
    }

    describe('append and read', () => {
      it('starts empty: head 0, no events, no conferences', async () => {
        expect(await store.lastSeq(A)).toBe(0);
        expect(await store.read(A, 0)).toEqual([]);
        expect(await store.conferences()).toEqual([]);
      });

      it('numbers a batch from 1 and returns its events in order', async () => {
        const events = [joined('tp-ca-mau', 1), joined('thoi-binh', 2), requested('u-minh', 'Tình hình thu ngân sách')];
        expect(await store.append(A, 0, events)).toEqual({ firstSeq: 1, lastSeq: 3 });
        expect(await store.lastSeq(A)).toBe(3);
        expect(await store.read(A, 0)).toEqual(events.map((event, i) => ({ seq: i + 1, event })));
      });

      it('continues the numbering across appends', async () => {
        await store.append(A, 0, [joined('a')]);
        expect(await store.append(A, 1, [joined('b'), joined('c')])).toEqual({ firstSeq: 2, lastSeq: 3 });
        expect(await store.append(A, 3, [joined('d')])).toEqual({ firstSeq: 4, lastSeq: 4 });
        const read = await store.read(A, 0);
        expect(read.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
        expect(read.map((r) => (r.event.type === 'PointJoined' ? r.event.pointId : ''))).toEqual(['a', 'b', 'c', 'd']);
      });

      it('keeps Vietnamese text and optional fields exactly', async () => {
        const events: TestEvent[] = [
          { type: 'AttendanceMarked', attendeeId: 'nguyen-tien-hai', status: 'present' },
          { type: 'AttendanceMarked', attendeeId: 'le-quan', status: 'substitute', substitute: 'Trần Hồng Quân, Phó Chủ tịch UBND tỉnh' },
          requested('dam-doi', 'Đề xuất hỗ trợ nuôi tôm siêu thâm canh — “khẩn”'),
        ];
        await store.append(A, 0, events);
        expect((await store.read(A, 0)).map((r) => r.event)).toEqual(events);
      });

      it('reads from a seq and honours the limit', async () => {
        const events = await seed(A, 10);
        expect((await store.read(A, 4)).map((r) => r.seq)).toEqual([5, 6, 7, 8, 9, 10]);
        expect((await store.read(A, 4, 3)).map((r) => r.seq)).toEqual([5, 6, 7]);
        expect((await store.read(A, 9, 5)).map((r) => r.event)).toEqual([events[9]]);
        // Paging with a limit visits every event once, in order.
        const paged: number[] = [];
        for (let after = 0; ; ) {
          const page = await store.read(A, after, 4);
          if (page.length === 0) break;
          paged.push(...page.map((r) => r.seq));
          after = page[page.length - 1]!.seq;
        }
        expect(paged).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });

      it('gives [] for a seq at or past the head (the caller spots a client that is ahead)', async () => {
        await seed(A, 3);
        expect(await store.read(A, 3)).toEqual([]);
        expect(await store.read(A, 50)).toEqual([]);
        expect(await store.read(B, 7)).toEqual([]);
      });

      it('deep-copies: mutating what was appended or read changes nothing stored', async () => {
        const event = joined('nam-can', 5) as Extract<TestEvent, { type: 'PointJoined' }>;
        await store.append(A, 0, [event]);
        event.pointId = 'mutated-after-append';
        const first = await store.read(A, 0);
        (first[0]!.event as { pointId: string }).pointId = 'mutated-after-read';
        expect((await store.read(A, 0))[0]!.event).toEqual(joined('nam-can', 5));
      });
    });

    describe('sequence conflicts and atomicity', () => {
      it('refuses a stale or future expectedSeq with SeqConflictError and writes nothing', async () => {
        await seed(A, 2);
        for (const expectedSeq of [0, 1, 3, 99]) {
          const error = await store.append(A, expectedSeq, [joined('late')]).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(SeqConflictError);
          expect(error).toMatchObject({ code: 'SEQ_CONFLICT', conferenceId: A, expectedSeq, actualSeq: 2 });
        }
        expect(await store.lastSeq(A)).toBe(2);
        expect(await store.read(A, 0)).toHaveLength(2);
      });

      it('lets exactly one of two racing appends with the same expectedSeq win', async () => {
        await seed(A, 1);
        const results = await Promise.allSettled([
          store.append(A, 1, [joined('first')]),
          store.append(A, 1, [joined('second'), joined('second-b')]),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(SeqConflictError);
        const head = await store.lastSeq(A);
        expect((await store.read(A, 0)).map((r) => r.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      });

      it('writes nothing of a batch holding one event the schema refuses', async () => {
        await seed(A, 2);
        const bad = { type: 'PointJoined', pointId: 'x', at: 1, extra: 'not allowed' } as unknown as TestEvent;
        const error = await store.append(A, 2, [joined('ok-1'), bad, joined('ok-2')]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidStoreArgumentError);
        expect((error as InvalidStoreArgumentError).issues.length).toBeGreaterThan(0);
        expect(await store.lastSeq(A)).toBe(2);
        expect(await store.read(A, 0)).toHaveLength(2);
        expect(await store.append(A, 2, [joined('ok-3')])).toEqual({ firstSeq: 3, lastSeq: 3 });
      });

      // Only for stores whose storage can fail half-way through a batch; the memory store cannot
      // (it validates the whole batch, then assigns), so it declares no such back door.
      it.runIf(features.midWriteFailure)('rolls a batch back entirely when the storage fails in the middle of it', async () => {
        if (!harness.injectWriteFailureAt) throw new Error('the harness declares midWriteFailure but has no injectWriteFailureAt');
        await seed(A, 2);
        await harness.injectWriteFailureAt(A, 5);
        await expect(store.append(A, 2, [joined('3'), joined('4'), joined('5'), joined('6')])).rejects.toThrow();
        expect(await store.lastSeq(A)).toBe(2);
        expect((await store.read(A, 0)).map((r) => r.seq)).toEqual([1, 2]);
        // A batch that stops short of the failing row goes through and is numbered on from 2.
        expect(await store.append(A, 2, [joined('3'), joined('4')])).toEqual({ firstSeq: 3, lastSeq: 4 });
      });

      it('refuses bad arguments with InvalidStoreArgumentError', async () => {
        await seed(A, 1);
        const attempts: (() => Promise<unknown>)[] = [
          () => store.append(A, 1, []),
          () => store.append('', 0, [joined('x')]),
          () => store.append('x'.repeat(201), 0, [joined('x')]),
          () => store.append(A, -1, [joined('x')]),
          () => store.append(A, 1.5, [joined('x')]),
          () => store.read(A, -1),
          () => store.read(A, 0, 0),
          () => store.read(A, 0, 2.5),
          () => store.lastSeq(''),
          () => store.meta.get(''),
        ];
        for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        expect(await store.read(A, 0)).toHaveLength(1);
      });
    });

    describe('conferences are isolated', () => {
      it('numbers, conflicts and reads each conference on its own', async () => {
        await store.append(A, 0, [joined('a1')]);
        await store.append(B, 0, [joined('b1'), joined('b2')]);
        await store.append(A, 1, [joined('a2')]);
        await expect(store.append(B, 1, [joined('b-late')])).rejects.toBeInstanceOf(SeqConflictError);
        expect(await store.lastSeq(A)).toBe(2);
        expect(await store.lastSeq(B)).toBe(2);
        expect((await store.read(A, 0)).map((r) => (r.event as { pointId: string }).pointId)).toEqual(['a1', 'a2']);
        expect((await store.read(B, 0)).map((r) => (r.event as { pointId: string }).pointId)).toEqual(['b1', 'b2']);
        expect(await store.conferences()).toEqual([A, B]);
      });

      it('a corrupt row in one conference does not touch another', async () => {
        await seed(A, 3);
        await seed(B, 3);
        await harness.writeRawEvent(A, 2, '{ not json');
        await expect(store.read(A, 0)).rejects.toBeInstanceOf(CorruptEventError);
        expect(await store.read(B, 0)).toHaveLength(3);
      });
    });

    describe('corrupt rows stop the read, never skipped', () => {
      it('reports a row that is not JSON with its conference and seq', async () => {
        await seed(A, 5);
        await harness.writeRawEvent(A, 3, '{"type":"PointJoined",');
        const error = await store.read(A, 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptEventError);
        expect(error).toMatchObject({ code: 'CORRUPT_EVENT', conferenceId: A, seq: 3, kind: 'bad-json' });
        // The rows before it and after it are still readable on their own.
        expect((await store.read(A, 0, 2)).map((r) => r.seq)).toEqual([1, 2]);
        expect((await store.read(A, 3)).map((r) => r.seq)).toEqual([4, 5]);
      });

      it('reports a row the event schema refuses, with the zod issues', async () => {
        await seed(A, 4);
        await harness.writeRawEvent(A, 4, JSON.stringify({ type: 'FloorGranted', pointId: 'u-minh' }));
        const error = await store.read(A, 1).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptEventError);
        expect(error).toMatchObject({ conferenceId: A, seq: 4, kind: 'schema' });
        expect((error as CorruptEventError).issues.map((i) => i.path.join('.'))).toContain('speechId');
      });

      it('reports a row missing in the middle of the log as a gap', async () => {
        await seed(A, 6);
        await harness.deleteRawEvent(A, 4);
        const error = await store.read(A, 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptEventError);
        expect(error).toMatchObject({ conferenceId: A, seq: 4, kind: 'gap' });
        await expect(store.read(A, 3, 1)).rejects.toMatchObject({ seq: 4, kind: 'gap' });
      });

      it('reports rows lost at the end of the log (truncation) as a gap', async () => {
        await seed(A, 6);
        await harness.deleteRawEvent(A, 6);
        await harness.deleteRawEvent(A, 5);
        await expect(store.read(A, 2)).rejects.toMatchObject({ conferenceId: A, seq: 5, kind: 'gap' });
        expect(await store.lastSeq(A)).toBe(6);
      });
    });

    describe('snapshots', () => {
      it('round-trips a JSON state and keeps only the latest', async () => {
        await seed(A, 5);
        expect(await store.loadSnapshot(A)).toBeNull();
        const state = { floor: { pointId: 'cai-nuoc', since: 1609731000000 }, queue: ['u-minh', 'phu-tan'], title: 'Hội nghị trực tuyến' };
        await store.saveSnapshot(A, 3, state);
        expect(await store.loadSnapshot(A)).toEqual({ seq: 3, state });
        await store.saveSnapshot(A, 5, { floor: null });
        expect(await store.loadSnapshot(A)).toEqual({ seq: 5, state: { floor: null } });
        expect(await store.loadSnapshot(B)).toBeNull();
      });

      it('refuses a snapshot outside the log or that is not JSON', async () => {
        await seed(A, 2);
        await expect(store.saveSnapshot(A, 0, {})).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.saveSnapshot(A, 3, {})).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.saveSnapshot(B, 1, {})).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        await expect(store.saveSnapshot(A, 2, { big: 10n })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
        expect(await store.loadSnapshot(A)).toBeNull();
      });

      it('reports an unreadable snapshot as CorruptSnapshotError', async () => {
        await seed(A, 2);
        await store.saveSnapshot(A, 2, { ok: true });
        await harness.writeRawSnapshot(A, '{"ok": tru');
        await expect(store.loadSnapshot(A)).rejects.toBeInstanceOf(CorruptSnapshotError);
      });
    });

    describe('meta', () => {
      it('gets null for an unknown key and the last value set otherwise', async () => {
        expect(await store.meta.get('token-secret')).toBeNull();
        await store.meta.set('token-secret', 'a1b2');
        await store.meta.set('token-secret', 'c3d4');
        await store.meta.set('takeover-mode', 'standby');
        expect(await store.meta.get('token-secret')).toBe('c3d4');
        expect(await store.meta.get('takeover-mode')).toBe('standby');
      });
    });

    describe('close and reopen', () => {
      it('keeps events, heads, snapshots and meta across a reopen', async () => {
        const events = await seed(A, 4);
        await store.append(B, 0, [requested('ngoc-hien', 'Sạt lở bờ biển Tây')]);
        await store.saveSnapshot(A, 3, { n: 3 });
        await store.meta.set('token-secret', 'bí-mật');
        await store.close();
        store = harness.open();
        expect(await store.conferences()).toEqual([A, B]);
        expect(await store.lastSeq(A)).toBe(4);
        expect((await store.read(A, 0)).map((r) => r.event)).toEqual(events);
        expect(await store.loadSnapshot(A)).toEqual({ seq: 3, state: { n: 3 } });
        expect(await store.meta.get('token-secret')).toBe('bí-mật');
        expect(await store.append(A, 4, [joined('after-reopen')])).toEqual({ firstSeq: 5, lastSeq: 5 });
      });

      it('rejects every call after close with StoreClosedError; closing twice is fine', async () => {
        await seed(A, 1);
        await store.close();
        await store.close();
        const calls: (() => Promise<unknown>)[] = [
          () => store.append(A, 1, [joined('x')]),
          () => store.read(A, 0),
          () => store.lastSeq(A),
          () => store.conferences(),
          () => store.saveSnapshot(A, 1, {}),
          () => store.loadSnapshot(A),
          () => store.meta.get('k'),
          () => store.meta.set('k', 'v'),
        ];
        for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreClosedError);
      });
    });
  });
}
