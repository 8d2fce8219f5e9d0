import { describe, expect, it } from 'vitest';
import { CommandSchema, EventSchema, type MeetingEvent } from '../protocol/index.js';
import { decide, evolve, replay, emptyState, talliesByPoint, tallyOverall, centralPoint, type MeetingState } from '../meeting/index.js';
import { CA_MAU_2021_CENTRAL_POINT_ID, CA_MAU_2021_CONFERENCE_ID, CA_MAU_2021_DISTRICTS, CA_MAU_2021_REGION, caMau2021Commands } from './caMau2021.js';
import { entryOf } from '../meeting/buckets.js';

function seed(): { state: MeetingState; log: MeetingEvent[] } {
  let state = emptyState();
  const log: MeetingEvent[] = [];
  let n = 0;
  for (const command of caMau2021Commands()) {
    const r = decide(state, command, { now: Date.UTC(2021, 0, 3, 2, 0), principal: { role: 'admin', name: 'demo seed' }, newId: () => `seed-${++n}` });
    if (!r.ok) throw new Error(`${command.type} refused: ${r.code} ${r.message}`);
    for (const e of r.events) {
      expect(EventSchema.safeParse(e).success).toBe(true);
      state = evolve(state, e);
      log.push(e);
    }
  }
  return { state, log };
}

describe('the Cà Mau 04/01/2021 demo', () => {
  it('R-DEMO-1: every command is valid protocol and accepted from an empty state', () => {
    const commands = caMau2021Commands();
    expect(commands[0]).toMatchObject({ type: 'createConference', id: CA_MAU_2021_CONFERENCE_ID });
    for (const c of commands) expect(CommandSchema.safeParse(c).success).toBe(true);
    const { state, log } = seed();
    expect(replay(log)).toEqual(state);
  });

  it('R-DEMO-1: the conference, its ten points and its presiding panel', () => {
    const { state } = seed();
    expect(state.conference).toMatchObject({
      id: CA_MAU_2021_CONFERENCE_ID,
      date: '2021-01-04',
      organiser: 'Ủy ban nhân dân tỉnh Cà Mau',
      status: 'scheduled',
      clerkName: 'Đoàn Thị Thu Hà',
      microphoneDiscipline: 'chairGrants',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(state.conference?.title).toMatch(/^Hội nghị trực tuyến kiểm điểm công tác chỉ đạo, điều hành phát triển kinh tế - xã hội năm 2020/);
    expect(centralPoint(state)?.id).toBe(CA_MAU_2021_CENTRAL_POINT_ID);
    const names = state.pointOrder.map((id) => state.points[id]?.name);
    expect(names).toHaveLength(10);
    // R-SETUP-10: one province's conference: in a cluster every point is placed in Cà Mau's region
    expect(state.pointOrder.map((id) => state.points[id]?.region)).toEqual(Array(10).fill(CA_MAU_2021_REGION));
    for (const d of ['Thành phố Cà Mau', 'Huyện Thới Bình', 'Huyện U Minh', 'Huyện Trần Văn Thời', 'Huyện Cái Nước', 'Huyện Đầm Dơi', 'Huyện Năm Căn', 'Huyện Phú Tân', 'Huyện Ngọc Hiển']) {
      expect(names).toContain(d);
    }
    const panel = state.panelOrder.map((id) => state.panel[id]!);
    expect(panel.slice(0, 3).map((m) => m.name)).toEqual(['Nguyễn Tiến Hải', 'Trần Văn Hiện', 'Lê Quân']);
    expect(panel[0]?.position).toBe('Bí thư Tỉnh ủy');
    expect(panel.slice(3).every((m) => m.position === 'Phó Chủ tịch UBND tỉnh')).toBe(true);
    // every text is stored in NFC
    expect(JSON.stringify(state)).toBe(JSON.stringify(state).normalize('NFC'));
  });

  it('R-DEMO-1: the invitation list by point and organisation', () => {
    const { state } = seed();
    const byPoint = talliesByPoint(state);
    expect(byPoint[CA_MAU_2021_CENTRAL_POINT_ID]!.invited).toBeGreaterThan(30);
    for (const d of CA_MAU_2021_DISTRICTS) expect(byPoint[d.id]!.invited).toBeGreaterThanOrEqual(5);
    expect(tallyOverall(state)).toMatchObject({ invited: state.attendeeOrder.length, unmarked: state.attendeeOrder.length, walkIns: 0 });
    const orgNames = state.organisationOrder.map((id) => state.organisations[id]!.name);
    for (const o of ['Ủy ban MTTQ Việt Nam tỉnh Cà Mau', 'Đoàn đại biểu Quốc hội tỉnh Cà Mau', 'Đảng ủy Dân chính Đảng tỉnh Cà Mau', 'HĐND huyện Thới Bình', 'UBND huyện Ngọc Hiển']) {
      expect(orgNames).toContain(o);
    }
    // district leaders sit at their district point; district secretaries at the centre
    const atThoiBinh = state.attendeeOrder.map((id) => entryOf(state.attendees, id)!).filter((a) => a.pointId === 'cm-thoi-binh');
    expect(atThoiBinh.map((a) => state.organisations[a.organisationId]!.name)).toEqual(expect.arrayContaining(['HĐND huyện Thới Bình', 'UBND huyện Thới Bình']));
    const names = state.attendeeOrder.map((id) => entryOf(state.attendees, id)!.name);
    expect(names.every((n) => !/Thị (An|Bình|Chiến|Dũng|Hùng|Khải|Lợi|Nam|Phong|Quang|Sơn|Thắng|Tuấn|Vinh|Hiếu|Trí|Đức)$/.test(n))).toBe(true);
  });

  it('R-DEMO-1: the five-step agenda with planned durations and presenters', () => {
    const { state } = seed();
    const steps = state.agenda.order.map((id) => state.agenda.steps[id]!);
    expect(steps.map((s) => s.kind)).toEqual(['opening', 'report', 'discussion', 'directive', 'conclusion']);
    expect(steps.every((s) => s.plannedMinutes > 0 && s.presidingMemberId === 'pm-le-quan')).toBe(true);
    expect(steps[3]?.presenter).toMatch(/Nguyễn Tiến Hải/);
    expect(steps[1]?.documents[0]?.name).toMatch(/13\/15 chỉ tiêu/);
  });

  it('R-DEMO-1: the seeded conference can be run: roll-call, session, discussion', () => {
    const { log } = seed();
    let state = replay(log);
    const run = (principal: Parameters<typeof decide>[2]['principal'], command: Parameters<typeof decide>[1]) => {
      const r = decide(state, command, { now: Date.UTC(2021, 0, 4, 0, 30), principal, newId: () => 'run-1' });
      if (!r.ok) throw new Error(`${r.code} ${r.message}`);
      for (const e of r.events) state = evolve(state, e);
    };
    run({ role: 'chair' }, { type: 'setConferenceStatus', status: 'rollCall' });
    run({ role: 'point', pointId: 'cm-u-minh' }, { type: 'reportReadiness', pointId: 'cm-u-minh', headcount: 9 });
    run({ role: 'chair' }, { type: 'setConferenceStatus', status: 'inSession' });
    run({ role: 'chair' }, { type: 'startAgenda', stepId: 'step-3-thao-luan' });
    run({ role: 'point', pointId: 'cm-u-minh' }, { type: 'requestFloor', pointId: 'cm-u-minh', topic: 'Phòng cháy chữa cháy rừng U Minh Hạ', kind: 'contribution' });
    expect(state.queue.waiting).toEqual(['run-1']);
    expect(state.conference?.limits.contribution).toBe(420);
  });
});
