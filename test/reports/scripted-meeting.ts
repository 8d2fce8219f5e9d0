import { CA_MAU_2021_CENTRAL_POINT_ID, caMau2021Commands } from '../../shared/demo/caMau2021.js';
import { decide, evolve, emptyState, type MeetingState } from '../../shared/meeting/index.js';
import type { Command, MeetingEvent, Principal } from '../../shared/protocol/index.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// The Cà Mau demo conference run as a scripted meeting on 04/01/2021 with a fixed clock, through
// the real decide/evolve: roll-call (present, excused with a reason, absent, a substitute, a
// walk-in, one left unmarked), readiness, presence (a signal loss, a point dropping and coming
// back), the five agenda steps with two floor speeches (one paused) and a directive speech.

/** 07:30 on 04/01/2021 in Cà Mau (UTC+7). */
export const T0 = Date.UTC(2021, 0, 4, 0, 30);
/** Minutes after 07:30 → epoch ms. */
export const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2021, 0, 4, hh - 7, mm, ss);

export const admin: Principal = { role: 'admin', name: 'Quản trị hệ thống' };
export const chair: Principal = { role: 'chair', name: 'Lê Quân' };
export const clerk: Principal = { role: 'clerk', name: 'Đoàn Thị Thu Hà' };
const system: Principal = { role: 'system' };
const pointOp = (pointId: string): Principal => ({ role: 'point', pointId });

export const THOI_BINH = 'cm-thoi-binh';
export const DAM_DOI = 'cm-dam-doi';
export const NGOC_HIEN = 'cm-ngoc-hien';

export interface ScriptedMeeting {
  events: MeetingEvent[];
  state: MeetingState;
  /** The people the tests look for, by what happened to them. */
  cast: {
    excused: { name: string; reason: string };
    absent: { name: string };
    substitute: { name: string; substituteName: string; substitutePosition: string };
    walkIn: { name: string; position: string; point: string };
    unmarked: { name: string };
    speakers: { name: string; point: string; topic: string; start: string; end: string; duration: string }[];
  };
}

class Run {
  events: MeetingEvent[] = [];
  state: MeetingState = emptyState();
  private n = 0;
  private readonly newId = (): string => `r${++this.n}`;

  do(principal: Principal, now: number, command: Command): MeetingEvent[] {
    const r = decide(this.state, command, { principal, now, newId: this.newId });
    if (!r.ok) throw new Error(`scripted ${command.type} refused: ${r.code} ${r.message}`);
    for (const e of r.events) this.state = evolve(this.state, e);
    this.events.push(...r.events);
    return r.events;
  }

  attendee(pointId: string, position: string): { id: string; name: string } {
    for (const id of this.state.attendeeOrder) {
      const a = entryOf(this.state.attendees, id);
      if (a && a.pointId === pointId && a.position === position) return { id: a.id, name: a.name };
    }
    throw new Error(`no attendee "${position}" at ${pointId}`);
  }
}

/** A still of the program during Thới Bình's speech, chosen for the minutes (npm run samples:stills). */
export interface ScriptedStill {
  id: string;
  width: number;
  height: number;
  bytes: number;
}

/** `still`: the clerk takes it at 08:49 and puts it in the minutes; absent, the meeting has no stills. */
export function scriptedCaMauMeeting(options: { still?: ScriptedStill } = {}): ScriptedMeeting {
  const { still } = options;
  const run = new Run();
  let t = T0 - 24 * 3600_000; // the admin prepares the conference the day before
  for (const c of caMau2021Commands()) run.do(admin, (t += 1000), c);
  run.do(admin, (t += 1000), { type: 'setQuorum', quorum: { kind: 'percent', percent: 50 } });

  const points = run.state.pointOrder;
  run.do(chair, at(7, 30), { type: 'setConferenceStatus', status: 'rollCall' });
  points.forEach((p, i) => run.do(system, at(7, 31 + i), { type: 'pointOnline', pointId: p }));
  points.forEach((p, i) =>
    run.do(p === CA_MAU_2021_CENTRAL_POINT_ID ? clerk : pointOp(p), at(7, 42 + i), { type: 'reportReadiness', pointId: p, headcount: p === CA_MAU_2021_CENTRAL_POINT_ID ? 68 : 9 }),
  );

  // Roll-call: the clerk works through the list; a few marks differ from "present".
  const excused = run.attendee(CA_MAU_2021_CENTRAL_POINT_ID, 'Giám đốc Sở Tài chính');
  const absent = run.attendee(CA_MAU_2021_CENTRAL_POINT_ID, 'Cục trưởng Cục Thuế tỉnh');
  const substituted = run.attendee(CA_MAU_2021_CENTRAL_POINT_ID, 'Giám đốc Sở Y tế');
  const unmarked = run.attendee(NGOC_HIEN, 'Chánh Văn phòng HĐND và UBND');
  const reason = 'Đi công tác tại Hà Nội theo Quyết định số 15/QĐ-UBND';
  const substitute = { substituteName: 'Đặng Văn Lực', substitutePosition: 'Phó Giám đốc Sở Y tế' };
  let m = at(7, 45);
  for (const id of [...run.state.attendeeOrder]) {
    if (id === unmarked.id) continue;
    const mark =
      id === excused.id
        ? ({ status: 'excused', reason } as const)
        : id === absent.id
          ? ({ status: 'absent' } as const)
          : id === substituted.id
            ? ({ status: 'substitute', ...substitute } as const)
            : ({ status: 'present' } as const);
    run.do(clerk, (m += 2000), { type: 'markAttendance', attendeeId: id, mark });
  }
  const walkInOrg = run.state.organisationOrder.find((o) => run.state.organisations[o]?.name === 'Phòng Tài chính - Kế hoạch huyện Đầm Dơi');
  if (!walkInOrg) throw new Error('organisation of the walk-in not found');
  const walkIn = { name: 'Quách Thị Ngọc Hân', position: 'Phó Trưởng phòng Tài chính - Kế hoạch' };
  run.do(clerk, at(7, 58), { type: 'addWalkIn', id: 'walk-in-1', pointId: DAM_DOI, organisationId: walkInOrg, ...walkIn });

  // The session: five steps, two floor speeches in the discussion (one paused), a directive speech.
  run.do(chair, at(8, 0), { type: 'setConferenceStatus', status: 'inSession' });
  // A note while no agenda step runs yet: it belongs in the minutes' general section.
  run.do(clerk, at(8, 0, 10), { type: 'addMinutesNote', id: 'note-general', text: 'Hội nghị khai mạc đúng giờ; 10/10 điểm cầu đã kết nối, hình ảnh và âm thanh ổn định.' });
  run.do(chair, at(8, 0, 30), { type: 'startAgenda' });
  run.do(chair, at(8, 12), { type: 'nextAgendaStep' });
  run.do(chair, at(8, 45), { type: 'nextAgendaStep' });
  const thoiBinhChair = run.attendee(THOI_BINH, 'Chủ tịch HĐND huyện Thới Bình');
  const damDoiVice = run.attendee(DAM_DOI, 'Phó Chủ tịch UBND huyện Đầm Dơi');
  const topic1 = 'Kết quả xây dựng nông thôn mới năm 2020 và kiến nghị về vốn đầu tư công';
  const topic2 = 'Khó khăn trong nuôi trồng thủy sản, đề xuất hỗ trợ hạ tầng vùng nuôi tôm';
  const [r1] = run.do(pointOp(THOI_BINH), at(8, 46), {
    type: 'requestFloor',
    id: 'req-thoi-binh',
    pointId: THOI_BINH,
    delegateName: thoiBinhChair.name,
    delegatePosition: 'Chủ tịch HĐND huyện Thới Bình',
    topic: topic1,
    kind: 'contribution',
  });
  void r1;
  run.do(pointOp(DAM_DOI), at(8, 47), {
    type: 'requestFloor',
    id: 'req-dam-doi',
    pointId: DAM_DOI,
    delegateName: damDoiVice.name,
    delegatePosition: 'Phó Chủ tịch UBND huyện Đầm Dơi',
    topic: topic2,
    kind: 'contribution',
  });
  run.do(chair, at(8, 48), { type: 'grantFloor', requestId: 'req-thoi-binh', speechId: 'speech-thoi-binh' });
  if (still) {
    // The program shows Thới Bình large as it speaks: the clerk's "Chụp ảnh" on the program.
    const { id, width, height, bytes } = still;
    run.do(clerk, at(8, 49), { type: 'recordStill', id, source: 'program', pointId: THOI_BINH, width, height, bytes });
    run.do(clerk, at(8, 49, 30), { type: 'selectStillForMinutes', stillId: id, inMinutes: true });
  }
  run.do(system, at(8, 50, 10), { type: 'signalLost', pointId: THOI_BINH });
  run.do(chair, at(8, 50, 15), { type: 'pauseSpeech', speechId: 'speech-thoi-binh' });
  run.do(system, at(8, 51, 40), { type: 'signalRestored', pointId: THOI_BINH });
  run.do(chair, at(8, 51, 45), { type: 'resumeSpeech', speechId: 'speech-thoi-binh' });
  run.do(chair, at(8, 55, 15), { type: 'endSpeech', speechId: 'speech-thoi-binh' });
  run.do(chair, at(8, 56), { type: 'grantFloor', requestId: 'req-dam-doi', speechId: 'speech-dam-doi' });
  run.do(pointOp(DAM_DOI), at(9, 2, 30), { type: 'endSpeech', speechId: 'speech-dam-doi' });
  run.do(system, at(9, 40), { type: 'pointOffline', pointId: NGOC_HIEN });
  run.do(system, at(9, 44), { type: 'pointOnline', pointId: NGOC_HIEN });
  run.do(clerk, at(10, 10), { type: 'addMinutesNote', id: 'note-discussion', text: 'Các điểm cầu thống nhất kiến nghị tỉnh ưu tiên vốn cho hạ tầng vùng nuôi tôm.' });
  run.do(chair, at(10, 15), { type: 'nextAgendaStep' });
  run.do(chair, at(10, 16), { type: 'startDirectiveSpeech', id: 'speech-bi-thu', memberId: 'pm-nguyen-tien-hai', topic: 'Chỉ đạo nhiệm vụ trọng tâm năm 2021' });
  run.do(chair, at(10, 41, 20), { type: 'endSpeech', speechId: 'speech-bi-thu' });
  run.do(chair, at(10, 42), { type: 'nextAgendaStep' });
  run.do(chair, at(11, 0), { type: 'nextAgendaStep' });
  run.do(chair, at(11, 0, 30), { type: 'setConferenceStatus', status: 'adjourned' });
  points.forEach((p, i) => run.do(system, at(11, 2 + i), { type: 'pointOffline', pointId: p }));

  return {
    events: run.events,
    state: run.state,
    cast: {
      excused: { name: excused.name, reason },
      absent: { name: absent.name },
      substitute: { name: substituted.name, ...substitute },
      walkIn: { ...walkIn, point: 'Huyện Đầm Dơi' },
      unmarked: { name: unmarked.name },
      speakers: [
        // 08:48:00 → 08:55:15 with 1:30 paused = 5:45 spoken.
        { name: thoiBinhChair.name, point: 'Huyện Thới Bình', topic: topic1, start: '08:48:00', end: '08:55:15', duration: '5:45' },
        { name: damDoiVice.name, point: 'Huyện Đầm Dơi', topic: topic2, start: '08:56:00', end: '09:02:30', duration: '6:30' },
        { name: 'Nguyễn Tiến Hải', point: 'Điểm cầu trung tâm UBND tỉnh', topic: 'Chỉ đạo nhiệm vụ trọng tâm năm 2021', start: '10:16:00', end: '10:41:20', duration: '25:20' },
      ],
    },
  };
}
