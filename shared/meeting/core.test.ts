import { describe, expect, it } from 'vitest';
import { CommandSchema, EventSchema } from '../protocol/index.js';
import { decide } from './decide.js';
import { evolve, replay } from './evolve.js';
import { emptyState, type MeetingState } from './state.js';
import { admin, chair, ctx, discussing, expectRefused, inSession, pointOp, THOI_BINH } from './testkit.js';
import { entryOf } from './buckets.js';

describe('purity and robustness of the core', () => {
  it('R-CORE-2: decide never throws on garbage; unknown types and extra fields are INVALID_COMMAND', () => {
    const s = inSession().state;
    const garbage: unknown[] = [null, undefined, 42, 'openQueue', [], {}, { type: 'nope' }, { type: 'openQueue', extra: 1 }, { type: 'grantFloor' }, { type: 'requestFloor', pointId: 'x'.repeat(65), topic: 't', kind: 'contribution' }, { type: 'updateConference', title: 'x'.repeat(501) }];
    for (const g of garbage) expectRefused(decide(s, g, ctx(chair)), 'INVALID_COMMAND');
  });

  it('R-CORE-2: a malformed ctx or a bad id source is INVALID_CONTEXT', () => {
    const s = emptyState();
    const cmd = { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'U', venue: 'V' };
    expectRefused(decide(s, cmd, { now: 1, principal: { role: 'point' }, newId: () => 'a' } as never), 'INVALID_CONTEXT');
    expectRefused(decide(s, cmd, { now: -1, principal: admin, newId: () => 'a' }), 'INVALID_CONTEXT');
    expectRefused(decide(s, cmd, { now: 1.5, principal: admin, newId: () => 'a' }), 'INVALID_CONTEXT');
    expectRefused(decide(s, cmd, undefined as never), 'INVALID_CONTEXT');
    expectRefused(decide(s, cmd, { now: 1, principal: { role: 'root' }, newId: () => 'a' } as never), 'INVALID_CONTEXT');
    expectRefused(decide(s, cmd, { now: 1, principal: admin, newId: () => 'has space' }), 'INVALID_CONTEXT');
  });

  it('R-CORE-2: a state that is not a meeting state is INTERNAL_ERROR, not a throw', () => {
    const broken = { conference: { status: 'inSession' } } as unknown as MeetingState;
    expectRefused(decide(broken, { type: 'openQueue' }, ctx(chair)), 'INTERNAL_ERROR');
  });

  it('R-CORE-3: evolve does not mutate its input and replay equals the live state', () => {
    const s = discussing();
    const frozen = JSON.stringify(s.state);
    const before = s.state;
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'X', kind: 'contribution' });
    expect(JSON.stringify(before)).toBe(frozen);
    expect(replay(s.log)).toEqual(s.state);
    expect(s.state.eventCount).toBe(s.log.length);
  });

  it('R-CORE-3: an event naming something that is gone is a recorded no-op, not a crash', () => {
    const s = inSession().state;
    const next = evolve(s, { type: 'speechPaused', at: 1, by: chair, speechId: 'ghost' });
    expect(next.speeches).toBe(s.speeches);
    expect(next.eventCount).toBe(s.eventCount + 1);
  });

  it('R-CORE-4: every event carries at and by and validates against EventSchema', () => {
    const s = discussing();
    expect(s.log.length).toBeGreaterThan(10);
    for (const e of s.log) {
      expect(EventSchema.safeParse(e).success).toBe(true);
      expect(typeof e.at).toBe('number');
      expect(e.by.role).toBeDefined();
    }
  });

  it('R-CORE-5: text typed in NFD is recorded in NFC', () => {
    const s = discussing();
    const nfd = 'Sạt lở bờ sông Thới Bình'.normalize('NFD');
    expect(CommandSchema.safeParse({ type: 'requestFloor', pointId: THOI_BINH, topic: nfd, kind: 'contribution' }).success).toBe(true);
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: nfd, kind: 'contribution' });
    expect(entryOf(s.state.queue.requests, 'r1')?.topic).toBe('Sạt lở bờ sông Thới Bình'.normalize('NFC'));
    // and an NFD-typed point name is the same name as the NFC one
    expectRefused(s.try(admin, { type: 'addPoint', name: 'Huyện Thới Bình'.normalize('NFD'), kind: 'district' }), 'DUPLICATE_NAME');
  });

  it('R-CORE-7: a command that changes nothing is NO_CHANGE', () => {
    const s = discussing();
    expectRefused(s.try(chair, { type: 'openQueue' }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'lowerAll' }), 'NO_CHANGE');
  });
});
