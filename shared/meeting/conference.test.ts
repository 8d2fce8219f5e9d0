import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { ERROR_CODES } from './errors.js';
import { floorHolders } from './selectors.js';
import { emptyState } from './state.js';
import { admin, chair, clerk, ctx, discussing, draftConference, expectEvents, expectRefused, inSession, pointOp, Scenario, system, THOI_BINH } from './testkit.js';

describe('the conference record', () => {
  it('R-CONF-1: createConference once; anything before it is NO_CONFERENCE, a second is CONFERENCE_EXISTS', () => {
    const s = new Scenario();
    expectRefused(s.try(admin, { type: 'addPoint', name: 'X', kind: 'central' }), 'NO_CONFERENCE');
    const [created] = expectEvents(
      s.try(admin, { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'UBND', venue: 'UBND tỉnh' }),
      ['conferenceCreated'],
    );
    expect(created).toMatchObject({ conferenceId: 'g1', at: s.now, by: admin });
    s.apply([created!]);
    expect(s.state.conference).toMatchObject({ status: 'draft', maxOpenFloors: 1, quorum: null });
    expectRefused(s.try(admin, { type: 'createConference', title: 'HN2', date: '2021-01-05', organiser: 'U', venue: 'V' }), 'CONFERENCE_EXISTS');
  });

  it('R-CONF-2: a second central point is CENTRAL_POINT_EXISTS', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'addPoint', name: 'Trung tâm 2', kind: 'central' }), 'CENTRAL_POINT_EXISTS');
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: THOI_BINH, kind: 'central' }), 'CENTRAL_POINT_EXISTS');
  });

  it('R-CONF-2: the conference leaves draft only with a central point, which then stays', () => {
    const s = new Scenario();
    s.do(admin, { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'UBND', venue: 'UBND tỉnh' });
    s.do(admin, { type: 'addPoint', id: 'd', name: 'Huyện Thới Bình', kind: 'district' });
    expectRefused(s.try(admin, { type: 'setConferenceStatus', status: 'scheduled' }), 'NO_CENTRAL_POINT');
    s.do(admin, { type: 'addPoint', id: 'c', name: 'Trung tâm', kind: 'central' });
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    expectRefused(s.try(admin, { type: 'removePoint', pointId: 'c' }), 'NO_CENTRAL_POINT');
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: 'c', kind: 'district' }), 'NO_CENTRAL_POINT');
  });

  it('R-CONF-3: the status machine moves forward, and back only where allowed', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'setConferenceStatus', status: 'inSession' }), 'INVALID_TRANSITION');
    const [e] = expectEvents(s.try(admin, { type: 'setConferenceStatus', status: 'scheduled' }), ['conferenceStatusChanged']);
    expect(e).toMatchObject({ from: 'draft', to: 'scheduled' });
    s.apply([e!]);
    s.do(admin, { type: 'setConferenceStatus', status: 'draft' });
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    s.do(admin, { type: 'setConferenceStatus', status: 'inSession' });
    expectRefused(s.try(admin, { type: 'setConferenceStatus', status: 'rollCall' }), 'INVALID_TRANSITION');
    expectRefused(s.try(admin, { type: 'setConferenceStatus', status: 'closed' }), 'INVALID_TRANSITION');
    s.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    s.do(admin, { type: 'setConferenceStatus', status: 'inSession' });
    s.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    s.do(admin, { type: 'setConferenceStatus', status: 'closed' });
    expect(s.state.conference?.status).toBe('closed');
  });

  it('R-CONF-3: asking for the status it already has is NO_CHANGE', () => {
    expectRefused(draftConference().try(admin, { type: 'setConferenceStatus', status: 'draft' }), 'NO_CHANGE');
  });

  it('R-CONF-4: the chair runs the day but may not schedule or close', () => {
    const s = draftConference();
    expectRefused(s.try(chair, { type: 'setConferenceStatus', status: 'scheduled' }), 'FORBIDDEN');
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(chair, { type: 'setConferenceStatus', status: 'rollCall' });
    expectRefused(s.try(chair, { type: 'setConferenceStatus', status: 'scheduled' }), 'FORBIDDEN');
    s.do(chair, { type: 'setConferenceStatus', status: 'inSession' });
    s.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    s.do(chair, { type: 'setConferenceStatus', status: 'inSession' });
    s.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    expectRefused(s.try(chair, { type: 'setConferenceStatus', status: 'closed' }), 'FORBIDDEN');
  });

  it('R-CONF-5: adjourning ends speeches, the running step and the queue, closing floor microphones', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'Sạt lở bờ sông', kind: 'contribution' });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r2', pointId: THOI_BINH, delegateName: 'Lê Minh Hùng', topic: 'Nông thôn mới', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    s.tick(60);
    const events = expectEvents(s.try(chair, { type: 'setConferenceStatus', status: 'adjourned' }), [
      'speechEnded',
      'microphoneClosed',
      'agendaStepEnded',
      'queueClosed',
      'conferenceStatusChanged',
    ]);
    s.apply(events);
    expect(floorHolders(s.state)).toEqual([]);
    expect(s.state.agenda.currentStepId).toBeNull();
    expect(s.state.queue.waiting).toEqual(['r2']);
  });

  it('R-CONF-6: a closed conference accepts no command at all', () => {
    const s = inSession();
    s.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    s.do(admin, { type: 'setConferenceStatus', status: 'closed' });
    const before = s.state;
    expectRefused(s.try(admin, { type: 'updateConference', title: 'Sửa' }), 'CONFERENCE_CLOSED');
    expectRefused(s.try(clerk, { type: 'addWalkIn', pointId: THOI_BINH, name: 'A', position: '', organisationId: s.state.organisationOrder[0]! }), 'CONFERENCE_CLOSED');
    expectRefused(s.try(system, { type: 'pointOnline', pointId: THOI_BINH }), 'CONFERENCE_CLOSED');
    expectRefused(s.try(admin, { type: 'setConferenceStatus', status: 'adjourned' }), 'CONFERENCE_CLOSED');
    expect(s.state).toBe(before);
  });

  it('R-CONF-7: commands outside their statuses are WRONG_STATUS', () => {
    const s = draftConference();
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: s.state.attendeeOrder[0]!, mark: { status: 'present' } }), 'WRONG_STATUS');
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'reportReadiness', pointId: THOI_BINH, headcount: 5 }), 'WRONG_STATUS');
    expectRefused(s.try(chair, { type: 'openQueue' }), 'WRONG_STATUS');
    expectRefused(s.try(chair, { type: 'startAgenda' }), 'WRONG_STATUS');
    // setup, presence and media work before the day
    s.do(system, { type: 'pointOnline', pointId: THOI_BINH });
    s.do(chair, { type: 'setLayout', mode: 'gallery' });
  });

  it('R-CONF-8: updateConference records only what changes', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'updateConference', title: 'Hội nghị trực tuyến' }), 'NO_CHANGE');
    const [e] = expectEvents(s.try(admin, { type: 'updateConference', title: 'Hội nghị trực tuyến', venue: 'Hội trường UBND tỉnh' }), ['conferenceUpdated']);
    expect(e).not.toHaveProperty('title');
    expect(e).toMatchObject({ venue: 'Hội trường UBND tỉnh' });
    s.apply([e!]);
    expect(s.state.conference?.venue).toBe('Hội trường UBND tỉnh');
  });

  it('R-CONF-9: the conference names its clerk and the time zone of its minutes', () => {
    const s = draftConference();
    expect(s.state.conference).toMatchObject({ clerkName: null, timeZone: 'Asia/Ho_Chi_Minh' });
    s.do(admin, { type: 'updateConference', clerkName: 'Nguyễn Thị Thu', timeZone: 'Asia/Bangkok' });
    expect(s.state.conference).toMatchObject({ clerkName: 'Nguyễn Thị Thu', timeZone: 'Asia/Bangkok' });
    expectRefused(s.try(admin, { type: 'updateConference', timeZone: 'Asia/Ca_Mau' }), 'INVALID_COMMAND');
    expectRefused(s.try(admin, { type: 'updateConference', timeZone: 'Asia/Bangkok' }), 'NO_CHANGE');
    s.do(admin, { type: 'updateConference', clerkName: null });
    expect(s.state.conference?.clerkName).toBeNull();
  });
});

describe('ctx and error codes', () => {
  it('R-CORE-1: time, ids and principal all come from ctx', () => {
    const r = decide(emptyState(), { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'U', venue: 'V' }, ctx(admin, 42, () => 'fixed-id'));
    expect(r).toEqual({
      ok: true,
      events: [{ type: 'conferenceCreated', at: 42, by: admin, conferenceId: 'fixed-id', title: 'HN', date: '2021-01-04', startTime: null, organiser: 'U', venue: 'V' }],
    });
  });

  it('R-CORE-2: ERROR_CODES is a closed list; a refusal carries its code and only the facts, no wording', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES).toContain('FORBIDDEN');
    // The words are the client's (shared/terms/errors.ts, in vi and en); the core says which refusal
    // and, where it helps, which id or line, never a sentence in one language.
    const s = inSession();
    expect(s.try(pointOp(THOI_BINH), { type: 'requestFloor', pointId: THOI_BINH, topic: 'Ngân sách', kind: 'contribution' })).toEqual({ ok: false, code: 'QUEUE_CLOSED', message: '' });
    expect(s.try(admin, { type: 'addPoint', id: THOI_BINH, name: 'Khác', kind: 'district' })).toEqual({ ok: false, code: 'DUPLICATE_ID', message: `(${THOI_BINH})` });
  });

  it('R-QUEUE-9: the floor limit is per conference', () => {
    const s = discussing();
    s.do(admin, { type: 'setMaxOpenFloors', max: 2 });
    expect(s.state.conference?.maxOpenFloors).toBe(2);
  });
});
