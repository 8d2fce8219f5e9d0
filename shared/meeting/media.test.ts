import { describe, expect, it } from 'vitest';
import { audiblePoints, pointAudio } from './selectors.js';
import { admin, CENTRAL, chair, discussing, expectEvents, expectRefused, NAM_CAN, pointOp, system, THOI_BINH, U_MINH } from './testkit.js';

describe('media-facing meeting state', () => {
  it('R-MEDIA-1: the chair chooses the layout; presiding by default', () => {
    const s = discussing();
    expect(s.state.media.layout).toBe('presiding');
    expectRefused(s.try(chair, { type: 'setLayout', mode: 'presiding' }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'setLayout', mode: 'cinema' }), 'INVALID_COMMAND');
    s.do(chair, { type: 'setLayout', mode: 'discussion' });
    expect(s.state.media.layout).toBe('discussion');
  });

  it('R-MEDIA-2: the chair spotlights a point or none', () => {
    const s = discussing();
    expectRefused(s.try(chair, { type: 'spotlightPoint', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expectRefused(s.try(chair, { type: 'spotlightPoint', pointId: null }), 'NO_CHANGE');
    s.do(chair, { type: 'spotlightPoint', pointId: U_MINH });
    expect(s.state.media.spotlightPointId).toBe(U_MINH);
    s.do(chair, { type: 'spotlightPoint', pointId: null });
    expect(s.state.media.spotlightPointId).toBeNull();
  });

  it('R-MEDIA-3: a held microphone cannot be unmuted by its point; release leaves it muted', () => {
    const s = discussing();
    s.do(admin, { type: 'updateConference', microphoneDiscipline: 'free' });
    s.do(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false });
    expect(pointAudio(s.state, THOI_BINH)).toEqual({ muted: false });
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false }), 'NO_CHANGE');
    s.do(chair, { type: 'holdMicrophone', pointId: THOI_BINH });
    expect(pointAudio(s.state, THOI_BINH)).toEqual({ muted: true, heldBy: chair });
    expectRefused(s.try(chair, { type: 'holdMicrophone', pointId: THOI_BINH }), 'NO_CHANGE');
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false }), 'MICROPHONE_HELD');
    s.do(chair, { type: 'releaseMicrophone', pointId: THOI_BINH });
    expectRefused(s.try(chair, { type: 'releaseMicrophone', pointId: THOI_BINH }), 'NO_CHANGE');
    expect(pointAudio(s.state, THOI_BINH)).toEqual({ muted: true });
    s.do(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: THOI_BINH, muted: false });
    expect(pointAudio(s.state, THOI_BINH).muted).toBe(false);
    expectRefused(s.try(chair, { type: 'holdMicrophone', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expectRefused(s.try(chair, { type: 'releaseMicrophone', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'setSelfMute', pointId: 'ghost', muted: true }), 'UNKNOWN_POINT');
    expect(pointAudio(s.state, 'ghost')).toEqual({ muted: true });
  });

  it('R-MEDIA-4: the floor opens the microphone, lifting a hold; its end closes it', () => {
    const s = discussing();
    s.do(chair, { type: 'holdMicrophone', pointId: U_MINH });
    s.do(pointOp(U_MINH), { type: 'requestFloor', id: 'r1', pointId: U_MINH, topic: 'Phòng cháy rừng', kind: 'contribution' });
    expectEvents(s.try(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' }), ['floorGranted', 'microphoneOpened']);
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    expect(pointAudio(s.state, U_MINH)).toEqual({ muted: false });
    s.do(chair, { type: 'endSpeech', speechId: 'sp1' });
    expect(pointAudio(s.state, U_MINH)).toEqual({ muted: true });
    // a point that muted itself while speaking has nothing to close
    s.do(pointOp(U_MINH), { type: 'requestFloor', id: 'r2', pointId: U_MINH, topic: 'Lần hai', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp2' });
    s.do(pointOp(U_MINH), { type: 'setSelfMute', pointId: U_MINH, muted: true });
    expectEvents(s.try(chair, { type: 'endSpeech', speechId: 'sp2' }), ['speechEnded']);
  });

  it('R-MEDIA-5: in the discussion layout only the central point and floor holders are heard', () => {
    const s = discussing();
    s.do(admin, { type: 'updateConference', microphoneDiscipline: 'free' });
    s.do(pointOp(NAM_CAN), { type: 'setSelfMute', pointId: NAM_CAN, muted: false });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'X', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1' });
    expect(audiblePoints(s.state)).toEqual([CENTRAL, THOI_BINH, NAM_CAN]);
    s.do(chair, { type: 'setLayout', mode: 'discussion' });
    expect(audiblePoints(s.state)).toEqual([CENTRAL, THOI_BINH]);
    s.do(chair, { type: 'setSelfMute', pointId: CENTRAL, muted: true });
    expect(audiblePoints(s.state)).toEqual([THOI_BINH]);
  });

  it('R-MEDIA-6: mute all but the speaker holds everyone but the central point and floor holders', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'X', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1' });
    const events = expectEvents(s.try(chair, { type: 'muteAllButSpeaker' }), ['microphoneHeld', 'microphoneHeld']);
    expect(events.map((e) => ('pointId' in e ? e.pointId : null))).toEqual([U_MINH, NAM_CAN]);
    s.apply(events);
    expectRefused(s.try(chair, { type: 'muteAllButSpeaker' }), 'NO_CHANGE');
    expect(pointAudio(s.state, THOI_BINH).muted).toBe(false);
    expect(pointAudio(s.state, CENTRAL).muted).toBe(false);
  });

  it('R-MEDIA-7: the active speaker comes from system and clears when its point goes', () => {
    const s = discussing();
    expectRefused(s.try(system, { type: 'setActiveSpeaker', pointId: 'ghost' }), 'UNKNOWN_POINT');
    s.do(system, { type: 'setActiveSpeaker', pointId: THOI_BINH });
    expectRefused(s.try(system, { type: 'setActiveSpeaker', pointId: THOI_BINH }), 'NO_CHANGE');
    expect(s.state.media.activeSpeakerPointId).toBe(THOI_BINH);
    s.do(system, { type: 'setActiveSpeaker', pointId: null });
    expect(s.state.media.activeSpeakerPointId).toBeNull();
  });
});
