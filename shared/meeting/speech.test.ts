import { describe, expect, it } from 'vitest';
import { pointSpeechStats, speechState, speechView, spokenMs } from './selectors.js';
import type { Scenario} from './testkit.js';
import { admin, chair, discussing, expectEvents, expectRefused, pointOp, THOI_BINH, U_MINH } from './testkit.js';
import { DEFAULT_SPEAKING_LIMITS } from './state.js';
import { entryOf } from './buckets.js';

function speaking(pointId = THOI_BINH, requestId = 'r1', speechId = 'sp1'): Scenario {
  const s = discussing();
  s.do(pointOp(pointId), { type: 'requestFloor', id: requestId, pointId, topic: 'Nông thôn mới', kind: 'contribution' });
  s.do(chair, { type: 'grantFloor', requestId, speechId });
  return s;
}

describe('speeches', () => {
  it('R-SPEECH-1: a speech stores begin, pauses and end; its phase is derived', () => {
    const s = speaking();
    const begin = s.now;
    s.tick(40).do(chair, { type: 'pauseSpeech', speechId: 'sp1' });
    expect(speechState(entryOf(s.state.speeches, 'sp1')!, s.now).phase).toBe('paused');
    s.tick(20).do(chair, { type: 'resumeSpeech', speechId: 'sp1' });
    expect(speechState(entryOf(s.state.speeches, 'sp1')!, s.now).phase).toBe('speaking');
    s.tick(10).do(chair, { type: 'endSpeech', speechId: 'sp1' });
    const sp = entryOf(s.state.speeches, 'sp1')!;
    expect(sp).toMatchObject({ begin, end: begin + 70_000, pauses: [{ from: begin + 40_000, to: begin + 60_000 }] });
    expect(speechState(sp, s.now + 999_999).phase).toBe('ended');
  });

  it('R-SPEECH-2: time spoken excludes pauses; remaining is limit minus spoken', () => {
    const s = speaking();
    s.tick(100).do(chair, { type: 'pauseSpeech', speechId: 'sp1' });
    s.tick(500);
    const paused = speechState(entryOf(s.state.speeches, 'sp1')!, s.now);
    expect(paused.spokenMs).toBe(100_000);
    expect(paused.remainingMs).toBe(200_000);
    s.do(chair, { type: 'resumeSpeech', speechId: 'sp1' });
    expect(spokenMs(entryOf(s.state.speeches, 'sp1')!, s.now + 50_000)).toBe(150_000);
  });

  it('R-SPEECH-3: the limit is fixed when the speech begins', () => {
    const s = speaking();
    s.do(admin, { type: 'setSpeakingLimits', limits: { ...DEFAULT_SPEAKING_LIMITS, contribution: 60 } });
    expect(entryOf(s.state.speeches, 'sp1')?.limitSeconds).toBe(300);
    s.do(pointOp(U_MINH), { type: 'requestFloor', id: 'r2', pointId: U_MINH, topic: 'X', kind: 'reply' });
    s.do(chair, { type: 'endSpeech', speechId: 'sp1' });
    s.do(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp2' });
    expect(entryOf(s.state.speeches, 'sp2')?.limitSeconds).toBe(DEFAULT_SPEAKING_LIMITS.reply);
  });

  it('R-SPEECH-4: warning from 30 s before the end, overtime past it', () => {
    const s = speaking();
    const sp = () => entryOf(s.state.speeches, 'sp1')!;
    expect(speechState(sp(), s.now + 269_000)).toMatchObject({ warning: false, overtime: false, remainingMs: 31_000 });
    expect(speechState(sp(), s.now + 270_000)).toMatchObject({ warning: true, overtime: false });
    expect(speechState(sp(), s.now + 301_000)).toMatchObject({ warning: true, overtime: true, remainingMs: -1_000 });
    expect(speechState(sp(), s.now + 280_000, 5)).toMatchObject({ warning: false });
    // the conference's own threshold applies through speechView
    s.do(admin, { type: 'setSpeakingLimits', limits: { ...DEFAULT_SPEAKING_LIMITS, warningSeconds: 60 } });
    expect(speechView(s.state, 'sp1', s.now + 245_000)).toMatchObject({ phase: 'speaking', warning: true, speech: { id: 'sp1' } });
    expect(speechView(s.state, 'ghost', s.now)).toBeNull();
  });

  it('R-SPEECH-5: who ends a speech, and what cannot be done to a paused or ended one', () => {
    const s = speaking();
    expectRefused(s.try(chair, { type: 'resumeSpeech', speechId: 'sp1' }), 'SPEECH_NOT_PAUSED');
    s.do(chair, { type: 'pauseSpeech', speechId: 'sp1' });
    expectRefused(s.try(chair, { type: 'pauseSpeech', speechId: 'sp1' }), 'SPEECH_PAUSED');
    expectRefused(s.try(chair, { type: 'pauseSpeech', speechId: 'ghost' }), 'UNKNOWN_SPEECH');
    expectEvents(s.try(pointOp(THOI_BINH), { type: 'endSpeech', speechId: 'sp1' }), ['speechEnded', 'microphoneClosed']);
    s.do(chair, { type: 'endSpeech', speechId: 'sp1' });
    // an ended speech's open pause is closed at its end
    expect(entryOf(s.state.speeches, 'sp1')?.pauses.at(-1)?.to).toBe(s.now);
    for (const c of [
      { type: 'endSpeech', speechId: 'sp1' },
      { type: 'pauseSpeech', speechId: 'sp1' },
      { type: 'resumeSpeech', speechId: 'sp1' },
      { type: 'extendSpeech', speechId: 'sp1', seconds: 60 },
    ] as const) {
      expectRefused(s.try(chair, c), 'SPEECH_ENDED');
    }
    s.do(chair, { type: 'startDirectiveSpeech', id: 'd1', memberId: 'pm-hai' });
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'endSpeech', speechId: 'd1' }), 'FORBIDDEN');
    expectEvents(s.try(chair, { type: 'endSpeech', speechId: 'd1' }), ['speechEnded']);
  });

  it('R-SPEECH-6: per point, the number of speeches and the time spoken', () => {
    const s = speaking(THOI_BINH, 'r1', 'sp1');
    s.tick(120).do(chair, { type: 'endSpeech', speechId: 'sp1' });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r2', pointId: THOI_BINH, topic: 'Lần hai', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp2' });
    s.tick(45);
    const stats = pointSpeechStats(s.state, s.now);
    expect(stats[THOI_BINH]).toEqual({ count: 2, totalMs: 165_000 });
    expect(stats[U_MINH]).toEqual({ count: 0, totalMs: 0 });
  });

  it('R-SPEECH-7: the chair extends a limited speech; an unlimited one cannot be extended', () => {
    const s = speaking();
    s.do(chair, { type: 'extendSpeech', speechId: 'sp1', seconds: 60 });
    s.do(chair, { type: 'extendSpeech', speechId: 'sp1', seconds: 30 });
    expect(speechState(entryOf(s.state.speeches, 'sp1')!, s.now).limitMs).toBe(390_000);
    expectRefused(s.try(chair, { type: 'extendSpeech', speechId: 'sp1', seconds: 0 }), 'INVALID_COMMAND');
    s.do(chair, { type: 'startDirectiveSpeech', id: 'd1', memberId: 'pm-hai' });
    expectRefused(s.try(chair, { type: 'extendSpeech', speechId: 'd1', seconds: 60 }), 'NO_CHANGE');
    expect(speechState(entryOf(s.state.speeches, 'd1')!, s.now + 3_600_000)).toMatchObject({ limitMs: null, remainingMs: null, warning: false });
  });
});
