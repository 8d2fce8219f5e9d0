import { describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { StoredMeetingEvent } from '../../shared/protocol/socket.js';
import { MeetingReplica } from './replica.js';
import { ServerClock } from './serverClock.js';

const admin = { role: 'admin' as const };
const events: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 1000, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh Cà Mau', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 1001, by: admin, pointId: 'tw', name: 'UBND tỉnh', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 1002, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 1003, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
];
const stored = (from: number, list: MeetingEvent[]): StoredMeetingEvent[] => list.map((event, i) => ({ seq: from + i, event }));
const page = (evs: StoredMeetingEvent[], reset = false) => ({ conferenceId: 'cm', reset, events: evs, headSeq: 4, done: true });

describe('MeetingReplica', () => {
  it('folds catch-up pages and live events with the shared evolve, tracking the last seq', () => {
    const r = new MeetingReplica();
    expect(r.applyCatchUp(page(stored(1, events.slice(0, 2))))).toEqual({ ok: true, applied: 2 });
    expect(r.applyLive({ conferenceId: 'cm', events: stored(3, events.slice(2)) })).toEqual({ ok: true, applied: 2 });
    expect(r.seq).toBe(4);
    expect(r.state.pointOrder).toEqual(['tw', 'tb', 'um']);
    expect(r.state.conference?.title).toBe('Hội nghị');
  });

  it('skips events it already holds (a catch-up overlapping live events)', () => {
    const r = new MeetingReplica();
    r.applyCatchUp(page(stored(1, events)));
    const before = r.state;
    expect(r.applyLive({ conferenceId: 'cm', events: stored(3, events.slice(2)) })).toEqual({ ok: true, applied: 0 });
    expect(r.state).toBe(before);
  });

  it('stops at a hole in the seqs and says where to catch up from', () => {
    const r = new MeetingReplica();
    r.applyCatchUp(page(stored(1, events.slice(0, 2))));
    const result = r.applyLive({ conferenceId: 'cm', events: stored(4, events.slice(3)) });
    expect(result).toEqual({ ok: false, gapAfterSeq: 2 });
    expect(r.seq).toBe(2);
    expect(r.state.pointOrder).toEqual(['tw']);
  });

  it('R-READ-4: steps over the seqs its role may not read: no hole, nothing folded', () => {
    const r = new MeetingReplica();
    // seq 2 withheld on the catch-up page, seq 4 in a live batch of withheld seqs only
    expect(r.applyCatchUp({ ...page([{ seq: 1, event: events[0]! }, { seq: 3, event: events[2]! }]), withheld: [2] })).toEqual({ ok: true, applied: 2 });
    expect(r.seq).toBe(3);
    expect(r.state.pointOrder).toEqual(['tb']);
    expect(r.applyLive({ conferenceId: 'cm', events: [], withheld: [4] })).toEqual({ ok: true, applied: 0 });
    expect(r.seq).toBe(4);
    expect(r.applyLive({ conferenceId: 'cm', events: stored(6, events.slice(3)) })).toEqual({ ok: false, gapAfterSeq: 4 });
  });

  it('starts over when the server says reset', () => {
    const r = new MeetingReplica();
    r.applyCatchUp(page(stored(1, events)));
    r.applyCatchUp(page(stored(1, events.slice(0, 2)), true));
    expect(r.seq).toBe(2);
    expect(r.state.pointOrder).toEqual(['tw']);
  });

  it('ignores live events of another conference', () => {
    const r = new MeetingReplica();
    r.applyCatchUp(page(stored(1, events.slice(0, 1))));
    expect(r.applyLive({ conferenceId: 'other', events: stored(2, events.slice(1, 2)) })).toEqual({ ok: true, applied: 0 });
    expect(r.seq).toBe(1);
  });

  it('tells subscribers about every change and stops when unsubscribed', () => {
    const r = new MeetingReplica();
    const seen: number[] = [];
    const off = r.subscribe((s) => seen.push(s.eventCount));
    r.applyCatchUp(page(stored(1, events.slice(0, 2))));
    off();
    r.applyLive({ conferenceId: 'cm', events: stored(3, events.slice(2, 3)) });
    expect(seen).toEqual([2]);
  });
});

describe('ServerClock', () => {
  it('takes the largest recent offset: the sample with the least latency in it', () => {
    const c = new ServerClock();
    c.observe(10_000, 5_020);
    c.observe(20_000, 15_003);
    c.observe(30_000, 25_050);
    expect(c.offsetMs).toBe(4997);
    expect(c.now(100)).toBe(5097);
  });

  it('is the local clock until it has seen an event', () => {
    expect(new ServerClock().now(1234)).toBe(1234);
  });
});
