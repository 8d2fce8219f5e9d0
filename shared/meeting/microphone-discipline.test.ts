import { describe, expect, it } from 'vitest';
import { audiblePoints, microphoneBlock, pointAudio } from './selectors.js';
import { admin, CENTRAL, chair, discussing, expectEvents, expectRefused, NAM_CAN, pointOp, THOI_BINH, U_MINH } from './testkit.js';

// Who opens a point's microphone: the chair (by the floor, or for a moment), or the point itself.

describe('microphone discipline', () => {
  it('R-MEDIA-8: by default a point cannot open its microphone while another has the floor, and is not heard', () => {
    const s = discussing();
    expect(s.state.conference?.microphoneDiscipline).toBe('chairGrants');
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'Nông nghiệp', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    expectRefused(s.try(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false }), 'MICROPHONE_NOT_GRANTED');
    expect(microphoneBlock(s.state, U_MINH)).toBe('notGranted');
    // the floor holder opens and closes its own; the central point's is the chair's own
    expect(microphoneBlock(s.state, THOI_BINH)).toBeNull();
    s.do(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: true });
    s.do(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false });
    expect(microphoneBlock(s.state, CENTRAL)).toBeNull();
    // muting is always allowed
    expectRefused(s.try(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: true }), 'NO_CHANGE');
    expect(audiblePoints(s.state)).toEqual([CENTRAL, THOI_BINH]);
    s.do(chair, { type: 'endSpeech', speechId: 'sp1' });
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false }), 'MICROPHONE_NOT_GRANTED');
  });

  it('R-MEDIA-8: free lets a point open its own; switching back to chairGrants closes it and silences it', () => {
    const s = discussing();
    s.do(admin, { type: 'updateConference', microphoneDiscipline: 'free' });
    expect(microphoneBlock(s.state, NAM_CAN)).toBeNull();
    s.do(pointOp(NAM_CAN), { type: 'setSelfMute', pointId: NAM_CAN, muted: false });
    expect(audiblePoints(s.state)).toEqual([CENTRAL, NAM_CAN]);
    const events = expectEvents(s.try(admin, { type: 'updateConference', microphoneDiscipline: 'chairGrants' }), ['conferenceUpdated', 'microphoneClosed']);
    expect(events[1]).toMatchObject({ pointId: NAM_CAN });
    s.apply(events);
    expect(pointAudio(s.state, NAM_CAN)).toEqual({ muted: true });
    expect(audiblePoints(s.state)).toEqual([CENTRAL]);
    expectRefused(s.try(admin, { type: 'updateConference', microphoneDiscipline: 'chairGrants' }), 'NO_CHANGE');
    expectRefused(s.try(admin, { type: 'updateConference', microphoneDiscipline: 'open' }), 'INVALID_COMMAND');
    expectRefused(s.try(chair, { type: 'updateConference', microphoneDiscipline: 'free' }), 'FORBIDDEN');
  });

  it('R-MEDIA-9: the chair gives one point the microphone for a moment, then closes it', () => {
    const s = discussing();
    expectEvents(s.try(chair, { type: 'giveMicrophone', pointId: U_MINH }), ['microphoneGiven']);
    s.do(chair, { type: 'giveMicrophone', pointId: U_MINH });
    expect(pointAudio(s.state, U_MINH)).toEqual({ muted: false });
    expect(audiblePoints(s.state)).toEqual([CENTRAL, U_MINH]);
    // the point may close and reopen it during its moment
    s.do(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: true });
    s.do(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false });
    expectRefused(s.try(chair, { type: 'giveMicrophone', pointId: U_MINH }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'giveMicrophone', pointId: CENTRAL }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'giveMicrophone', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expectRefused(s.try(pointOp(U_MINH), { type: 'giveMicrophone', pointId: U_MINH }), 'FORBIDDEN');
    // one at a time: giving it to another point closes the last one's
    const moved = expectEvents(s.try(chair, { type: 'giveMicrophone', pointId: NAM_CAN }), ['microphoneClosed', 'microphoneGiven']);
    expect(moved[0]).toMatchObject({ pointId: U_MINH });
    s.apply(moved);
    expect(audiblePoints(s.state)).toEqual([CENTRAL, NAM_CAN]);
    expectRefused(s.try(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false }), 'MICROPHONE_NOT_GRANTED');
    // closing it ends the moment
    s.do(chair, { type: 'closeMicrophone', pointId: NAM_CAN });
    expect(s.state.media.microphoneGivenTo).toBeNull();
    expectRefused(s.try(pointOp(NAM_CAN), { type: 'setSelfMute', pointId: NAM_CAN, muted: false }), 'MICROPHONE_NOT_GRANTED');
    expectRefused(s.try(chair, { type: 'closeMicrophone', pointId: NAM_CAN }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'closeMicrophone', pointId: CENTRAL }), 'NOT_YOUR_POINT');
  });

  it('R-MEDIA-9: holding or adjourning takes back the microphone the chair gave; a floor keeps its own open', () => {
    const s = discussing();
    s.do(chair, { type: 'giveMicrophone', pointId: U_MINH });
    s.do(chair, { type: 'holdMicrophone', pointId: U_MINH });
    expect(s.state.media.microphoneGivenTo).toBeNull();
    s.do(chair, { type: 'releaseMicrophone', pointId: U_MINH });
    expectRefused(s.try(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: false }), 'MICROPHONE_NOT_GRANTED');
    // a floor holder given the microphone keeps it open when the moment passes to another point
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'X', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    s.do(chair, { type: 'giveMicrophone', pointId: THOI_BINH });
    expectEvents(s.try(chair, { type: 'giveMicrophone', pointId: NAM_CAN }), ['microphoneGiven']);
    s.do(chair, { type: 'giveMicrophone', pointId: NAM_CAN });
    expect(pointAudio(s.state, THOI_BINH).muted).toBe(false);
    const adjourn = expectEvents(s.try(chair, { type: 'setConferenceStatus', status: 'adjourned' }), [
      'speechEnded',
      'microphoneClosed',
      'microphoneClosed',
      'agendaStepEnded',
      'queueClosed',
      'conferenceStatusChanged',
    ]);
    s.apply(adjourn);
    expect(s.state.media.microphoneGivenTo).toBeNull();
    expect(audiblePoints(s.state)).toEqual([CENTRAL]);
  });
});
