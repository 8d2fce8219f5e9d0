import { describe, expect, it } from 'vitest';
import { currentMark, pointPresence, quorumStatus, talliesByOrganisation, talliesByPoint, tallyOverall } from './selectors.js';
import type { Scenario} from './testkit.js';
import { admin, attendeeAt, chair, clerk, expectEvents, expectRefused, inSession, NAM_CAN, pointOp, system, THOI_BINH, U_MINH, draftConference } from './testkit.js';
import { entryOf } from './buckets.js';

function rollCall(): Scenario {
  const s = draftConference();
  s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
  s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
  return s;
}

describe('roll-call (điểm danh)', () => {
  it('R-ROLL-1: a point reports ready with its headcount; a new report replaces it', () => {
    const s = rollCall();
    const [e] = expectEvents(s.try(pointOp(THOI_BINH), { type: 'reportReadiness', pointId: THOI_BINH, headcount: 12 }), ['readinessReported']);
    s.apply([e!]);
    s.tick(120).do(clerk, { type: 'reportReadiness', pointId: THOI_BINH, headcount: 14 });
    expect(entryOf(s.state.readiness, THOI_BINH)).toMatchObject({ headcount: 14, at: s.now, by: clerk });
    expectRefused(s.try(clerk, { type: 'reportReadiness', pointId: 'ghost', headcount: 1 }), 'UNKNOWN_POINT');
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'reportReadiness', pointId: THOI_BINH, headcount: -1 }), 'INVALID_COMMAND');
  });

  it('R-ROLL-2: the five marks, with reason and substitute where they belong', () => {
    const s = rollCall();
    const [a2, a3, a4, a5] = [2, 3, 4, 5].map((l) => attendeeAt(s.state, l));
    s.do(clerk, { type: 'markAttendance', attendeeId: a2!, mark: { status: 'present' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: a3!, mark: { status: 'excused', reason: 'Đi công tác Trung ương' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: a4!, mark: { status: 'absent' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: a5!, mark: { status: 'substitute', substituteName: 'Dương Văn Lợi', substitutePosition: 'Phó Chủ tịch UBND huyện' } });
    expect([a2, a3, a4, a5].map((id) => currentMark(entryOf(s.state.attendees, id!)!))).toEqual(['present', 'excused', 'absent', 'substitute']);
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: a2!, mark: { status: 'excused' } }), 'INVALID_COMMAND');
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: a2!, mark: { status: 'substitute', substituteName: 'X' } }), 'INVALID_COMMAND');
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: 'ghost', mark: { status: 'present' } }), 'UNKNOWN_ATTENDEE');
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 6), mark: { status: 'unmarked' } }), 'NO_CHANGE');
  });

  it('R-ROLL-3: marks are corrected, and every mark keeps who and when', () => {
    const s = rollCall();
    const id = attendeeAt(s.state, 4);
    s.do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'absent' } });
    expectRefused(s.try(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'absent' } }), 'NO_CHANGE');
    s.tick(300).do(chair, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } });
    s.tick(60).do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'excused', reason: 'Ốm' } });
    s.tick(60).do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'excused', reason: 'Ốm, có giấy' } });
    const marks = entryOf(s.state.attendees, id)!.marks;
    expect(marks.map((m) => [m.status, m.by.role])).toEqual([['absent', 'clerk'], ['present', 'chair'], ['excused', 'clerk'], ['excused', 'clerk']]);
    expect(marks[1]!.at - marks[0]!.at).toBe(300_000);
    expect(currentMark(entryOf(s.state.attendees, id)!)).toBe('excused');
  });

  it('R-ROLL-4: walk-ins are added present and only they can be removed', () => {
    const s = rollCall();
    const org = entryOf(s.state.attendees, attendeeAt(s.state, 4))!.organisationId;
    expectRefused(s.try(clerk, { type: 'addWalkIn', pointId: 'ghost', name: 'A', position: '', organisationId: org }), 'UNKNOWN_POINT');
    expectRefused(s.try(clerk, { type: 'addWalkIn', pointId: THOI_BINH, name: 'A', position: '', organisationId: 'ghost' }), 'UNKNOWN_ORGANISATION');
    s.do(clerk, { type: 'addWalkIn', id: 'w1', pointId: THOI_BINH, name: 'Lý Trung Nam', position: 'Chuyên viên', organisationId: org });
    expect(entryOf(s.state.attendees, 'w1')).toMatchObject({ walkIn: true, line: null, marks: [{ status: 'present', by: clerk }] });
    expectRefused(s.try(clerk, { type: 'addWalkIn', id: 'w1', pointId: THOI_BINH, name: 'B', position: '', organisationId: org }), 'DUPLICATE_ID');
    expectRefused(s.try(clerk, { type: 'removeWalkIn', attendeeId: attendeeAt(s.state, 4) }), 'NOT_A_WALK_IN');
    expectRefused(s.try(clerk, { type: 'removeWalkIn', attendeeId: 'ghost' }), 'UNKNOWN_ATTENDEE');
    s.do(clerk, { type: 'removeWalkIn', attendeeId: 'w1' });
    expect(entryOf(s.state.attendees, 'w1')).toBeUndefined();
  });

  it('R-ROLL-5: a point that drops and rejoins keeps its attendance; presence has its own spans', () => {
    const s = rollCall();
    const id = attendeeAt(s.state, 4);
    s.do(system, { type: 'pointOnline', pointId: THOI_BINH });
    s.do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } });
    const marks = entryOf(s.state.attendees, id)!.marks;
    s.tick(600).do(system, { type: 'signalLost', pointId: THOI_BINH });
    expectRefused(s.try(system, { type: 'signalLost', pointId: THOI_BINH }), 'NO_CHANGE');
    s.tick(5).do(system, { type: 'pointOffline', pointId: THOI_BINH });
    expectRefused(s.try(system, { type: 'pointOffline', pointId: THOI_BINH }), 'NO_CHANGE');
    s.tick(55).do(system, { type: 'pointOnline', pointId: THOI_BINH });
    expectRefused(s.try(system, { type: 'pointOnline', pointId: THOI_BINH }), 'NO_CHANGE');
    s.do(system, { type: 'signalRestored', pointId: THOI_BINH });
    expectRefused(s.try(system, { type: 'signalRestored', pointId: THOI_BINH }), 'NO_CHANGE');
    expectRefused(s.try(system, { type: 'pointOnline', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expect(entryOf(s.state.attendees, id)!.marks).toBe(marks);
    const p = pointPresence(s.state, THOI_BINH, s.now + 100_000);
    expect(p.online).toBe(true);
    expect(p.signalLost).toBe(false);
    expect(p.spans).toHaveLength(2);
    expect(p.spans[0]!.to! - p.spans[0]!.from).toBe(605_000);
    expect(p.connectedMs).toBe(605_000 + 100_000);
    expect(pointPresence(s.state, NAM_CAN, s.now)).toMatchObject({ online: false, connectedMs: 0 });
  });

  it('R-ROLL-6: tallies by point, by organisation and overall', () => {
    const s = rollCall();
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 4), mark: { status: 'present' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 5), mark: { status: 'substitute', substituteName: 'X Y', substitutePosition: 'Phó phòng' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 6), mark: { status: 'excused', reason: 'Họp tỉnh' } });
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 7), mark: { status: 'absent' } });
    const org = entryOf(s.state.attendees, attendeeAt(s.state, 7))!.organisationId;
    s.do(clerk, { type: 'addWalkIn', pointId: U_MINH, name: 'Hồ Văn Vinh', position: 'Chuyên viên', organisationId: org });
    expect(talliesByPoint(s.state)[THOI_BINH]).toEqual({ invited: 3, walkIns: 0, present: 1, excused: 1, absent: 0, substitutes: 1, unmarked: 0, attending: 2 });
    expect(talliesByPoint(s.state)[U_MINH]).toEqual({ invited: 2, walkIns: 1, present: 1, excused: 0, absent: 1, substitutes: 0, unmarked: 1, attending: 1 });
    expect(talliesByOrganisation(s.state)[org]).toMatchObject({ invited: 1, walkIns: 1, absent: 1, present: 1 });
    expect(tallyOverall(s.state)).toEqual({ invited: 8, walkIns: 1, present: 2, excused: 1, absent: 1, substitutes: 1, unmarked: 4, attending: 3 });
  });

  it('R-ROLL-7: every tally adds up to invited plus walk-ins', () => {
    const s = rollCall();
    const statuses = ['present', 'absent', 'unmarked'] as const;
    s.state.attendeeOrder.forEach((id, i) => {
      const status = statuses[i % 3]!;
      if (status !== 'unmarked') s.do(clerk, { type: 'markAttendance', attendeeId: id, mark: { status } });
    });
    const all = [tallyOverall(s.state), ...Object.values(talliesByPoint(s.state)), ...Object.values(talliesByOrganisation(s.state))];
    for (const t of all) expect(t.present + t.excused + t.absent + t.substitutes + t.unmarked).toBe(t.invited + t.walkIns);
  });

  it('R-ROLL-8: quorum by count or by percentage of those invited', () => {
    const s = inSession();
    expect(quorumStatus(s.state)).toEqual({ required: null, attending: 0, met: null });
    s.do(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } });
    for (const line of [2, 3, 4]) s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, line), mark: { status: 'present' } });
    expect(quorumStatus(s.state)).toEqual({ required: 4, attending: 3, met: false });
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 5), mark: { status: 'substitute', substituteName: 'A B', substitutePosition: 'C' } });
    expect(quorumStatus(s.state)).toEqual({ required: 4, attending: 4, met: true });
    s.do(admin, { type: 'setQuorum', quorum: { kind: 'count', present: 5 } });
    expect(quorumStatus(s.state).met).toBe(false);
  });

  it('R-CONF-7: marks stay correctable after adjournment', () => {
    const s = inSession();
    s.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    expectEvents(s.try(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 2), mark: { status: 'present' } }), ['attendanceMarked']);
    expectRefused(s.try(clerk, { type: 'reportReadiness', pointId: THOI_BINH, headcount: 3 }), 'WRONG_STATUS');
  });
});
