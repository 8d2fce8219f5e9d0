import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { tallyOverall } from './selectors.js';
import { admin, attendeeAt, clerk, draftConference, expectEvents, expectRefused, INVITATION_ROWS, inSession, NAM_CAN, THOI_BINH, U_MINH } from './testkit.js';
import { entryOf } from './buckets.js';

// The invitation list as the import parser hands it over: rows with the line they came from.

describe('importing the invitation list', () => {
  it('R-IMPORT-1: rows are validated again; extra fields, bad lines and empty names are INVALID_COMMAND', () => {
    const s = draftConference();
    const good = { line: 2, name: 'A', position: '', organisation: 'B', point: 'Huyện Năm Căn' };
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ ...good, salary: 1 }] }), 'INVALID_COMMAND');
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ ...good, line: 0 }] }), 'INVALID_COMMAND');
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ ...good, name: '   ' }] }), 'INVALID_COMMAND');
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [] }), 'INVALID_COMMAND');
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ ...good, name: 'x'.repeat(301) }] }), 'INVALID_COMMAND');
    // the parser's optional columns pass
    expectEvents(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ ...good, note: 'dự thay', phone: '0913', email: 'a@b.vn' }] }), ['organisationAdded', 'invitationListImported']);
  });

  it('R-IMPORT-2: one bad row refuses the whole import, naming every bad line', () => {
    const s = draftConference();
    const before = s.state;
    const r = s.try(admin, {
      type: 'importInvitationList',
      mode: 'append',
      rows: [
        { line: 2, name: 'Lâm Văn Bi', position: 'Phó Chủ tịch', organisation: 'UBND tỉnh', point: 'Điểm cầu trung tâm' },
        { line: 3, name: 'Tô Thanh Nga', position: 'Trưởng phòng', organisation: 'Phòng Nội vụ', point: 'Huyện Đầm Dơi' },
        { line: 4, name: 'Châu Kim Lan', position: '', organisation: '', point: 'Huyện U Minh' },
      ],
    });
    expectRefused(r, 'IMPORT_INVALID');
    if (!r.ok) {
      expect(r.message).toContain('line 3');
      expect(r.message).toContain('Đầm Dơi');
      expect(r.message).toContain('line 4');
      expect(r.message).not.toContain('line 2');
    }
    expect(s.state).toBe(before);
  });

  it('R-IMPORT-3: points are matched by id, name, folded name or name without prefixes; organisations are created', () => {
    const s = draftConference();
    const orgsBefore = s.state.organisationOrder.length;
    const rows = [
      { line: 2, name: 'A1', position: '', organisation: 'Phòng Nội vụ huyện Năm Căn', point: NAM_CAN },
      { line: 3, name: 'A2', position: '', organisation: 'Phòng Nội vụ huyện Năm Căn', point: 'HUYỆN NĂM CĂN' },
      { line: 4, name: 'A3', position: '', organisation: 'Phòng Y tế huyện U Minh', point: 'Điểm cầu huyện U Minh' },
      { line: 5, name: 'A4', position: '', organisation: 'Phòng Y tế huyện U Minh', point: 'Thoi Binh' },
      { line: 6, name: 'A5', position: '', organisation: 'sở kế hoạch và đầu tư', point: 'Điểm cầu trung tâm' },
    ];
    const events = expectEvents(s.try(admin, { type: 'importInvitationList', mode: 'append', rows }), ['organisationAdded', 'organisationAdded', 'invitationListImported']);
    s.apply(events);
    expect(s.state.organisationOrder.length).toBe(orgsBefore + 2);
    const points = s.state.attendeeOrder.slice(-5).map((id) => entryOf(s.state.attendees, id)?.pointId);
    expect(points).toEqual([NAM_CAN, NAM_CAN, U_MINH, THOI_BINH, 'p-central']);
    // "sở kế hoạch và đầu tư" is the organisation already known, in any case
    const last = entryOf(s.state.attendees, s.state.attendeeOrder.at(-1)!)!;
    expect(s.state.organisations[last.organisationId]?.name).toBe('Sở Kế hoạch và Đầu tư');
  });

  it('R-IMPORT-3: an ambiguous point is a bad row', () => {
    const s = draftConference();
    s.do(admin, { type: 'addPoint', id: 'p-tx', name: 'Thị xã Thới Bình', kind: 'city' });
    const r = s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [{ line: 7, name: 'B', position: '', organisation: 'C', point: 'Thới Bình' }] });
    expectRefused(r, 'IMPORT_INVALID');
    if (!r.ok) expect(r.message).toMatch(/line 7: point “Thới Bình” is ambiguous/);
  });

  it('R-IMPORT-4: the same person twice, in the file or against the list, is a bad row', () => {
    const s = draftConference();
    const dupInFile = s.try(admin, {
      type: 'importInvitationList',
      mode: 'append',
      rows: [
        { line: 2, name: 'Quách Minh Trí', position: '', organisation: 'Phòng Nội vụ', point: 'Huyện U Minh' },
        { line: 9, name: 'QUÁCH MINH TRÍ', position: '', organisation: 'phòng nội vụ', point: 'U Minh' },
      ],
    });
    expectRefused(dupInFile, 'IMPORT_INVALID');
    if (!dupInFile.ok) expect(dupInFile.message).toContain('line 9');
    const again = s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [INVITATION_ROWS[3]!] });
    expectRefused(again, 'IMPORT_INVALID');
    // replace starts from an empty list, so the same rows are fine
    expectEvents(s.try(admin, { type: 'importInvitationList', mode: 'replace', rows: INVITATION_ROWS }), ['invitationListImported']);
  });

  it('R-IMPORT-5: replace swaps the list until someone is marked; append always adds', () => {
    const s = draftConference();
    s.do(admin, { type: 'importInvitationList', mode: 'replace', rows: INVITATION_ROWS.slice(0, 3) });
    expect(tallyOverall(s.state).invited).toBe(3);
    s.do(admin, { type: 'setConferenceStatus', status: 'scheduled' });
    s.do(admin, { type: 'setConferenceStatus', status: 'rollCall' });
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 2), mark: { status: 'present' } });
    expectRefused(s.try(admin, { type: 'importInvitationList', mode: 'replace', rows: INVITATION_ROWS }), 'ATTENDANCE_STARTED');
    s.do(admin, { type: 'importInvitationList', mode: 'append', rows: INVITATION_ROWS.slice(3) });
    expect(tallyOverall(s.state)).toMatchObject({ invited: 8, present: 1, unmarked: 7 });
  });

  it('R-IMPORT-5: append works in session too, and the ids it takes must be free (DUPLICATE_ID)', () => {
    const s = inSession();
    const row = { line: 2, name: 'Người mới', position: '', organisation: 'Sở Kế hoạch và Đầu tư', point: 'Huyện Năm Căn' };
    expectEvents(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: [row] }), ['invitationListImported']);
    const taken = s.state.attendeeOrder[0]!;
    const r = decide(s.state, { type: 'importInvitationList', mode: 'append', rows: [row] }, { principal: admin, now: s.now, newId: () => taken });
    expectRefused(r, 'DUPLICATE_ID');
  });
});
