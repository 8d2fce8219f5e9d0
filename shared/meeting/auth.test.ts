import { describe, expect, it } from 'vitest';
import type { Command, Principal } from '../protocol/index.js';
import { ALLOWED_ROLES } from './permissions.js';
import { admin, attendeeAt, chair, CENTRAL, clerk, discussing, expectEvents, expectRefused, NAM_CAN, observer, pointOp, system, THOI_BINH, U_MINH } from './testkit.js';

// Who may do what. Each refusal is checked on a state where the command would otherwise pass.

describe('roles', () => {
  it('R-AUTH-1: an observer changes nothing, whatever it sends', () => {
    const s = discussing();
    const commands: Command[] = [
      { type: 'updateConference', title: 'X' },
      { type: 'openQueue' },
      { type: 'requestFloor', pointId: THOI_BINH, topic: 'X', kind: 'contribution' },
      { type: 'markAttendance', attendeeId: attendeeAt(s.state, 2), mark: { status: 'present' } },
      { type: 'pointOnline', pointId: THOI_BINH },
      { type: 'nextAgendaStep' },
      { type: 'setLayout', mode: 'gallery' },
    ];
    for (const c of commands) expectRefused(s.try(observer, c), 'FORBIDDEN');
  });

  it('R-AUTH-1: every command type names the roles that may send it, never observer', () => {
    for (const roles of Object.values(ALLOWED_ROLES)) {
      expect(roles.length).toBeGreaterThan(0);
      expect(roles).not.toContain('observer');
    }
  });

  it('R-AUTH-2: a point operator acts only for its own point', () => {
    const s = discussing();
    const tb = pointOp(THOI_BINH);
    expectRefused(s.try(tb, { type: 'requestFloor', pointId: U_MINH, topic: 'X', kind: 'contribution' }), 'NOT_YOUR_POINT');
    expectRefused(s.try(tb, { type: 'setSelfMute', pointId: U_MINH, muted: false }), 'NOT_YOUR_POINT');
    s.do(pointOp(U_MINH), { type: 'requestFloor', id: 'r-um', pointId: U_MINH, topic: 'Rừng U Minh', kind: 'contribution' });
    expectRefused(s.try(tb, { type: 'withdrawRequest', requestId: 'r-um' }), 'NOT_YOUR_POINT');
    s.do(chair, { type: 'grantFloor', requestId: 'r-um', speechId: 'sp-um' });
    expectRefused(s.try(tb, { type: 'endSpeech', speechId: 'sp-um' }), 'NOT_YOUR_POINT');
    expectEvents(s.try(pointOp(U_MINH), { type: 'endSpeech', speechId: 'sp-um' }), ['speechEnded', 'microphoneClosed']);
  });

  it('R-AUTH-2: readiness is reported for its own point only', () => {
    const s = discussing();
    expectRefused(s.try(pointOp(NAM_CAN), { type: 'reportReadiness', pointId: THOI_BINH, headcount: 9 }), 'NOT_YOUR_POINT');
    expectEvents(s.try(pointOp(THOI_BINH), { type: 'reportReadiness', pointId: THOI_BINH, headcount: 9 }), ['readinessReported']);
  });

  it('R-AUTH-3: only the chair grants, moves the agenda and steers the queue', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'X', kind: 'contribution' });
    const notChair: Principal[] = [admin, clerk, pointOp(THOI_BINH), system];
    for (const p of notChair) {
      expectRefused(s.try(p, { type: 'grantFloor', requestId: 'r1' }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'nextAgendaStep' }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'lowerAll' }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'startDirectiveSpeech', memberId: 'pm-hai' }), 'FORBIDDEN');
    }
    // The chair may also register and withdraw for a point.
    s.do(chair, { type: 'requestFloor', id: 'r2', pointId: NAM_CAN, topic: 'Thay mặt điểm cầu', kind: 'contribution' });
    expectEvents(s.try(chair, { type: 'withdrawRequest', requestId: 'r2' }), ['requestWithdrawn']);
  });

  it('R-AUTH-4: only a clerk or the chair marks attendance', () => {
    const s = discussing();
    const id = attendeeAt(s.state, 4);
    for (const p of [admin, pointOp(THOI_BINH), system]) {
      expectRefused(s.try(p, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } }), 'FORBIDDEN');
    }
    expectEvents(s.try(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } }), ['attendanceMarked']);
    expectEvents(s.try(chair, { type: 'markAttendance', attendeeId: id, mark: { status: 'absent' } }), ['attendanceMarked']);
    expectEvents(s.try(clerk, { type: 'reportReadiness', pointId: NAM_CAN, headcount: 4 }), ['readinessReported']);
  });

  it('R-AUTH-5: only system reports presence, signal and the active speaker', () => {
    const s = discussing();
    for (const p of [admin, chair, clerk, pointOp(THOI_BINH)]) {
      expectRefused(s.try(p, { type: 'pointOnline', pointId: THOI_BINH }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'signalLost', pointId: THOI_BINH }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'setActiveSpeaker', pointId: THOI_BINH }), 'FORBIDDEN');
    }
    expectEvents(s.try(system, { type: 'pointOnline', pointId: THOI_BINH }), ['pointWentOnline']);
  });

  it('R-AUTH-6: only the admin sets the conference up; the clerk may also import the invitation list', () => {
    const s = discussing();
    const row = { line: 2, name: 'A', position: '', organisation: 'B', point: 'Huyện Năm Căn' };
    for (const p of [chair, clerk, pointOp(THOI_BINH), system]) {
      expectRefused(s.try(p, { type: 'addPoint', name: 'Huyện Phú Tân', kind: 'district' }), 'FORBIDDEN');
      expectRefused(s.try(p, { type: 'setMaxOpenFloors', max: 3 }), 'FORBIDDEN');
    }
    for (const p of [chair, pointOp(THOI_BINH), system]) {
      expectRefused(s.try(p, { type: 'importInvitationList', mode: 'append', rows: [row] }), 'FORBIDDEN');
    }
    expectEvents(s.try(clerk, { type: 'importInvitationList', mode: 'append', rows: [row] }), ['organisationAdded', 'invitationListImported']);
  });

  it('R-AUTH-7: the chair self-mutes the central point only', () => {
    const s = discussing();
    expectRefused(s.try(chair, { type: 'setSelfMute', pointId: THOI_BINH, muted: false }), 'NOT_YOUR_POINT');
    expectEvents(s.try(chair, { type: 'setSelfMute', pointId: CENTRAL, muted: true }), ['selfMuteChanged']);
  });
});
