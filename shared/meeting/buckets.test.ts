import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketedFrom, bucketOf, emptyBucketed, entriesOf, entryOf, hasEntry, idsOf } from './buckets.js';
import { evolve, replay } from './evolve.js';
import { runningSpeeches } from './selectors-floor.js';
import { admin, attendeeAt, chair, clerk, draftConference, inSession, pointOp, THOI_BINH, U_MINH } from './testkit.js';

// The bucketed records (attendees, floor requests, speeches): what readers see, and that a live
// event copies one bucket and shares every other with the state before it.

/** Buckets of `next` that are not the very object of `prev` (copied by the event). */
function copiedBuckets(prev: { buckets: object[] }, next: { buckets: object[] }): number[] {
  return next.buckets.flatMap((b, i) => (b === prev.buckets[i] ? [] : [i]));
}

describe('bucketed records', () => {
  it('an id always falls in the same bucket, within range, and ids spread over the buckets', () => {
    expect(bucketOf('p-thoi-binh')).toBe(bucketOf('p-thoi-binh'));
    const used = new Set<number>();
    for (let i = 0; i < 3000; i++) {
      const b = bucketOf(`i${i.toString(16).padStart(18, '0')}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(BUCKETS);
      used.add(b);
    }
    // 3,000 ids over 256 buckets leave almost none empty with a hash that spreads.
    expect(used.size).toBeGreaterThan(BUCKETS - 5);
  });

  it('readers see entries, size and ids; names of Object.prototype are not entries; JSON round-trips', () => {
    const r = bucketedFrom([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }]);
    expect(r.size).toBe(2);
    expect(entryOf(r, 'a')).toEqual({ id: 'a', n: 3 });
    expect(entryOf(r, 'zz')).toBeUndefined();
    for (const inherited of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(entryOf(r, inherited)).toBeUndefined();
      expect(hasEntry(r, inherited)).toBe(false);
    }
    expect(idsOf(r).sort()).toEqual(['a', 'b']);
    expect(entriesOf(r).map((e) => e.n).sort()).toEqual([2, 3]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(emptyBucketed().buckets).toHaveLength(BUCKETS);
  });

  it('a roll-call mark copies one bucket of the attendees and shares the rest', () => {
    const s = draftConference();
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    const id = attendeeAt(s.state, 2);
    const before = s.state;
    s.do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } });
    expect(copiedBuckets(before.attendees, s.state.attendees)).toEqual([bucketOf(id)]);
    expect(entryOf(s.state.attendees, id)?.marks).toHaveLength(1);
    expect(entryOf(before.attendees, id)?.marks).toHaveLength(0);
    expect(s.state.attendees.size).toBe(before.attendees.size);
  });

  it('walk-ins change the size; a floor grant copies one bucket of requests and one of speeches; running speeches follow', () => {
    const s = inSession();
    const size = s.state.attendees.size;
    s.do(clerk, { type: 'addWalkIn', id: 'w1', name: 'Phạm Văn Khách', position: 'Phóng viên', organisationId: entryOf(s.state.attendees, attendeeAt(s.state, 2))!.organisationId, pointId: U_MINH });
    expect(s.state.attendees.size).toBe(size + 1);
    s.do(clerk, { type: 'removeWalkIn', attendeeId: 'w1' });
    expect(s.state.attendees.size).toBe(size);
    expect(hasEntry(s.state.attendees, 'w1')).toBe(false);

    s.do(chair, { type: 'openQueue' });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, kind: 'contribution', topic: 'Sạt lở' });
    const before = s.state;
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    expect(copiedBuckets(before.queue.requests, s.state.queue.requests)).toEqual([bucketOf('r1')]);
    expect(copiedBuckets(before.speeches, s.state.speeches)).toEqual([bucketOf('sp1')]);
    expect(s.state.runningSpeechIds).toEqual(['sp1']);
    expect(runningSpeeches(s.state).map((sp) => sp.id)).toEqual(['sp1']);
    s.do(chair, { type: 'endSpeech', speechId: 'sp1' });
    expect(s.state.runningSpeechIds).toEqual([]);
    expect(entryOf(s.state.speeches, 'sp1')?.end).toBe(s.now);
    // The same log folded at once gives the same state.
    expect(replay(s.log)).toEqual(s.state);
  });

  it('an event naming an entry that is not there changes no bucket (a damaged log)', () => {
    const s = inSession();
    const next = evolve(s.state, { type: 'attendanceMarked', attendeeId: 'ghost', mark: { status: 'present' }, at: s.now, by: clerk });
    expect(next.attendees).toBe(s.state.attendees);
    const ended = evolve(s.state, { type: 'speechEnded', speechId: 'ghost', at: s.now, by: chair });
    expect(ended.speeches).toBe(s.state.speeches);
    expect(ended.runningSpeechIds).toBe(s.state.runningSpeechIds);
  });
});
