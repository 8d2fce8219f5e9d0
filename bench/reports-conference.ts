import { decide, emptyState, evolve, type MeetingState } from '../shared/meeting/index.js';
import type { Command, InvitationRow, MeetingEvent, Principal } from '../shared/protocol/index.js';

// A large conference for the reports benchmark: a province-wide meeting with a central point
// and 199 commune/district points, 3,000 invited attendees (15 per point, in five organisations
// each), every one marked by the clerk, a walk-in at every tenth point, presence with losses,
// five agenda steps and 40 speeches. Built through the real decide/evolve with a fixed clock, so
// every run reports on the same log.

const admin: Principal = { role: 'admin', name: 'Quản trị' };
const chair: Principal = { role: 'chair', name: 'Nguyễn Văn Chủ Trì' };
const clerk: Principal = { role: 'clerk', name: 'Trần Thị Thư Ký' };
const system: Principal = { role: 'system' };

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Dương', 'Lâm'];
const MIDDLE = ['Văn', 'Thị', 'Hoàng', 'Ngọc', 'Quốc', 'Thanh'];
const GIVEN = ['Ánh', 'Bình', 'Cường', 'Dũng', 'Hạnh', 'Khải', 'Lợi', 'Mỹ', 'Nghĩa', 'Phước', 'Quyết', 'Sương', 'Thắng', 'Ước', 'Yến'];
const ORGS = ['HĐND', 'UBND', 'Phòng Tài chính - Kế hoạch', 'Phòng Nông nghiệp và PTNT', 'Văn phòng HĐND và UBND'];

export interface LargeConference {
  events: MeetingEvent[];
  state: MeetingState;
  points: number;
  attendees: number;
}

export function largeConference(pointCount = 200, attendeesPerPoint = 15): LargeConference {
  let state = emptyState();
  const events: MeetingEvent[] = [];
  let n = 0;
  const newId = (): string => `b${++n}`;
  let now = Date.UTC(2021, 0, 4, 0, 0);
  const run = (by: Principal, c: Command, dt = 1000): MeetingEvent[] => {
    now += dt;
    const r = decide(state, c, { principal: by, now, newId });
    if (!r.ok) throw new Error(`${c.type}: ${r.code} ${r.message}`);
    for (const e of r.events) state = evolve(state, e);
    events.push(...r.events);
    return r.events;
  };

  run(admin, { type: 'createConference', id: 'bench-200', title: 'Hội nghị trực tuyến toàn tỉnh triển khai nhiệm vụ năm 2021', date: '2021-01-04', organiser: 'Ủy ban nhân dân tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' });
  const pointIds: string[] = [];
  for (let p = 0; p < pointCount; p++) {
    const id = `pt-${p}`;
    pointIds.push(id);
    run(admin, { type: 'addPoint', id, name: p === 0 ? 'Điểm cầu trung tâm UBND tỉnh' : `Điểm cầu xã Tân Hưng Đông ${p}`, kind: p === 0 ? 'central' : 'commune', contact: '' });
  }
  for (let i = 0; i < 5; i++) run(admin, { type: 'addPanelMember', id: `pm-${i}`, name: `Lê Quang Điền ${i + 1}`, position: i === 0 ? 'Chủ tịch UBND tỉnh' : 'Phó Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' });
  const rows: InvitationRow[] = [];
  for (let p = 0; p < pointCount; p++)
    for (let k = 0; k < attendeesPerPoint; k++) {
      const i = rows.length;
      const name = `${FAMILY[i % 10]} ${MIDDLE[(i * 7) % 6]} ${GIVEN[(i * 11) % 15]} ${Math.floor(i / 150) + 1}`;
      const point = p === 0 ? 'Điểm cầu trung tâm UBND tỉnh' : `Điểm cầu xã Tân Hưng Đông ${p}`;
      rows.push({ line: i + 2, name, position: `Chuyên viên phụ trách lĩnh vực ${k + 1}`, organisation: `${ORGS[k % 5]} ${point}`, point });
    }
  run(admin, { type: 'importInvitationList', mode: 'replace', rows });
  const titles = ['Khai mạc', 'Báo cáo tình hình kinh tế - xã hội', 'Thảo luận', 'Phát biểu chỉ đạo', 'Kết luận, bế mạc'];
  const kinds = ['opening', 'report', 'discussion', 'directive', 'conclusion'] as const;
  titles.forEach((title, i) => run(admin, { type: 'addAgendaStep', id: `st-${i}`, title, kind: kinds[i] ?? 'other', presenter: 'Chánh Văn phòng', plannedMinutes: 20 }));
  run(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 60 } });
  run(admin, { type: 'setConferenceStatus', status: 'scheduled' });
  run(chair, { type: 'setConferenceStatus', status: 'rollCall' });
  for (const p of pointIds) run(system, { type: 'pointOnline', pointId: p }, 200);
  for (const id of [...state.attendeeOrder]) {
    const i = Number(id.slice(1)) % 40;
    const mark: Command = { type: 'markAttendance', attendeeId: id, mark: i === 3 ? { status: 'excused', reason: 'Đi công tác' } : i === 7 ? { status: 'absent' } : i === 11 ? { status: 'substitute', substituteName: 'Đỗ Thị Ngọc Ánh', substitutePosition: 'Phó phòng' } : { status: 'present' } };
    run(clerk, mark, 300);
  }
  const firstOrg = state.organisationOrder[0] ?? '';
  for (let p = 0; p < pointCount; p += 10) run(clerk, { type: 'addWalkIn', pointId: pointIds[p] ?? '', name: `Khách mời Đinh Thị Ước ${p}`, position: 'Khách mời', organisationId: firstOrg });
  run(chair, { type: 'setConferenceStatus', status: 'inSession' });
  run(chair, { type: 'startAgenda' }, 60_000);
  run(chair, { type: 'nextAgendaStep' }, 600_000);
  run(chair, { type: 'nextAgendaStep' }, 1_800_000);
  for (let s = 0; s < 40; s++) {
    const pointId = pointIds[1 + ((s * 37) % (pointCount - 1))] ?? '';
    const [req] = run({ role: 'point', pointId }, { type: 'requestFloor', pointId, delegateName: `Huỳnh Văn Ước ${s}`, delegatePosition: 'Chủ tịch UBND xã', topic: `Kiến nghị số ${s + 1} về hạ tầng giao thông nông thôn`, kind: 'contribution' }, 5_000);
    if (req?.type !== 'floorRequested') throw new Error('no request');
    const [granted] = run(chair, { type: 'grantFloor', requestId: req.requestId }, 5_000);
    if (granted?.type !== 'floorGranted') throw new Error('no grant');
    if (s % 5 === 0) {
      run(system, { type: 'signalLost', pointId }, 30_000);
      run(system, { type: 'signalRestored', pointId }, 20_000);
    }
    run(chair, { type: 'endSpeech', speechId: granted.speechId }, 180_000);
  }
  run(chair, { type: 'nextAgendaStep' }, 60_000);
  run(chair, { type: 'startDirectiveSpeech', memberId: 'pm-0', topic: 'Chỉ đạo' }, 10_000);
  const sp = state.speechOrder[state.speechOrder.length - 1] ?? '';
  run(chair, { type: 'endSpeech', speechId: sp }, 1_200_000);
  run(chair, { type: 'nextAgendaStep' }, 60_000);
  run(chair, { type: 'nextAgendaStep' }, 900_000);
  run(chair, { type: 'setConferenceStatus', status: 'adjourned' });
  return { events, state, points: pointCount, attendees: state.attendeeOrder.length };
}
