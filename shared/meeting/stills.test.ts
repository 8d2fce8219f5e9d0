import { describe, expect, it } from 'vitest';
import { attendeePointsOf, projectEvent, projectState } from './read-projection.js';
import { readScopeOf } from './read-policy.js';
import { stillCaption, stillsForMinutes, stillsInOrder } from './selectors.js';
import { admin, CENTRAL, chair, clerk, discussing, draftConference, expectEvents, expectRefused, inSession, observer, pointOp, system, THOI_BINH } from './testkit.js';

const picture = { width: 640, height: 360, bytes: 21_000 };

/** A discussion with Thới Bình's delegate holding the floor (speech `sp-tb`). */
function thoiBinhSpeaking() {
  const s = discussing();
  s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'rq-tb', pointId: THOI_BINH, delegateName: 'Lê Minh Hùng', delegatePosition: 'Chủ tịch HĐND huyện', topic: 'Nông thôn mới', kind: 'contribution' });
  s.tick(5).do(chair, { type: 'grantFloor', requestId: 'rq-tb', speechId: 'sp-tb' });
  return s;
}

describe('stills', () => {
  it('R-STILL-1: the chair, the clerk or the admin records a still of a point or of the program; who, when, of what is logged', () => {
    const s = inSession();
    s.tick(30);
    const [taken] = expectEvents(s.try(clerk, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), ['stillTaken']);
    expect(taken).toMatchObject({ stillId: 'st1', source: 'point', trigger: 'request', pointId: THOI_BINH, at: s.now, by: clerk, ...picture });
    s.apply([taken!]);
    s.do(chair, { type: 'recordStill', id: 'st2', source: 'program', pointId: CENTRAL, ...picture });
    s.do(admin, { type: 'recordStill', id: 'st3', source: 'point', pointId: CENTRAL, ...picture });
    expect(stillsInOrder(s.state).map((x) => [x.id, x.source, x.by.role])).toEqual([
      ['st1', 'point', 'clerk'],
      ['st2', 'program', 'chair'],
      ['st3', 'point', 'admin'],
    ]);
    expectRefused(s.try(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), 'DUPLICATE_ID');
    expectRefused(s.try(chair, { type: 'recordStill', id: 'st9', source: 'point', pointId: 'nowhere', ...picture }), 'UNKNOWN_POINT');
    for (const p of [observer, pointOp(THOI_BINH)]) expectRefused(s.try(p, { type: 'recordStill', id: 'st9', source: 'point', pointId: THOI_BINH, ...picture }), 'FORBIDDEN');
    expectRefused(s.try(chair, { type: 'recordStill', id: 'st9', source: 'room', pointId: THOI_BINH, ...picture }), 'INVALID_COMMAND');
    expectRefused(s.try(chair, { type: 'recordStill', id: 'st9', source: 'point', pointId: THOI_BINH, ...picture, width: 0 }), 'INVALID_COMMAND');
  });

  it('R-STILL-1: from the roll-call until the record is closed', () => {
    const draft = draftConference();
    expectRefused(draft.try(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), 'WRONG_STATUS');
    draft.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    draft.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    expectEvents(draft.try(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), ['stillTaken']);
    draft.do(admin, { type: 'setConferenceStatus', status: 'inSession' });
    draft.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    expectEvents(draft.try(clerk, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), ['stillTaken']);
    draft.do(admin, { type: 'setConferenceStatus', status: 'closed' });
    expectRefused(draft.try(clerk, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), 'CONFERENCE_CLOSED');
  });

  it('R-STILL-2: the server takes one still at a speech\'s start, naming the speech; only the server names one', () => {
    const s = thoiBinhSpeaking();
    expectRefused(s.try(system, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), 'FORBIDDEN');
    expectRefused(s.try(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, speechId: 'sp-tb', ...picture }), 'FORBIDDEN');
    expectRefused(s.try(system, { type: 'recordStill', id: 'st1', source: 'point', pointId: CENTRAL, speechId: 'sp-tb', ...picture }), 'UNKNOWN_SPEECH');
    expectRefused(s.try(system, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, speechId: 'sp-none', ...picture }), 'UNKNOWN_SPEECH');
    const [taken] = expectEvents(s.try(system, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, speechId: 'sp-tb', ...picture }), ['stillTaken']);
    expect(taken).toMatchObject({ trigger: 'speechStart', speechId: 'sp-tb', by: system });
    s.apply([taken!]);
    expectRefused(s.try(system, { type: 'recordStill', id: 'st2', source: 'point', pointId: THOI_BINH, speechId: 'sp-tb', ...picture }), 'NO_CHANGE');
  });

  it('R-STILL-3: a still records the step running and the speaker at its point, none between speeches', () => {
    const s = thoiBinhSpeaking();
    const [atSpeaker] = expectEvents(s.try(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture }), ['stillTaken']);
    expect(atSpeaker).toMatchObject({ speechId: 'sp-tb', speakerName: 'Lê Minh Hùng', speakerPosition: 'Chủ tịch HĐND huyện', stepId: 'st-discuss', topic: 'Nông thôn mới' });
    const [elsewhere] = expectEvents(s.try(chair, { type: 'recordStill', id: 'st2', source: 'point', pointId: CENTRAL, ...picture }), ['stillTaken']);
    expect(elsewhere).toMatchObject({ speechId: null, speakerName: null, stepId: 'st-discuss' });
    s.tick(60).do(chair, { type: 'endSpeech', speechId: 'sp-tb' });
    const [after] = expectEvents(s.try(chair, { type: 'recordStill', id: 'st3', source: 'point', pointId: THOI_BINH, ...picture }), ['stillTaken']);
    expect(after).toMatchObject({ speechId: null, speakerName: null });
    // A directive speech's still carries the panel member.
    s.do(chair, { type: 'startDirectiveSpeech', id: 'sp-hai', memberId: 'pm-hai' });
    const [directive] = expectEvents(s.try(system, { type: 'recordStill', id: 'st4', source: 'point', pointId: CENTRAL, speechId: 'sp-hai', ...picture }), ['stillTaken']);
    expect(directive).toMatchObject({ speakerName: 'Nguyễn Tiến Hải', speakerPosition: 'Bí thư Tỉnh ủy' });
  });

  it('R-STILL-4: the clerk, the chair or the admin chooses stills for the minutes, with a caption kept until replaced', () => {
    const s = inSession();
    s.do(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: CENTRAL, ...picture });
    s.do(chair, { type: 'recordStill', id: 'st2', source: 'point', pointId: THOI_BINH, ...picture });
    expect(stillsForMinutes(s.state)).toEqual([]);
    const [chosen] = expectEvents(s.try(clerk, { type: 'selectStillForMinutes', stillId: 'st2', inMinutes: true, caption: 'Quang cảnh điểm cầu Thới Bình.' }), ['stillSelected']);
    expect(chosen).toMatchObject({ stillId: 'st2', inMinutes: true, caption: 'Quang cảnh điểm cầu Thới Bình.', by: clerk });
    s.apply([chosen!]);
    s.do(admin, { type: 'selectStillForMinutes', stillId: 'st1', inMinutes: true });
    expect(stillsForMinutes(s.state).map((x) => x.id)).toEqual(['st1', 'st2']);
    expectRefused(s.try(chair, { type: 'selectStillForMinutes', stillId: 'st2', inMinutes: true }), 'NO_CHANGE');
    s.do(chair, { type: 'selectStillForMinutes', stillId: 'st2', inMinutes: false });
    expect(s.state.stills['st2']).toMatchObject({ inMinutes: false, caption: 'Quang cảnh điểm cầu Thới Bình.' });
    expectRefused(s.try(chair, { type: 'selectStillForMinutes', stillId: 'nope', inMinutes: true }), 'UNKNOWN_STILL');
    for (const p of [observer, pointOp(THOI_BINH), system]) expectRefused(s.try(p, { type: 'selectStillForMinutes', stillId: 'st1', inMinutes: false }), 'FORBIDDEN');
    expectRefused(s.try(chair, { type: 'selectStillForMinutes', stillId: 'st1', inMinutes: true, caption: '' }), 'INVALID_COMMAND');
  });

  it('R-STILL-5: default captions in the press report\'s words; a chosen caption replaces them', () => {
    const s = thoiBinhSpeaking();
    s.do(chair, { type: 'recordStill', id: 'room', source: 'point', pointId: CENTRAL, ...picture });
    s.do(system, { type: 'recordStill', id: 'tb', source: 'point', pointId: THOI_BINH, speechId: 'sp-tb', ...picture });
    s.tick(60).do(chair, { type: 'endSpeech', speechId: 'sp-tb' });
    s.do(chair, { type: 'recordStill', id: 'district', source: 'point', pointId: THOI_BINH, ...picture });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'rq-2', pointId: THOI_BINH, topic: 'Kiến nghị', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'rq-2', speechId: 'sp-2' });
    s.do(system, { type: 'recordStill', id: 'rep', source: 'point', pointId: THOI_BINH, speechId: 'sp-2', ...picture });
    s.do(chair, { type: 'startDirectiveSpeech', id: 'sp-hai', memberId: 'pm-hai' });
    s.do(system, { type: 'recordStill', id: 'hai', source: 'point', pointId: CENTRAL, speechId: 'sp-hai', ...picture });
    const caption = (id: string) => stillCaption(s.state, s.state.stills[id]!);
    expect(caption('room')).toBe('Quang cảnh Hội nghị tại điểm cầu trung tâm.');
    expect(caption('district')).toBe('Quang cảnh Hội nghị tại điểm cầu Huyện Thới Bình.');
    expect(caption('tb')).toBe('Đồng chí Lê Minh Hùng, Chủ tịch HĐND huyện phát biểu tại Hội nghị.');
    expect(caption('rep')).toBe('Đại diện điểm cầu Huyện Thới Bình phát biểu tại Hội nghị.');
    expect(caption('hai')).toBe('Đồng chí Nguyễn Tiến Hải, Bí thư Tỉnh ủy phát biểu chỉ đạo tại Hội nghị.');
    s.do(clerk, { type: 'selectStillForMinutes', stillId: 'room', inMinutes: true, caption: 'Ảnh: Toàn cảnh hội trường.' });
    expect(caption('room')).toBe('Toàn cảnh hội trường.');
  });

  it('R-READ-7: stills are read as the notes: not by a point, by an observer only while the reports are theirs', () => {
    const s = inSession();
    const [taken] = s.do(chair, { type: 'recordStill', id: 'st1', source: 'point', pointId: THOI_BINH, ...picture });
    const point = readScopeOf(s.state, pointOp(THOI_BINH));
    expect(projectEvent(taken!, point, attendeePointsOf(s.state))).toBeNull();
    expect(projectState(s.state, point).stills).toEqual({});
    expect(projectState(s.state, readScopeOf(s.state, observer)).stillOrder).toEqual([]);
    s.do(admin, { type: 'setObserverExport', allowed: true });
    const watcher = readScopeOf(s.state, observer);
    expect(projectEvent(taken!, watcher, attendeePointsOf(s.state))).toEqual(taken);
    expect(projectState(s.state, watcher).stillOrder).toEqual(['st1']);
    expect(projectState(s.state, readScopeOf(s.state, clerk)).stills['st1']).toBeDefined();
  });
});
