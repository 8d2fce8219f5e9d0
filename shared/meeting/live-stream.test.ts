import { describe, expect, it } from 'vitest';
import { replay } from './evolve.js';
import { currentLiveStream, currentRecording, lastLiveStreamFailure } from './selectors.js';
import { admin, chair, clerk, draftConference, expectEvents, expectRefused, inSession, observer, pointOp, system, THOI_BINH } from './testkit.js';

// The live program stream (phát trực tiếp) is a command of the meeting like recording: the log
// knows when the program was public and by whose decision (R-LIVE-1..4).

describe('live program stream', () => {
  it('R-LIVE-1: the chair or the admin starts a run with its own id, from the roll-call on; a second start is NO_CHANGE; nobody else may', () => {
    const draft = draftConference();
    expectRefused(draft.try(chair, { type: 'startLiveStream' }), 'WRONG_STATUS');
    const s = inSession();
    for (const p of [clerk, observer, pointOp(THOI_BINH), system]) expectRefused(s.try(p, { type: 'startLiveStream' }), 'FORBIDDEN');
    expectRefused(s.try(chair, { type: 'startLiveStream', rtmp: 'rtmp://x' }), 'INVALID_COMMAND');
    const [started] = expectEvents(s.try(chair, { type: 'startLiveStream', id: 'live1' }), ['liveStreamStarted']);
    expect(started).toMatchObject({ streamId: 'live1', by: chair });
    s.apply([started!]);
    expect(currentLiveStream(s.state)).toMatchObject({ id: 'live1', startedBy: chair, stoppedAt: null });
    // Independent of recording: streaming does not record, and the reverse.
    expect(currentRecording(s.state)).toBeNull();
    expectRefused(s.try(admin, { type: 'startLiveStream' }), 'NO_CHANGE');
    s.tick(10).do(admin, { type: 'stopLiveStream' });
    expectRefused(s.try(chair, { type: 'startLiveStream', id: 'live1' }), 'DUPLICATE_ID');
  });

  it('R-LIVE-2: people stop with "requested", the server only when its publisher failed; nothing running is NO_CHANGE', () => {
    const s = inSession();
    expectRefused(s.try(chair, { type: 'stopLiveStream' }), 'NO_CHANGE');
    s.do(chair, { type: 'startLiveStream', id: 'live1' });
    expectRefused(s.try(chair, { type: 'stopLiveStream', reason: 'publisherFailed' }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'stopLiveStream' }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'stopLiveStream', reason: 'conferenceClosed' }), 'INVALID_COMMAND');
    expectRefused(s.try(clerk, { type: 'stopLiveStream' }), 'FORBIDDEN');
    s.do(system, { type: 'stopLiveStream', reason: 'publisherFailed' });
    expect(currentLiveStream(s.state)).toBeNull();
    expect(lastLiveStreamFailure(s.state)?.id).toBe('live1');
    s.do(chair, { type: 'startLiveStream', id: 'live2' });
    expect(lastLiveStreamFailure(s.state)).toBeNull();
  });

  it('R-LIVE-3: closing the conference stops the live stream (and the recording) before the status changes', () => {
    const s = inSession();
    s.do(chair, { type: 'startRecording', id: 'rec1' });
    s.do(chair, { type: 'startLiveStream', id: 'live1' });
    s.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    expect(currentLiveStream(s.state)?.id).toBe('live1');
    const events = expectEvents(s.try(admin, { type: 'setConferenceStatus', status: 'closed' }), ['recordingStopped', 'liveStreamStopped', 'conferenceStatusChanged']);
    expect(events[1]).toMatchObject({ streamId: 'live1', reason: 'conferenceClosed' });
  });

  it('R-LIVE-4: every run keeps start, stop, who and why; replaying the log gives the same runs; a stop of another run changes nothing', () => {
    const s = inSession();
    s.do(chair, { type: 'startLiveStream', id: 'live1' });
    s.tick(30).do(chair, { type: 'stopLiveStream' });
    s.tick(30).do(admin, { type: 'startLiveStream', id: 'live2' });
    expect(replay(s.log).liveStreams).toEqual(s.state.liveStreams);
    expect(s.state.liveStreams[0]).toMatchObject({ id: 'live1', stoppedBy: chair, stopReason: 'requested' });
    s.apply([{ type: 'liveStreamStopped', at: s.now, by: chair, streamId: 'live1', reason: 'requested' }]);
    expect(currentLiveStream(s.state)?.id).toBe('live2');
  });
});
