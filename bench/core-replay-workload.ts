import { InPlaceFold } from '../shared/meeting/evolve.js';
import { decide, type MeetingState } from '../shared/meeting/index.js';
import type { AttendanceMark, Command, InvitationRow, MeetingEvent, Principal } from '../shared/protocol/index.js';
import { entryOf } from '../shared/meeting/buckets.js';
import { seededRng } from '../shared/meeting/fuzz-commands.js';

// The log the meeting-core replay benchmark folds: a province-wide conference (a central point
// and 199 commune/district points, 3,000 invited attendees, a presiding panel of five, twelve
// agenda steps), its full roll-call, then a long session driven by a seeded random mix of what
// really happens in one: active-speaker changes, self-mute toggles, presence and signal blips,
// readiness reports, roll-call corrections and walk-ins, floor requests that the chair grants,
// defers, moves, declines or that points withdraw, speeches paused, resumed, extended and ended,
// directive speeches of the panel, agenda moves, microphone holds, layout and spotlight.
// Every command goes through the real decide and the core's reducers with a fixed clock, so a
// seed always gives the same log. The generator folds with InPlaceFold (the reducers evolve and
// replay use, one draft for the whole run): it keeps no old state, and evolving event by event
// would make the 100,000-event queue log take many minutes to build (that cost is measured). The "queue" mix is the store engineer's slow case: mostly floor traffic.

const admin: Principal = { role: 'admin', name: 'Quản trị' };
const chair: Principal = { role: 'chair', name: 'Nguyễn Văn Chủ Trì' };
const clerk: Principal = { role: 'clerk', name: 'Trần Thị Thư Ký' };
const system: Principal = { role: 'system' };
const pointOp = (pointId: string): Principal => ({ role: 'point', pointId });

export type Mix = 'conference' | 'queue';

type Action =
  | 'activeSpeaker' | 'selfMute' | 'presence' | 'signal' | 'readiness' | 'mark' | 'walkIn'
  | 'request' | 'chair' | 'mic' | 'layout' | 'agenda' | 'directive' | 'queueToggle';

/** Relative weights of what happens next in the session. */
const MIXES: Record<Mix, Record<Action, number>> = {
  conference: {
    activeSpeaker: 24, selfMute: 12, presence: 8, signal: 5, readiness: 3, mark: 10, walkIn: 1,
    request: 9, chair: 18, mic: 4, layout: 2, agenda: 0.4, directive: 0.3, queueToggle: 0.3,
  },
  queue: {
    activeSpeaker: 6, selfMute: 3, presence: 2, signal: 1, readiness: 1, mark: 2, walkIn: 0.2,
    request: 35, chair: 48, mic: 1, layout: 0.5, agenda: 0.2, directive: 0.5, queueToggle: 0.3,
  },
};

export interface Workload {
  events: MeetingEvent[];
  state: MeetingState;
  commands: number;
  refused: number;
  /** Events by type, to show what the log is made of. */
  byType: Record<string, number>;
  /** Time spent in decide per command: all commands, and the last 1,000 (the meeting at its largest). */
  decideUs: { all: number; last1000: number };
  /** Total ms in decide by command type, dearest first (wall, and CPU time of this process). */
  decideMsByType: Record<string, number>;
  decideCpuMsByType: Record<string, number>;
}

export function conferenceLog(target: number, mix: Mix = 'conference', seed = 20210104, pointCount = 200, perPoint = 15): Workload {
  const rnd = seededRng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const fold = new InPlaceFold();
  const state = fold.state;
  const events: MeetingEvent[] = [];
  let n = 0;
  const newId = (): string => `b${++n}`;
  let now = Date.UTC(2021, 0, 4, 0, 0);
  let commands = 0;
  let refused = 0;
  const decideMs: number[] = [];
  const decideByType = new Map<string, number>();
  const decideCpuByType = new Map<string, number>();
  const run = (by: Principal, c: Command, dt = 1000): MeetingEvent[] | null => {
    now += dt;
    commands++;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = decide(state, c, { principal: by, now, newId });
    const took = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    decideCpuByType.set(c.type, (decideCpuByType.get(c.type) ?? 0) + (cpu.user + cpu.system) / 1000);
    decideMs.push(took);
    decideByType.set(c.type, (decideByType.get(c.type) ?? 0) + took);
    if (!r.ok) {
      refused++;
      return null;
    }
    fold.add(r.events);
    events.push(...r.events);
    return r.events;
  };
  const must = (by: Principal, c: Command, dt = 1000): MeetingEvent[] => {
    const out = run(by, c, dt);
    if (!out) throw new Error(`setup command ${c.type} was refused`);
    return out;
  };

  // --- setup ---
  must(admin, { type: 'createConference', id: 'bench-core', title: 'Hội nghị trực tuyến toàn tỉnh triển khai nhiệm vụ năm 2021', date: '2021-01-04', organiser: 'Ủy ban nhân dân tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' });
  // The recorded workload has points opening their own microphones (R-MEDIA-8's `free`); under the
  // default chairGrants those commands would be refused and the log would lose its audio churn.
  must(admin, { type: 'updateConference', microphoneDiscipline: 'free' });
  const points: string[] = [];
  for (let p = 0; p < pointCount; p++) {
    points.push(`pt-${p}`);
    must(admin, { type: 'addPoint', id: `pt-${p}`, name: p === 0 ? 'Điểm cầu trung tâm UBND tỉnh' : `Điểm cầu xã Tân Hưng Đông ${p}`, kind: p === 0 ? 'central' : 'commune', contact: '' });
  }
  const members = [0, 1, 2, 3, 4].map((i) => `pm-${i}`);
  members.forEach((id, i) => must(admin, { type: 'addPanelMember', id, name: `Lê Quang Điền ${i + 1}`, position: i === 0 ? 'Chủ tịch UBND tỉnh' : 'Phó Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' }));
  const rows: InvitationRow[] = [];
  const orgs = ['HĐND', 'UBND', 'Phòng Tài chính - Kế hoạch', 'Phòng Nông nghiệp và PTNT', 'Văn phòng HĐND và UBND'];
  for (let p = 0; p < pointCount; p++)
    for (let k = 0; k < perPoint; k++) {
      const point = p === 0 ? 'Điểm cầu trung tâm UBND tỉnh' : `Điểm cầu xã Tân Hưng Đông ${p}`;
      rows.push({ line: rows.length + 2, name: `Nguyễn Văn Đại Biểu ${rows.length + 1}`, position: `Chuyên viên ${k + 1}`, organisation: `${orgs[k % 5]} ${point}`, point });
    }
  must(admin, { type: 'importInvitationList', mode: 'replace', rows });
  for (let i = 0; i < 12; i++) must(admin, { type: 'addAgendaStep', id: `st-${i}`, title: `Nội dung ${i + 1} của chương trình`, kind: i === 0 ? 'opening' : i === 11 ? 'conclusion' : i % 3 === 0 ? 'report' : 'discussion', presenter: 'Chánh Văn phòng', plannedMinutes: 20 });
  must(admin, { type: 'setQuorum', quorum: { kind: 'percent', percent: 60 } });
  must(admin, { type: 'setConferenceStatus', status: 'scheduled' });

  // --- roll-call: every point connects and reports ready; the clerk marks everyone ---
  must(chair, { type: 'setConferenceStatus', status: 'rollCall' });
  for (const p of points) must(system, { type: 'pointOnline', pointId: p }, 200);
  for (const p of points) must(pointOp(p), { type: 'reportReadiness', pointId: p, headcount: perPoint }, 300);
  const attendees = [...state.attendeeOrder];
  const markFor = (i: number): AttendanceMark =>
    i % 40 === 3 ? { status: 'excused', reason: 'Đi công tác' } : i % 40 === 7 ? { status: 'absent' } : i % 40 === 11 ? { status: 'substitute', substituteName: 'Đỗ Thị Ngọc Ánh', substitutePosition: 'Phó phòng' } : { status: 'present' };
  attendees.forEach((id, i) => must(clerk, { type: 'markAttendance', attendeeId: id, mark: markFor(i) }, 300));
  must(chair, { type: 'setConferenceStatus', status: 'inSession' });
  must(chair, { type: 'startAgenda' }, 60_000);
  must(chair, { type: 'openQueue' });

  // --- the long session ---
  const weights = Object.entries(MIXES[mix]) as [Action, number][];
  const total = weights.reduce((a, [, w]) => a + w, 0);
  const drawAction = (): Action => {
    let x = rnd() * total;
    for (const [a, w] of weights) if ((x -= w) < 0) return a;
    return 'chair';
  };
  const walkIns: string[] = [];
  const marks: AttendanceMark[] = [{ status: 'present' }, { status: 'absent' }, { status: 'excused', reason: 'Ốm' }, { status: 'substitute', substituteName: 'Phạm Thị Thay', substitutePosition: 'Chuyên viên' }];
  const running = (): string[] => {
    // The generator's own view of the open speeches (newest last), read from the state's tail.
    const out: string[] = [];
    for (let i = state.speechOrder.length - 1; i >= 0 && i >= state.speechOrder.length - 4; i--) {
      const sp = entryOf(state.speeches, state.speechOrder[i] ?? '');
      if (sp && sp.end === null) out.unshift(sp.id);
    }
    return out;
  };
  while (events.length < target) {
    const dt = 1000 + int(20_000);
    const p = pick(points.slice(1));
    switch (drawAction()) {
      case 'activeSpeaker': {
        const open = running().map((id) => entryOf(state.speeches, id)?.pointId ?? null);
        run(system, { type: 'setActiveSpeaker', pointId: rnd() < 0.6 && open.length > 0 ? (open[0] ?? null) : rnd() < 0.1 ? null : pick(points) }, dt);
        break;
      }
      case 'selfMute': {
        const audio = state.media.audio[p];
        if (audio?.heldBy) run(chair, { type: 'releaseMicrophone', pointId: p }, dt);
        else run(pointOp(p), { type: 'setSelfMute', pointId: p, muted: !(audio?.selfMuted ?? true) }, dt);
        break;
      }
      case 'presence':
        run(system, { type: entryOf(state.presence, p)?.online ? 'pointOffline' : 'pointOnline', pointId: p }, dt);
        break;
      case 'signal':
        run(system, { type: entryOf(state.presence, p)?.signalLost ? 'signalRestored' : 'signalLost', pointId: p }, dt);
        break;
      case 'readiness':
        run(pointOp(p), { type: 'reportReadiness', pointId: p, headcount: int(perPoint + 5) }, dt);
        break;
      case 'mark':
        run(clerk, { type: 'markAttendance', attendeeId: pick(attendees), mark: pick(marks) }, dt);
        break;
      case 'walkIn': {
        if (walkIns.length > 20 || (walkIns.length > 0 && rnd() < 0.3)) {
          const [id] = walkIns.splice(int(walkIns.length), 1);
          if (id) run(clerk, { type: 'removeWalkIn', attendeeId: id }, dt);
        } else {
          const added = run(clerk, { type: 'addWalkIn', pointId: p, name: `Khách mời Đinh Thị Ước ${n}`, position: 'Khách mời', organisationId: pick(state.organisationOrder) }, dt);
          const e = added?.[0];
          if (e?.type === 'walkInAdded') walkIns.push(e.attendee.id);
        }
        break;
      }
      case 'request': {
        const r = rnd();
        const kind = r < 0.06 ? 'pointOfOrder' : r < 0.14 && running().length > 0 ? 'reply' : 'contribution';
        run(pointOp(p), { type: 'requestFloor', pointId: p, delegateName: `Huỳnh Văn Ước ${int(50)}`, delegatePosition: 'Chủ tịch UBND xã', topic: `Kiến nghị về hạ tầng giao thông nông thôn ${int(1000)}`, kind }, dt);
        break;
      }
      case 'chair': {
        const open = running();
        const speechId = open[open.length - 1];
        const waiting = state.queue.waiting;
        if (speechId !== undefined) {
          const sp = entryOf(state.speeches, speechId);
          const paused = sp?.pauses.some((x) => x.to === null) ?? false;
          const r = rnd();
          if (r < 0.5) run(rnd() < 0.8 ? chair : pointOp(sp?.pointId ?? p), { type: 'endSpeech', speechId }, 60_000 + int(240_000));
          else if (r < 0.75) run(chair, { type: paused ? 'resumeSpeech' : 'pauseSpeech', speechId }, dt);
          else if (r < 0.85) run(chair, { type: 'extendSpeech', speechId, seconds: 60 }, dt);
          else if (waiting.length > 1) run(chair, { type: 'moveRequest', requestId: pick(waiting), to: pick(['up', 'down', 'top'] as const) }, dt);
          else run(chair, { type: paused ? 'resumeSpeech' : 'pauseSpeech', speechId }, dt);
        } else if (waiting.length > 0) {
          const head = waiting[0] ?? '';
          const r = rnd();
          if (r < 0.7) run(chair, { type: 'grantFloor', requestId: head }, dt);
          else if (r < 0.78) run(chair, { type: 'deferRequest', requestId: head }, dt);
          else if (r < 0.86 && waiting.length > 1) run(chair, { type: 'moveRequest', requestId: pick(waiting), to: pick(['up', 'down', 'top'] as const) }, dt);
          else if (r < 0.93) run(chair, { type: 'declineRequest', requestId: pick(waiting), reason: 'Nội dung đã được trả lời' }, dt);
          else {
            const req = entryOf(state.queue.requests, pick(waiting));
            if (req) run(pointOp(req.pointId), { type: 'withdrawRequest', requestId: req.id }, dt);
          }
        } else if (!state.queue.open) run(chair, { type: 'openQueue' }, dt);
        break;
      }
      case 'mic':
        run(chair, { type: state.media.audio[p]?.heldBy ? 'releaseMicrophone' : 'holdMicrophone', pointId: p }, dt);
        break;
      case 'layout':
        if (rnd() < 0.5) run(chair, { type: 'setLayout', mode: pick(['presiding', 'discussion', 'gallery'] as const) }, dt);
        else run(chair, { type: 'spotlightPoint', pointId: rnd() < 0.3 ? null : p }, dt);
        break;
      case 'agenda': {
        const last = state.agenda.order[state.agenda.order.length - 1];
        if (state.agenda.currentStepId === null) run(chair, { type: 'startAgenda', stepId: pick(state.agenda.order) }, dt);
        else run(chair, { type: state.agenda.currentStepId === last || rnd() < 0.2 ? 'previousAgendaStep' : 'nextAgendaStep' }, dt);
        break;
      }
      case 'directive':
        run(chair, { type: 'startDirectiveSpeech', memberId: pick(members), topic: 'Chỉ đạo' }, dt);
        break;
      case 'queueToggle':
        if (state.queue.open && rnd() < 0.3 && state.queue.waiting.length > 0) run(chair, { type: 'lowerAll' }, dt);
        else run(chair, { type: state.queue.open ? 'closeQueue' : 'openQueue' }, dt);
        break;
    }
  }
  const byType: Record<string, number> = {};
  for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const avgUs = (xs: number[]): number => (xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 1000;
  const decideMsByType = Object.fromEntries([...decideByType].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
  const decideCpuMsByType = Object.fromEntries([...decideCpuByType].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v)]));
  return { events, state, commands, refused, byType, decideUs: { all: avgUs(decideMs), last1000: avgUs(decideMs.slice(-1000)) }, decideMsByType, decideCpuMsByType };
}
