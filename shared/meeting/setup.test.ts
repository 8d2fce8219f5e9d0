import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEAKING_LIMITS } from './state.js';
import { floorHolders, organisationsAtPoint, placementRegion, pointAudio } from './selectors.js';
import { copyConferenceCommands } from './copy-conference.js';
import { replay } from './evolve.js';
import { CommandSchema, EventSchema, type MeetingEvent } from '../protocol/index.js';
import { admin, attendeeAt, CENTRAL, chair, discussing, draftConference, expectEvents, expectRefused, idSource, NAM_CAN, pointOp, Scenario, T0, THOI_BINH, U_MINH } from './testkit.js';
import { entryOf } from './buckets.js';

describe('setting a conference up', () => {
  it('R-SETUP-1: ids are chosen or come from ctx.newId; a taken id is DUPLICATE_ID', () => {
    const s = draftConference();
    const [e] = expectEvents(s.try(admin, { type: 'addPoint', name: 'Huyện Phú Tân', kind: 'district' }), ['pointAdded']);
    expect(e).toMatchObject({ pointId: expect.stringMatching(/^g\d+$/), contact: '' });
    expectRefused(s.try(admin, { type: 'addPoint', id: THOI_BINH, name: 'Huyện Phú Tân', kind: 'district' }), 'DUPLICATE_ID');
    expectRefused(s.try(admin, { type: 'addPanelMember', id: 'pm-hai', name: 'X', position: 'Y', organisation: 'Z' }), 'DUPLICATE_ID');
    expectRefused(s.try(admin, { type: 'addAgendaStep', id: 'st-open', title: 'X', kind: 'other', plannedMinutes: 5 }), 'DUPLICATE_ID');
    expectRefused(s.try(admin, { type: 'addOrganisation', id: s.state.organisationOrder[0]!, name: 'Mới' }), 'DUPLICATE_ID');
  });

  it('R-SETUP-2: point and organisation names are unique regardless of case and spacing', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'addPoint', name: 'huyện  THỚI BÌNH', kind: 'district' }), 'DUPLICATE_NAME');
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: U_MINH, name: 'Huyện Thới Bình' }), 'DUPLICATE_NAME');
    expectRefused(s.try(admin, { type: 'addOrganisation', name: 'sở kế hoạch và đầu tư' }), 'DUPLICATE_NAME');
    const [org] = s.do(admin, { type: 'addOrganisation', id: 'org-new', name: 'Sở Y tế' });
    expect(org).toMatchObject({ type: 'organisationAdded', organisationId: 'org-new' });
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'org-new', name: 'SỞ KẾ HOẠCH VÀ ĐẦU TƯ' }), 'DUPLICATE_NAME');
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'org-new', name: 'Sở Y tế' }), 'NO_CHANGE');
    s.do(admin, { type: 'updateOrganisation', organisationId: 'org-new', name: 'Sở Y tế tỉnh Cà Mau' });
    expect(s.state.organisations['org-new']?.name).toBe('Sở Y tế tỉnh Cà Mau');
  });

  it('R-SETUP-3: what the record refers to cannot be removed', () => {
    const s = discussing();
    expectRefused(s.try(admin, { type: 'removePoint', pointId: THOI_BINH }), 'IN_USE');
    const orgOfLine4 = entryOf(s.state.attendees, attendeeAt(s.state, 4))!.organisationId;
    expectRefused(s.try(admin, { type: 'removeOrganisation', organisationId: orgOfLine4 }), 'IN_USE');
    expectRefused(s.try(admin, { type: 'removePanelMember', memberId: 'pm-quan' }), 'IN_USE');
    s.do(chair, { type: 'startDirectiveSpeech', id: 'd1', memberId: 'pm-hai' });
    expectRefused(s.try(admin, { type: 'removePanelMember', memberId: 'pm-hai' }), 'IN_USE');
    // a point nobody refers to can go, and takes its presence and audio with it
    s.do(admin, { type: 'addPoint', id: 'p-phu-tan', name: 'Huyện Phú Tân', kind: 'district' });
    s.do(admin, { type: 'addOrganisation', id: 'org-empty', name: 'Ban Dân tộc' });
    expectEvents(s.try(admin, { type: 'removePoint', pointId: 'p-phu-tan' }), ['pointRemoved']);
    s.do(admin, { type: 'removePoint', pointId: 'p-phu-tan' });
    s.do(admin, { type: 'removeOrganisation', organisationId: 'org-empty' });
    expect(s.state.pointOrder).not.toContain('p-phu-tan');
    expect(s.state.media.audio['p-phu-tan']).toBeUndefined();
    expect(s.state.organisations['org-empty']).toBeUndefined();
  });

  it('R-SETUP-9: an organisation sits at one point or none; a point with organisations placed at it stays', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'addOrganisation', name: 'Phòng Nội vụ Thới Bình', pointId: 'nowhere' }), 'UNKNOWN_POINT');
    expect(s.do(admin, { type: 'addOrganisation', id: 'org-nv', name: 'Phòng Nội vụ Thới Bình', pointId: THOI_BINH })).toMatchObject([{ type: 'organisationAdded', pointId: THOI_BINH }]);
    expect(s.state.organisations['org-nv']).toEqual({ id: 'org-nv', name: 'Phòng Nội vụ Thới Bình', pointId: THOI_BINH });
    expect(organisationsAtPoint(s.state, THOI_BINH)).toContain('org-nv');
    expect(organisationsAtPoint(s.state, U_MINH)).not.toContain('org-nv');
    // only what changes is recorded
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'org-nv', pointId: THOI_BINH }), 'NO_CHANGE');
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'org-nv' }), 'NO_CHANGE');
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'org-nv', pointId: 'nowhere' }), 'UNKNOWN_POINT');
    const [moved] = s.do(admin, { type: 'updateOrganisation', organisationId: 'org-nv', name: 'Phòng Nội vụ Thới Bình', pointId: U_MINH });
    expect(moved).toMatchObject({ type: 'organisationUpdated', organisationId: 'org-nv', pointId: U_MINH });
    expect(moved).not.toHaveProperty('name');
    s.do(admin, { type: 'addPoint', id: 'p-phu-tan', name: 'Huyện Phú Tân', kind: 'district' });
    s.do(admin, { type: 'updateOrganisation', organisationId: 'org-nv', pointId: 'p-phu-tan' });
    const refused = s.try(admin, { type: 'removePoint', pointId: 'p-phu-tan' });
    expectRefused(refused, 'IN_USE');
    expect(!refused.ok && refused.message).toContain('Phòng Nội vụ Thới Bình');
    s.do(admin, { type: 'updateOrganisation', organisationId: 'org-nv', pointId: null });
    expect(s.state.organisations['org-nv']?.pointId).toBeNull();
    expectEvents(s.try(admin, { type: 'removePoint', pointId: 'p-phu-tan' }), ['pointRemoved']);
  });

  it('R-SETUP-9: the import places a new organisation at its rows’ point when they all name one', () => {
    const s = draftConference();
    s.do(admin, {
      type: 'importInvitationList',
      mode: 'append',
      rows: [
        { line: 2, name: 'Ông Một', position: 'Trưởng phòng', organisation: 'Phòng Y tế Thới Bình', point: 'Thới Bình' },
        { line: 3, name: 'Bà Hai', position: 'Phó phòng', organisation: 'Phòng Y tế Thới Bình', point: THOI_BINH },
        { line: 4, name: 'Ông Ba', position: 'Phó Giám đốc', organisation: 'Sở Y tế (các điểm)', point: THOI_BINH },
        { line: 5, name: 'Bà Bốn', position: 'Phó Giám đốc', organisation: 'Sở Y tế (các điểm)', point: U_MINH },
      ],
    });
    const byName = (n: string) => Object.values(s.state.organisations).find((o) => o.name === n);
    expect(byName('Phòng Y tế Thới Bình')?.pointId).toBe(THOI_BINH);
    expect(byName('Sở Y tế (các điểm)')?.pointId).toBeNull();
    // …and the roll-call offers it at both points through its attendees
    expect(organisationsAtPoint(s.state, U_MINH)).toContain(byName('Sở Y tế (các điểm)')?.id);
  });

  it('R-SETUP-3: a panel member with no step and no speech can be removed', () => {
    const s = draftConference();
    s.do(admin, { type: 'addPanelMember', id: 'pm-vc', name: 'Phạm Minh Khải', position: 'Phó Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' });
    s.do(admin, { type: 'removePanelMember', memberId: 'pm-vc' });
    expect(s.state.panelOrder).toEqual(['pm-hai', 'pm-quan']);
  });

  it('R-SETUP-4: reorders must be permutations of the current ids', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'reorderPanel', memberIds: ['pm-hai'] }), 'NOT_A_PERMUTATION');
    expectRefused(s.try(admin, { type: 'reorderPanel', memberIds: ['pm-hai', 'pm-hai'] }), 'NOT_A_PERMUTATION');
    expectRefused(s.try(admin, { type: 'reorderPanel', memberIds: ['pm-hai', 'pm-quan'] }), 'NO_CHANGE');
    s.do(admin, { type: 'reorderPanel', memberIds: ['pm-quan', 'pm-hai'] });
    expect(s.state.panelOrder).toEqual(['pm-quan', 'pm-hai']);
    expectRefused(s.try(admin, { type: 'reorderAgenda', stepIds: ['st-open', 'st-report', 'st-discuss', 'st-directive', 'ghost'] }), 'NOT_A_PERMUTATION');
    expectRefused(s.try(admin, { type: 'reorderAgenda', stepIds: ['st-open', 'st-report', 'st-discuss', 'st-directive', 'st-close'] }), 'NO_CHANGE');
    s.do(admin, { type: 'reorderAgenda', stepIds: ['st-open', 'st-report', 'st-directive', 'st-discuss', 'st-close'] });
    expect(s.state.agenda.order[2]).toBe('st-directive');
  });

  it('R-SETUP-5: commands naming something missing are refused with the matching code', () => {
    const s = discussing();
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: 'ghost', name: 'X' }), 'UNKNOWN_POINT');
    expectRefused(s.try(admin, { type: 'removePoint', pointId: 'ghost' }), 'UNKNOWN_POINT');
    expectRefused(s.try(admin, { type: 'updatePanelMember', memberId: 'ghost', name: 'X' }), 'UNKNOWN_PANEL_MEMBER');
    expectRefused(s.try(admin, { type: 'removePanelMember', memberId: 'ghost' }), 'UNKNOWN_PANEL_MEMBER');
    expectRefused(s.try(admin, { type: 'addAgendaStep', title: 'X', kind: 'other', plannedMinutes: 5, presidingMemberId: 'ghost' }), 'UNKNOWN_PANEL_MEMBER');
    expectRefused(s.try(admin, { type: 'updateAgendaStep', stepId: 'st-open', presidingMemberId: 'ghost' }), 'UNKNOWN_PANEL_MEMBER');
    expectRefused(s.try(admin, { type: 'updateAgendaStep', stepId: 'ghost', title: 'X' }), 'UNKNOWN_AGENDA_STEP');
    expectRefused(s.try(admin, { type: 'removeAgendaStep', stepId: 'ghost' }), 'UNKNOWN_AGENDA_STEP');
    expectRefused(s.try(admin, { type: 'updateOrganisation', organisationId: 'ghost', name: 'X' }), 'UNKNOWN_ORGANISATION');
    expectRefused(s.try(admin, { type: 'removeOrganisation', organisationId: 'ghost' }), 'UNKNOWN_ORGANISATION');
  });

  it('R-SETUP-5: updates record only changed fields and refuse empty changes', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: THOI_BINH, name: 'Huyện Thới Bình' }), 'NO_CHANGE');
    const [p] = expectEvents(s.try(admin, { type: 'updatePoint', pointId: THOI_BINH, name: 'Huyện Thới Bình', contact: 'Anh Tâm 0913 000 000' }), ['pointUpdated']);
    expect(p).toEqual(expect.not.objectContaining({ name: expect.anything() }));
    expectRefused(s.try(admin, { type: 'updatePanelMember', memberId: 'pm-hai', name: 'Nguyễn Tiến Hải' }), 'NO_CHANGE');
    s.do(admin, { type: 'updatePanelMember', memberId: 'pm-hai', position: 'Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy' });
    expect(s.state.panel['pm-hai']?.position).toMatch(/^Ủy viên BCH/);
    expectRefused(s.try(admin, { type: 'updateAgendaStep', stepId: 'st-report', plannedMinutes: 30 }), 'NO_CHANGE');
    s.do(admin, { type: 'updateAgendaStep', stepId: 'st-report', plannedMinutes: 45, documents: [{ name: 'Báo cáo KT-XH 2020', url: 'https://camau.gov.vn/bao-cao.pdf' }], presenter: 'Giám đốc Sở KH&ĐT' });
    expect(s.state.agenda.steps['st-report']).toMatchObject({ plannedMinutes: 45, presenter: 'Giám đốc Sở KH&ĐT', documents: [{ name: 'Báo cáo KT-XH 2020' }] });
    s.do(admin, { type: 'updateAgendaStep', stepId: 'st-report', presenter: null });
    expect(s.state.agenda.steps['st-report']?.presenter).toBeNull();
  });

  it('R-SETUP-6: default limits and floors; quorum, limits and floors are settable', () => {
    const s = discussing();
    expect(s.state.conference).toMatchObject({ limits: DEFAULT_SPEAKING_LIMITS, maxOpenFloors: 1, quorum: null });
    expect(DEFAULT_SPEAKING_LIMITS.warningSeconds).toBe(30);
    expectRefused(s.try(admin, { type: 'setQuorum', quorum: null }), 'NO_CHANGE');
    s.do(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } });
    expectRefused(s.try(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } }), 'NO_CHANGE');
    expectRefused(s.try(admin, { type: 'setSpeakingLimits', limits: DEFAULT_SPEAKING_LIMITS }), 'NO_CHANGE');
    s.do(admin, { type: 'setSpeakingLimits', limits: { ...DEFAULT_SPEAKING_LIMITS, contribution: 600 } });
    expect(s.state.conference?.limits.contribution).toBe(600);
    expectRefused(s.try(admin, { type: 'setMaxOpenFloors', max: 1 }), 'NO_CHANGE');
    s.do(admin, { type: 'setMaxOpenFloors', max: 2 });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', id: 'r1', pointId: THOI_BINH, topic: 'A', kind: 'contribution' });
    s.do(pointOp(U_MINH), { type: 'requestFloor', id: 'r2', pointId: U_MINH, topic: 'B', kind: 'contribution' });
    s.do(chair, { type: 'grantFloor', requestId: 'r1' });
    s.do(chair, { type: 'grantFloor', requestId: 'r2' });
    expect(floorHolders(s.state)).toHaveLength(2);
    expectRefused(s.try(admin, { type: 'setMaxOpenFloors', max: 1 }), 'FLOOR_LIMIT_REACHED');
  });

  it('R-SETUP-7: connection points join muted, the central point open', () => {
    const s = draftConference();
    expect(pointAudio(s.state, CENTRAL)).toEqual({ muted: false });
    expect(pointAudio(s.state, NAM_CAN)).toEqual({ muted: true });
  });

  it('R-SETUP-8: the presiding panel keeps the order members were added in', () => {
    const s = new Scenario([], undefined, idSource('m'));
    s.do(admin, { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'U', venue: 'V' });
    for (const name of ['Nguyễn Tiến Hải', 'Trần Văn Hiện', 'Lê Quân']) s.do(admin, { type: 'addPanelMember', name, position: 'Đồng chủ trì', organisation: 'Tỉnh' });
    expect(s.state.panelOrder.map((id) => s.state.panel[id]?.name)).toEqual(['Nguyễn Tiến Hải', 'Trần Văn Hiện', 'Lê Quân']);
  });
});

describe('a point’s region (R-SETUP-10)', () => {
  it('R-SETUP-10: set when the point is added, changed, taken off; only a change is recorded', () => {
    const s = draftConference();
    expect(s.state.points[THOI_BINH]?.region).toBeNull();
    const [added] = s.do(admin, { type: 'addPoint', id: 'p-phuoc-long', name: 'Xã Phước Long', kind: 'commune', region: 'BL' });
    expect(added).toMatchObject({ type: 'pointAdded', pointId: 'p-phuoc-long', region: 'BL' });
    expect(s.state.points['p-phuoc-long']).toEqual({ id: 'p-phuoc-long', name: 'Xã Phước Long', kind: 'commune', contact: '', region: 'BL' });
    expect(placementRegion(s.state, pointOp('p-phuoc-long'))).toBe('BL');
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: 'p-phuoc-long', region: 'BL' }), 'NO_CHANGE');
    const [moved] = s.do(admin, { type: 'updatePoint', pointId: THOI_BINH, region: 'CM', contact: '0290 000 001' });
    expect(moved).toEqual({ type: 'pointUpdated', at: expect.any(Number), by: admin, pointId: THOI_BINH, region: 'CM' });
    expect(placementRegion(s.state, pointOp(THOI_BINH))).toBe('CM');
    s.do(admin, { type: 'updatePoint', pointId: THOI_BINH, region: null });
    expect(s.state.points[THOI_BINH]?.region).toBeNull();
    expect(placementRegion(s.state, pointOp(THOI_BINH))).toBeNull();
    // principals of no point, and a point that is not there, have none
    expect(placementRegion(s.state, chair)).toBeNull();
    expect(placementRegion(s.state, pointOp('nowhere'))).toBeNull();
    expectRefused(s.try(admin, { type: 'updatePoint', pointId: 'nowhere', region: 'CM' }), 'UNKNOWN_POINT');
    // only the admin sets a point up
    expectRefused(s.try(pointOp(U_MINH), { type: 'updatePoint', pointId: U_MINH, region: 'CM' }), 'FORBIDDEN');
  });

  it('R-SETUP-10: many points at once carry their regions; a region has a region’s form', () => {
    const s = draftConference();
    const events = s.do(admin, {
      type: 'addPoints',
      points: [
        { id: 'p-a', name: 'Xã Khánh Bình', kind: 'commune', region: 'CM' },
        { id: 'p-b', name: 'Xã Vĩnh Lợi', kind: 'commune', region: 'Bạc_Liêu' },
        { id: 'p-c', name: 'Xã Tân Thành', kind: 'commune' },
      ],
    });
    expect(events.map((e) => (e.type === 'pointAdded' ? e.region : 'other'))).toEqual(['CM', 'Bạc_Liêu', null]);
    expect(['p-a', 'p-b', 'p-c'].map((id) => s.state.points[id]?.region)).toEqual(['CM', 'Bạc_Liêu', null]);
    for (const region of ['', 'Bạc Liêu', 'x'.repeat(65), '<b>']) {
      expect(CommandSchema.safeParse({ type: 'addPoint', name: 'X', kind: 'commune', region }).success).toBe(false);
      expect(CommandSchema.safeParse({ type: 'updatePoint', pointId: 'p-a', region }).success).toBe(false);
    }
    expect(CommandSchema.safeParse({ type: 'updatePoint', pointId: 'p-a', region: null }).success).toBe(true);
  });

  it('R-SETUP-10: a log written before regions replays with no region; a copy carries them', () => {
    const s = draftConference();
    const old: MeetingEvent = { type: 'pointAdded', at: T0, by: admin, pointId: 'p-old', name: 'Xã Cũ', kind: 'commune', contact: '' };
    expect(EventSchema.safeParse(old).success).toBe(true);
    s.apply([old]);
    expect(s.state.points['p-old']?.region).toBeNull();
    s.do(admin, { type: 'updatePoint', pointId: 'p-old', region: 'CM' });
    expect(replay(s.log).points['p-old']?.region).toBe('CM');
    const copy = copyConferenceCommands(s.state, { id: 'c-copy', title: 'Bản sao', date: '2021-02-01' }, { invitationList: false });
    const added = copy.flatMap((c) => (c.type === 'addPoints' ? c.points : []));
    expect(added.find((p) => p.id === 'p-old')).toMatchObject({ region: 'CM' });
    expect(added.find((p) => p.id === THOI_BINH)).not.toHaveProperty('region');
  });
});
