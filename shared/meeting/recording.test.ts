import { describe, expect, it } from 'vitest';
import { replay } from './evolve.js';
import { currentRecording, recordingTimeOf, lastRecordingFailure } from './selectors.js';
import { admin, chair, clerk, draftConference, expectEvents, expectRefused, inSession, observer, pointOp, system, THOI_BINH } from './testkit.js';

describe('recording', () => {
  it('R-REC-1: the chair or the admin starts a run with its own id; a second start is NO_CHANGE', () => {
    const s = inSession();
    const [started] = expectEvents(s.try(chair, { type: 'startRecording', id: 'rec1' }), ['recordingStarted']);
    expect(started).toMatchObject({ recordingId: 'rec1', by: chair });
    s.apply([started!]);
    expect(currentRecording(s.state)).toMatchObject({ id: 'rec1', startedAt: s.now, startedBy: chair, stoppedAt: null });
    expectRefused(s.try(admin, { type: 'startRecording' }), 'NO_CHANGE');
    s.tick(60).do(chair, { type: 'stopRecording' });
    expectRefused(s.try(admin, { type: 'startRecording', id: 'rec1' }), 'DUPLICATE_ID');
    s.do(admin, { type: 'startRecording' });
    const ids = s.state.recordings.map((r) => [r.id, r.startedBy.role]);
    expect(ids[0]).toEqual(['rec1', 'chair']);
    expect(ids[1]![1]).toBe('admin');
    expect(ids[1]![0]).not.toBe('rec1');
  });

  it('R-REC-1: only from the roll-call until the record is closed, and never by a clerk, a point, an observer or the server', () => {
    const draft = draftConference();
    expectRefused(draft.try(chair, { type: 'startRecording' }), 'WRONG_STATUS');
    draft.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    expectRefused(draft.try(admin, { type: 'startRecording' }), 'WRONG_STATUS');
    draft.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    expectEvents(draft.try(chair, { type: 'startRecording' }), ['recordingStarted']);
    for (const p of [clerk, observer, pointOp(THOI_BINH), system]) expectRefused(draft.try(p, { type: 'startRecording' }), 'FORBIDDEN');
    expectRefused(draft.try(chair, { type: 'startRecording', extra: 1 }), 'INVALID_COMMAND');
  });

  it('R-REC-2: people stop with "requested", the server only for storage or recorder failure; nothing running is NO_CHANGE', () => {
    const s = inSession();
    expectRefused(s.try(chair, { type: 'stopRecording' }), 'NO_CHANGE');
    s.do(chair, { type: 'startRecording', id: 'rec1' });
    expectRefused(s.try(chair, { type: 'stopRecording', reason: 'storageFull' }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'stopRecording' }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'stopRecording', reason: 'requested' }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'stopRecording', reason: 'conferenceClosed' }), 'INVALID_COMMAND');
    expectRefused(s.try(clerk, { type: 'stopRecording' }), 'FORBIDDEN');
    const [byAdmin] = expectEvents(s.try(admin, { type: 'stopRecording' }), ['recordingStopped']);
    expect(byAdmin).toMatchObject({ recordingId: 'rec1', reason: 'requested' });
    s.tick(5).do(system, { type: 'stopRecording', reason: 'storageFull' });
    expect(s.state.recordings[0]).toMatchObject({ stoppedAt: s.now, stoppedBy: system, stopReason: 'storageFull' });
    expect(currentRecording(s.state)).toBeNull();
    expect(lastRecordingFailure(s.state)?.id).toBe('rec1');
    s.do(chair, { type: 'startRecording', id: 'rec2' });
    expect(lastRecordingFailure(s.state)).toBeNull();
  });

  it('R-REC-3: closing the conference stops the running recording before the status changes', () => {
    const s = inSession();
    s.do(chair, { type: 'startRecording', id: 'rec1' });
    s.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    expect(currentRecording(s.state)?.id).toBe('rec1');
    const events = expectEvents(s.try(admin, { type: 'setConferenceStatus', status: 'closed' }), ['recordingStopped', 'conferenceStatusChanged']);
    expect(events[0]).toMatchObject({ recordingId: 'rec1', reason: 'conferenceClosed', by: admin });
  });

  it('R-REC-4: every run keeps start, stop, who and why; replaying the log gives the same runs; a stop of another run changes nothing', () => {
    const s = inSession();
    s.do(chair, { type: 'startRecording', id: 'rec1' });
    s.tick(30).do(chair, { type: 'stopRecording' });
    s.tick(30).do(admin, { type: 'startRecording', id: 'rec2' });
    expect(replay(s.log).recordings).toEqual(s.state.recordings);
    expect(s.state.recordings[0]).toMatchObject({ id: 'rec1', stoppedBy: chair, stopReason: 'requested' });
    expect(currentRecording(s.state)?.id).toBe('rec2');
    const stray = { type: 'recordingStopped' as const, at: s.now, by: chair, recordingId: 'rec1', reason: 'requested' as const };
    s.apply([stray]);
    expect(currentRecording(s.state)?.id).toBe('rec2');
  });

  it('R-REC-5: an instant is in the run going on then, at the time since its start; before, between and after runs it is not recorded', () => {
    const s = inSession();
    const before = s.now;
    s.tick(10).do(chair, { type: 'startRecording', id: 'rec1' });
    const start1 = s.now;
    s.tick(60).do(chair, { type: 'stopRecording' });
    const stop1 = s.now;
    s.tick(60).do(chair, { type: 'startRecording', id: 'rec2' });
    const start2 = s.now;
    s.tick(90);
    expect(recordingTimeOf(s.state, before)).toBeNull();
    expect(recordingTimeOf(s.state, start1)).toEqual({ recordingId: 'rec1', run: 1, offsetMs: 0 });
    expect(recordingTimeOf(s.state, stop1 - 1)).toEqual({ recordingId: 'rec1', run: 1, offsetMs: stop1 - 1 - start1 });
    expect(recordingTimeOf(s.state, stop1)).toBeNull();
    expect(recordingTimeOf(s.state, start2 + 45_000)).toEqual({ recordingId: 'rec2', run: 2, offsetMs: 45_000 });
  });
});
