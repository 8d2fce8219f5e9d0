import { describe, expect, it } from 'vitest';
import type { Command } from '../protocol/index.js';
import { emptyBucketed, entriesOf, entryOf } from './buckets.js';
import { copyConferenceCommands } from './copy-conference.js';
import { replay } from './evolve.js';
import { pointsFromPastedText } from './organiser-input.js';
import { conferencePhase, lineTestBoard, pendingCall } from './selectors.js';
import { emptyState } from './state.js';
import { admin, CENTRAL, idSource, T0, chair, clerk, draftConference, expectEvents, expectRefused, inSession, NAM_CAN, observer, pointOp, Scenario, system, THOI_BINH, U_MINH } from './testkit.js';

// The organiser's console (issue #13): bulk points, order, calls, pre-flight, link opens, the
// line-test board, the phase for the list, and copying a conference.

const communes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Xã số ${i + 1}`, kind: 'commune' as const }));

describe('the organiser', () => {
  it('R-ORG-1: a hundred points in one command, each an ordinary pointAdded, in order', () => {
    const s = draftConference();
    const events = s.do(admin, { type: 'addPoints', points: communes(100) });
    expect(events).toHaveLength(100);
    expect(events.every((e) => e.type === 'pointAdded')).toBe(true);
    expect(s.state.pointOrder).toHaveLength(104);
    expect(s.state.points[s.state.pointOrder[103]!]?.name).toBe('Xã số 100');
    expect(s.state.media.audio[s.state.pointOrder[50]!]?.selfMuted).toBe(true);
  });

  it('R-ORG-1: all or nothing: a name used twice or already there refuses the whole list, naming it', () => {
    const s = draftConference();
    const twice = s.try(admin, { type: 'addPoints', points: [...communes(3), { name: 'xã  SỐ 2', kind: 'commune' }] });
    expectRefused(twice, 'DUPLICATE_NAME');
    expect(!twice.ok && twice.message).toContain('xã  SỐ 2');
    const existing = s.try(admin, { type: 'addPoints', points: [{ name: 'Xã Mới', kind: 'commune' }, { name: 'huyện thới bình', kind: 'district' }] });
    expectRefused(existing, 'DUPLICATE_NAME');
    expectRefused(s.try(admin, { type: 'addPoints', points: [{ name: 'Trung tâm 2', kind: 'central' }] }), 'CENTRAL_POINT_EXISTS');
    expectRefused(s.try(admin, { type: 'addPoints', points: [{ id: THOI_BINH, name: 'Xã Mới', kind: 'commune' }] }), 'DUPLICATE_ID');
    expectRefused(s.try(admin, { type: 'addPoints', points: [{ id: 'a', name: 'Xã A', kind: 'commune' }, { id: 'a', name: 'Xã B', kind: 'commune' }] }), 'DUPLICATE_ID');
    expect(s.state.pointOrder).toHaveLength(4);
    // a fresh conference takes its central point in the same list
    const fresh = new Scenario();
    fresh.do(admin, { type: 'createConference', id: 'c2', title: 'Hội nghị', date: '2026-01-05', organiser: 'UBND tỉnh', venue: 'Hội trường' });
    expectEvents(fresh.try(admin, { type: 'addPoints', points: [{ name: 'Trung tâm', kind: 'central' }, { name: 'Xã A', kind: 'commune' }] }), ['pointAdded', 'pointAdded']);
    expectRefused(fresh.try(admin, { type: 'addPoints', points: [{ name: 'T1', kind: 'central' }, { name: 'T2', kind: 'central' }] }), 'CENTRAL_POINT_EXISTS');
  });

  it('R-ORG-1: pasted lines become points: numbering, bullets and blank lines dropped', () => {
    const pasted = pointsFromPastedText('1. Xã Tân Thành\r\n\n  2)  Xã   An Xuyên \n- Phường 5\n•\tXã Lý Văn Lâm\n   \n', 'commune');
    expect(pasted.points.map((p) => p.name)).toEqual(['Xã Tân Thành', 'Xã An Xuyên', 'Phường 5', 'Xã Lý Văn Lâm']);
    expect(pasted.points.every((p) => p.kind === 'commune')).toBe(true);
    expect(pasted.overflow).toBe(0);
    const many = pointsFromPastedText(Array.from({ length: 1005 }, (_, i) => `Xã ${i}`).join('\n'), 'commune');
    expect(many.points).toHaveLength(1000);
    expect(many.overflow).toBe(5);
    const s = draftConference();
    expectEvents(s.try(admin, { type: 'addPoints', points: pasted.points }), ['pointAdded', 'pointAdded', 'pointAdded', 'pointAdded']);
  });

  it('R-ORG-2: the points are reordered by a permutation of their ids', () => {
    const s = draftConference();
    s.do(admin, { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, U_MINH, THOI_BINH] });
    expect(s.state.pointOrder).toEqual([CENTRAL, NAM_CAN, U_MINH, THOI_BINH]);
    expectRefused(s.try(admin, { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, U_MINH] }), 'NOT_A_PERMUTATION');
    expectRefused(s.try(admin, { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, U_MINH, U_MINH] }), 'NOT_A_PERMUTATION');
    expectRefused(s.try(admin, { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, U_MINH, THOI_BINH] }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'reorderPoints', pointIds: [CENTRAL, THOI_BINH, U_MINH, NAM_CAN] }), 'FORBIDDEN');
  });

  it('R-ORG-3: a call shows on the point until that point acknowledges it', () => {
    const s = draftConference();
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(admin, { type: 'callPoint', pointId: THOI_BINH, message: 'Xin mời điểm cầu Thới Bình kết nối để kiểm tra đường truyền' });
    expect(pendingCall(s.state, THOI_BINH)).toMatchObject({ message: expect.stringContaining('Thới Bình'), by: admin });
    expect(pendingCall(s.state, U_MINH)).toBeNull();
    expectRefused(s.try(pointOp(U_MINH), { type: 'acknowledgeCall', pointId: THOI_BINH }), 'NOT_YOUR_POINT');
    expectRefused(s.try(pointOp(U_MINH), { type: 'acknowledgeCall', pointId: U_MINH }), 'NO_CHANGE');
    s.do(pointOp(THOI_BINH), { type: 'acknowledgeCall', pointId: THOI_BINH });
    expect(pendingCall(s.state, THOI_BINH)).toBeNull();
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'acknowledgeCall', pointId: THOI_BINH }), 'NO_CHANGE');
    expectEvents(s.try(chair, { type: 'callPoint', pointId: U_MINH }), ['pointCalled']);
    for (const p of [clerk, pointOp(THOI_BINH), system]) expectRefused(s.try(p, { type: 'callPoint', pointId: U_MINH }), 'FORBIDDEN');
    expectRefused(s.try(admin, { type: 'callPoint', pointId: 'p-nowhere' }), 'UNKNOWN_POINT');
  });

  it('R-ORG-4: a point reports its own pre-flight; the last one counts', () => {
    const s = draftConference();
    const ok = { camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 12 } } as const;
    s.do(pointOp(THOI_BINH), { type: 'reportPreflight', pointId: THOI_BINH, camera: 'blocked', microphone: 'ok', network: null });
    expect(lineTestBoard(s.state).find((r) => r.pointId === THOI_BINH)?.preflightPassed).toBe(false);
    s.tick(60).do(pointOp(THOI_BINH), { type: 'reportPreflight', pointId: THOI_BINH, ...ok });
    expect(entryOf(s.state.lineTest.preflight, THOI_BINH)).toMatchObject({ ...ok, at: s.now });
    expect(lineTestBoard(s.state).find((r) => r.pointId === THOI_BINH)?.preflightPassed).toBe(true);
    expectRefused(s.try(pointOp(U_MINH), { type: 'reportPreflight', pointId: THOI_BINH, ...ok }), 'NOT_YOUR_POINT');
    for (const p of [admin, chair, clerk, system]) expectRefused(s.try(p, { type: 'reportPreflight', pointId: THOI_BINH, ...ok }), 'FORBIDDEN');
    expectRefused(s.try(pointOp(THOI_BINH), { type: 'reportPreflight', pointId: THOI_BINH, camera: 'broken', microphone: 'ok', network: null }), 'INVALID_COMMAND');
  });

  it('R-ORG-5: the server records the first opening of each link; a second is NO_CHANGE', () => {
    const s = draftConference();
    s.do(system, { type: 'recordLinkOpened', linkId: 'l-tb', role: 'point', pointId: THOI_BINH });
    expect(entryOf(s.state.lineTest.linkOpens, 'l-tb')).toEqual({ role: 'point', pointId: THOI_BINH, at: s.now });
    expectRefused(s.try(system, { type: 'recordLinkOpened', linkId: 'l-tb', role: 'point', pointId: THOI_BINH }), 'NO_CHANGE');
    expectEvents(s.try(system, { type: 'recordLinkOpened', linkId: 'l-chair', role: 'chair' }), ['linkOpened']);
    expectRefused(s.try(system, { type: 'recordLinkOpened', linkId: 'l-x', role: 'point' }), 'INVALID_COMMAND');
    expectRefused(s.try(system, { type: 'recordLinkOpened', linkId: 'l-x', role: 'point', pointId: 'nowhere' }), 'UNKNOWN_POINT');
    for (const p of [admin, chair, clerk, pointOp(THOI_BINH)]) expectRefused(s.try(p, { type: 'recordLinkOpened', linkId: 'l-y', role: 'chair' }), 'FORBIDDEN');
  });

  it('R-ORG-6: upcoming, in progress, ended', () => {
    expect(conferencePhase(emptyState())).toBeNull();
    const s = draftConference();
    expect(conferencePhase(s.state)).toBe('upcoming');
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    expect(conferencePhase(s.state)).toBe('upcoming');
    s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    expect(conferencePhase(s.state)).toBe('inProgress');
    s.do(admin, { type: 'setConferenceStatus', status: 'inSession' });
    expect(conferencePhase(s.state)).toBe('inProgress');
    s.do(admin, { type: 'setConferenceStatus', status: 'adjourned' });
    expect(conferencePhase(s.state)).toBe('ended');
    s.do(admin, { type: 'setConferenceStatus', status: 'closed' });
    expect(conferencePhase(s.state)).toBe('ended');
  });

  it('R-ORG-7: the board: link, pre-flight, online, readiness and headcount; who needs attention', () => {
    const s = inSession();
    s.do(system, { type: 'recordLinkOpened', linkId: 'l-tb', role: 'point', pointId: THOI_BINH });
    s.do(system, { type: 'pointOnline', pointId: THOI_BINH });
    s.do(pointOp(THOI_BINH), { type: 'reportPreflight', pointId: THOI_BINH, camera: 'ok', microphone: 'ok', network: { verdict: 'fair', rttMs: 200 } });
    s.do(pointOp(THOI_BINH), { type: 'reportReadiness', pointId: THOI_BINH, headcount: 7 });
    s.do(system, { type: 'pointOnline', pointId: U_MINH });
    s.do(system, { type: 'signalLost', pointId: U_MINH });
    s.do(admin, { type: 'callPoint', pointId: NAM_CAN });
    const board = lineTestBoard(s.state);
    expect(board.map((r) => r.pointId)).toEqual([CENTRAL, THOI_BINH, U_MINH, NAM_CAN]);
    expect(board[1]).toMatchObject({ linkOpened: true, online: true, preflightPassed: true, ready: true, headcount: 7, attention: false });
    expect(board[2]).toMatchObject({ linkOpened: false, online: true, signalLost: true, preflightPassed: null, ready: false, headcount: null, attention: true });
    expect(board[3]).toMatchObject({ online: false, attention: true, pendingCall: { message: null } });
  });

  it('R-ORG-8: conference kind and technical contact; agenda steps with a planned start', () => {
    const s = draftConference();
    expect(s.state.conference).toMatchObject({ kind: 'regular', technicalContact: '' });
    expectEvents(s.try(admin, { type: 'updateConference', kind: 'thematic', technicalContact: 'Anh Tùng, 0290 3831 234' }), ['conferenceUpdated']);
    s.do(admin, { type: 'updateConference', kind: 'thematic', technicalContact: 'Anh Tùng, 0290 3831 234' });
    expect(s.state.conference).toMatchObject({ kind: 'thematic', technicalContact: 'Anh Tùng, 0290 3831 234' });
    expectRefused(s.try(admin, { type: 'updateConference', kind: 'thematic' }), 'NO_CHANGE');
    expectRefused(s.try(admin, { type: 'updateConference', kind: 'monthly' }), 'INVALID_COMMAND');
    s.do(admin, { type: 'addAgendaStep', id: 'st-x', title: 'Giới thiệu', kind: 'opening', plannedMinutes: 5, plannedStart: '07:30', presidingMemberId: 'pm-hai' });
    expect(s.state.agenda.steps['st-x']).toMatchObject({ plannedStart: '07:30', presidingMemberId: 'pm-hai' });
    expect(s.state.agenda.steps['st-open']?.plannedStart).toBeNull();
    s.do(admin, { type: 'updateAgendaStep', stepId: 'st-x', plannedStart: '08:00' });
    expect(s.state.agenda.steps['st-x']?.plannedStart).toBe('08:00');
    s.do(admin, { type: 'updateAgendaStep', stepId: 'st-x', plannedStart: null });
    expect(s.state.agenda.steps['st-x']?.plannedStart).toBeNull();
    expectRefused(s.try(admin, { type: 'updateAgendaStep', stepId: 'st-x', plannedStart: '25:00' }), 'INVALID_COMMAND');
  });

  it('R-ORG-9: a copy carries details, settings, points, organisations, panel, agenda and the list, nothing of the day', () => {
    const s = inSession();
    s.do(admin, { type: 'updateConference', kind: 'review', technicalContact: 'Tổ kỹ thuật 0290 000 999', clerkName: 'Trần Văn Thư', timeZone: 'Asia/Bangkok', microphoneDiscipline: 'free' });
    s.do(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } });
    s.do(admin, { type: 'setSpeakingLimits', limits: { contribution: 420, reply: 60, pointOfOrder: 30, directive: null, warningSeconds: 20 } });
    s.do(admin, { type: 'setMaxOpenFloors', max: 2 });
    s.do(admin, { type: 'updateAgendaStep', stepId: 'st-report', plannedStart: '07:45', presenter: 'Giám đốc Sở KH-ĐT', documents: [{ name: 'Báo cáo', url: 'https://x/bc.pdf' }] });
    s.do(admin, { type: 'reorderPanel', memberIds: ['pm-quan', 'pm-hai'] });
    s.do(admin, { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, THOI_BINH, U_MINH] });
    s.do(clerk, { type: 'markAttendance', attendeeId: s.state.attendeeOrder[0]!, mark: { status: 'present' } });
    s.do(clerk, { type: 'addWalkIn', pointId: THOI_BINH, organisationId: s.state.organisationOrder[0]!, name: 'Khách mời', position: 'Phóng viên' });
    s.do(system, { type: 'pointOnline', pointId: THOI_BINH });
    s.do(pointOp(THOI_BINH), { type: 'reportPreflight', pointId: THOI_BINH, camera: 'ok', microphone: 'ok', network: null });
    s.do(chair, { type: 'startAgenda', stepId: 'st-discuss' });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'Nông nghiệp', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1' });
    s.do(clerk, { type: 'addMinutesNote', text: 'Ghi chú' });

    const commands = copyConferenceCommands(s.state, { id: 'conf-2', title: 'Hội nghị tháng 2', date: '2021-02-04', startTime: '07:30' }, { invitationList: true });
    const copy = new Scenario([], T0, idSource('k'));
    for (const c of commands as Command[]) copy.do(admin, c);
    const a = s.state;
    const b = copy.state;
    expect(b.conference).toMatchObject({
      id: 'conf-2', title: 'Hội nghị tháng 2', date: '2021-02-04', startTime: '07:30', status: 'draft',
      organiser: a.conference!.organiser, venue: a.conference!.venue, kind: 'review', technicalContact: 'Tổ kỹ thuật 0290 000 999',
      clerkName: 'Trần Văn Thư', timeZone: 'Asia/Bangkok', microphoneDiscipline: 'free',
      quorum: a.conference!.quorum, limits: a.conference!.limits, maxOpenFloors: 2,
    });
    expect(b.pointOrder).toEqual(a.pointOrder);
    expect(b.points).toEqual(a.points);
    expect(b.organisationOrder).toEqual(a.organisationOrder);
    expect(b.organisations).toEqual(a.organisations);
    expect(b.panelOrder).toEqual(['pm-quan', 'pm-hai']);
    expect(b.panel).toEqual(a.panel);
    expect(b.agenda.order).toEqual(a.agenda.order);
    for (const id of a.agenda.order) {
      const { runs: _r, skipped: _s, ...setup } = a.agenda.steps[id]!;
      expect(b.agenda.steps[id]).toEqual({ ...setup, runs: [], skipped: false });
    }
    const invited = (st: typeof a) =>
      entriesOf(st.attendees).filter((x) => !x.walkIn).map((x) => [x.name, x.position, st.organisations[x.organisationId]?.name, x.pointId, x.line]);
    expect(invited(b).sort()).toEqual(invited(a).sort());
    // nothing of the day: marks, walk-ins, presence, pre-flight, requests, speeches, notes, media
    expect(entriesOf(b.attendees).every((x) => x.marks.length === 0 && !x.walkIn)).toBe(true);
    expect(b.attendeeOrder).toHaveLength(a.attendeeOrder.length - 1);
    expect(entriesOf(b.presence)).toEqual([]);
    expect(b.lineTest).toEqual({ preflight: emptyBucketed(), calls: {}, linkOpens: emptyBucketed() });
    expect(b.queue.waiting).toEqual([]);
    expect(entriesOf(b.queue.requests)).toEqual([]);
    expect(entriesOf(b.speeches)).toEqual([]);
    expect(b.noteOrder).toEqual([]);
    expect(entriesOf(b.readiness)).toEqual([]);
    // without the list, and a copy of a copy replays the same
    const bare = copyConferenceCommands(s.state, { id: 'c3', title: 'T', date: '2021-03-04' }, { invitationList: false });
    expect(bare.some((c) => c.type === 'importInvitationList')).toBe(false);
    expect(replay(copy.log)).toEqual(copy.state);
  });

  it('R-AUTH-1: an observer issues none of the organiser commands', () => {
    const s = draftConference();
    const commands: Command[] = [
      { type: 'addPoints', points: communes(1) },
      { type: 'reorderPoints', pointIds: [CENTRAL, NAM_CAN, U_MINH, THOI_BINH] },
      { type: 'callPoint', pointId: THOI_BINH },
      { type: 'acknowledgeCall', pointId: THOI_BINH },
      { type: 'reportPreflight', pointId: THOI_BINH, camera: 'ok', microphone: 'ok', network: null },
      { type: 'recordLinkOpened', linkId: 'l1', role: 'observer' },
    ];
    for (const c of commands) expectRefused(s.try(observer, c), 'FORBIDDEN');
  });
});
