import type { CommandType, Principal } from '../protocol/index.js';
import { ALLOWED_ROLES } from './permissions.js';
import type { MeetingState } from './state.js';
import { entryOf, idsOf } from './buckets.js';

// Random commands and principals for the replay fuzz test: mostly well-formed and aimed at things
// that exist (so rules, not just the schema, are exercised), sometimes aimed at ghosts, sometimes
// garbage. Pure and seeded, so a failing run can be replayed from its seed.

export type Rng = () => number;

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fuzz {
  constructor(readonly rng: Rng) {}
  int(n: number): number {
    return Math.floor(this.rng() * n);
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  /** An existing id most of the time, a ghost otherwise. */
  idFrom(ids: readonly string[]): string {
    return ids.length === 0 || this.chance(0.08) ? `ghost${this.int(3)}` : this.pick(ids);
  }
}

const NAMES = ['Nguyễn Văn An', 'Trần Thị Lan', 'Lê Minh Hùng', 'Phạm Quốc Dũng', 'Huỳnh Thanh Sơn', 'Võ Hữu Tâm'];
const TOPICS = ['Sạt lở bờ biển', 'Thu ngân sách', 'Nông thôn mới', 'Phòng chống Covid-19', 'Chuyển đổi số'];
const STATUSES = ['draft', 'scheduled', 'rollCall', 'inSession', 'adjourned', 'closed'] as const;

export function randomPrincipal(f: Fuzz, s: MeetingState): Principal {
  const r = f.rng();
  if (r < 0.12) return { role: 'admin' };
  if (r < 0.45) return { role: 'chair' };
  if (r < 0.58) return { role: 'clerk' };
  if (r < 0.62) return { role: 'observer' };
  if (r < 0.72) return { role: 'system' };
  return { role: 'point', pointId: f.idFrom(s.pointOrder) };
}

/**
 * Most of the time, a principal whose role may send this command (a point operator usually the
 * one of the point it names), so the fuzzer spends its commands on rules rather than on FORBIDDEN.
 */
export function fittingPrincipal(f: Fuzz, s: MeetingState, command: unknown, fallback: Principal): Principal {
  const type = (command as { type?: unknown } | null)?.type;
  const roles = typeof type === 'string' ? ALLOWED_ROLES[type as CommandType] : undefined;
  if (!roles || f.chance(0.2)) return fallback;
  const role = f.pick(roles);
  if (role !== 'point') return { role };
  const named = (command as { pointId?: unknown }).pointId;
  return { role, pointId: typeof named === 'string' && f.chance(0.85) ? named : f.idFrom(s.pointOrder) };
}

/** A command, usually plausible for `who`; `unknown` because some are deliberately malformed. */
export function randomCommand(f: Fuzz, s: MeetingState, who: Principal): unknown {
  const point = () => (who.role === 'point' && f.chance(0.85) ? (who.pointId ?? 'ghost') : f.idFrom(s.pointOrder));
  const request = () => (f.chance(0.7) && s.queue.waiting.length > 0 ? f.pick(s.queue.waiting) : f.idFrom(idsOf(s.queue.requests)));
  const speech = () => f.idFrom(s.speechOrder.slice(-4));
  const step = () => f.idFrom(s.agenda.order);
  const member = () => f.idFrom(s.panelOrder);
  const org = () => f.idFrom(s.organisationOrder);
  const attendee = () => f.idFrom(s.attendeeOrder);
  const r = f.int(100);
  if (r < 2) return f.pick([null, 7, 'x', { type: 'grantFloor' }, { type: 'openQueue', extra: true }, { type: 'markAttendance', attendeeId: attendee(), mark: { status: 'excused' } }]);
  if (r < 6) {
    // Status moves mostly follow the day (so most commands meet a conference in session), with
    // random jumps and, rarely, closing, so an episode spends most of its time alive.
    const status = s.conference?.status ?? 'draft';
    const forward: Record<string, string> = { draft: 'scheduled', scheduled: 'rollCall', rollCall: 'inSession', inSession: 'adjourned', adjourned: 'inSession' };
    if (status === 'adjourned' && f.chance(0.04)) return { type: 'setConferenceStatus', status: 'closed' };
    if (status === 'inSession') return { type: 'setConferenceStatus', status: f.chance(0.15) ? 'adjourned' : f.pick(STATUSES.slice(0, 3)) };
    return { type: 'setConferenceStatus', status: f.chance(0.8) ? (forward[status] ?? 'draft') : f.pick(STATUSES.slice(0, 5)) };
  }
  if (r < 14) {
    switch (f.int(19)) {
      case 12:
        return { type: 'updateConference', venue: `Hội trường ${f.int(5)}` };
      case 13:
        return { type: 'addPanelMember', name: f.pick(NAMES), position: 'Phó Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' };
      case 14:
        return { type: 'updatePanelMember', memberId: member(), position: `Đồng chủ trì ${f.int(4)}` };
      case 15:
        return { type: 'removePanelMember', memberId: f.idFrom(s.panelOrder.slice(-2)) };
      case 16:
        return { type: 'reorderPanel', memberIds: [...s.panelOrder].sort(() => f.rng() - 0.5) };
      case 17:
        return f.int(2) === 0
          ? { type: 'updateOrganisation', organisationId: org(), name: `Phòng ${f.int(60)}` }
          : { type: 'updateOrganisation', organisationId: org(), pointId: f.int(3) === 0 ? null : f.idFrom(s.pointOrder) };
      case 18:
        return { type: 'updateAgendaStep', stepId: step(), plannedMinutes: 1 + f.int(90) };
      case 0:
        return { type: 'addPoint', name: `Xã ${f.pick(NAMES)} ${f.int(50)}`, kind: f.pick(['district', 'commune', 'city', 'department', 'central']) };
      case 1:
        return { type: 'removePoint', pointId: f.idFrom(s.pointOrder.slice(-2)) };
      case 2:
        return f.int(3) === 0
          ? { type: 'updatePoint', pointId: f.idFrom(s.pointOrder), region: f.pick(['CM', 'BL', null]) }
          : { type: 'updatePoint', pointId: f.idFrom(s.pointOrder), contact: `0290 ${f.int(1000)}` };
      case 3:
        return { type: 'addOrganisation', name: `Phòng ${f.int(40)}`, ...(f.int(2) === 0 ? { pointId: f.idFrom(s.pointOrder) } : {}) };
      case 4:
        return { type: 'removeOrganisation', organisationId: f.idFrom(s.organisationOrder.slice(-2)) };
      case 5:
        return { type: 'addAgendaStep', title: f.pick(TOPICS), kind: f.pick(['report', 'discussion', 'other']), plannedMinutes: 1 + f.int(60) };
      case 6:
        return { type: 'removeAgendaStep', stepId: step() };
      case 7:
        return { type: 'importInvitationList', mode: f.chance(0.8) ? 'append' : 'replace', rows: [{ line: 2 + f.int(50), name: f.pick(NAMES) + f.int(99), position: 'Chuyên viên', organisation: `Phòng ${f.int(40)}`, point: f.chance(0.9) ? (s.points[f.idFrom(s.pointOrder)]?.name ?? 'Nơi nào đó') : 'Nơi nào đó' }] };
      case 8:
        return { type: 'setMaxOpenFloors', max: 1 + f.int(3) };
      case 9:
        return { type: 'setSpeakingLimits', limits: { contribution: f.chance(0.2) ? null : 30 + f.int(300), reply: 60, pointOfOrder: 30, directive: null, warningSeconds: 30 } };
      case 10:
        return { type: 'setQuorum', quorum: f.chance(0.3) ? null : { kind: 'count', present: 1 + f.int(8) } };
      default:
        return { type: 'reorderAgenda', stepIds: [...s.agenda.order].sort(() => f.rng() - 0.5) };
    }
  }
  if (r < 30) {
    switch (f.int(6)) {
      case 0:
        return { type: 'reportReadiness', pointId: point(), headcount: f.int(30) };
      case 1:
      case 2: {
        const marks = [
          { status: 'present' },
          { status: 'absent' },
          { status: 'unmarked' },
          { status: 'excused', reason: 'Đi công tác' },
          { status: 'substitute', substituteName: f.pick(NAMES), substitutePosition: 'Phó phòng' },
        ];
        return { type: 'markAttendance', attendeeId: attendee(), mark: f.pick(marks) };
      }
      case 3:
        return { type: 'addWalkIn', pointId: f.idFrom(s.pointOrder), name: f.pick(NAMES), position: 'Khách mời', organisationId: org() };
      case 4:
        return { type: 'removeWalkIn', attendeeId: attendee() };
      default:
        return { type: f.pick(['pointOnline', 'pointOffline', 'signalLost', 'signalRestored']), pointId: f.idFrom(s.pointOrder) };
    }
  }
  if (r < 62) {
    switch (f.int(11)) {
      case 0:
      case 1:
      case 2:
        return { type: 'requestFloor', pointId: point(), topic: f.pick(TOPICS), kind: f.pick(['contribution', 'contribution', 'reply', 'pointOfOrder']), ...(f.chance(0.3) ? { delegateName: f.pick(NAMES) } : {}) };
      case 3:
        return { type: 'withdrawRequest', requestId: request() };
      case 4:
      case 5:
        return { type: 'grantFloor', requestId: request() };
      case 6:
        return { type: 'declineRequest', requestId: request(), reason: 'Hết thời gian' };
      case 7:
        return { type: 'deferRequest', requestId: request() };
      case 8:
        return { type: 'moveRequest', requestId: request(), to: f.pick(['up', 'down', 'top']) };
      case 9:
        return { type: f.pick(['openQueue', 'closeQueue', 'lowerAll']) };
      default:
        return { type: 'requestFloor', pointId: point(), topic: f.pick(TOPICS), kind: 'contribution', delegateName: f.pick(NAMES) };
    }
  }
  if (r < 80) {
    switch (f.int(5)) {
      case 0:
        return { type: 'startDirectiveSpeech', memberId: member() };
      case 1:
        return { type: 'pauseSpeech', speechId: speech() };
      case 2:
        return { type: 'resumeSpeech', speechId: speech() };
      case 3:
        return { type: 'endSpeech', speechId: speech() };
      default:
        return { type: 'extendSpeech', speechId: speech(), seconds: 30 };
    }
  }
  if (r < 90) {
    switch (f.int(5)) {
      case 0:
        return f.chance(0.3) ? { type: 'startAgenda', stepId: step() } : { type: 'startAgenda' };
      case 1:
      case 2:
        return { type: 'nextAgendaStep' };
      case 3:
        return { type: 'previousAgendaStep' };
      default:
        return f.chance(0.5) ? { type: 'skipAgendaStep' } : { type: 'skipAgendaStep', stepId: step() };
    }
  }
  switch (f.int(21)) {
    case 20:
      return f.chance(0.7) ? { type: 'addMinutesNote', text: f.pick(TOPICS) } : { type: 'removeMinutesNote', noteId: f.idFrom(s.noteOrder) };
    case 16:
      return { type: 'startLiveStream' };
    case 17:
      return who.role === 'system' ? { type: 'stopLiveStream', reason: 'publisherFailed' } : { type: 'stopLiveStream' };
    case 18: {
      const speechId = who.role === 'system' ? speech() : undefined;
      const pointId = speechId ? (entryOf(s.speeches, speechId)?.pointId ?? f.idFrom(s.pointOrder)) : f.idFrom(s.pointOrder);
      return { type: 'recordStill', id: `still${f.int(60)}`, source: f.pick(['point', 'program']), pointId, ...(speechId ? { speechId } : {}), width: 640, height: 360, bytes: 1 + f.int(90_000) };
    }
    case 19:
      return { type: 'selectStillForMinutes', stillId: f.idFrom(s.stillOrder), inMinutes: f.chance(0.7), ...(f.chance(0.3) ? { caption: f.pick(TOPICS) } : {}) };
    case 14:
      return { type: 'giveMicrophone', pointId: f.idFrom(s.pointOrder) };
    case 15:
      return { type: 'closeMicrophone', pointId: f.idFrom(s.pointOrder) };
    case 7:
      return { type: 'startRecording' };
    case 8:
      return who.role === 'system' ? { type: 'stopRecording', reason: f.pick(['storageFull', 'recorderFailed']) } : { type: 'stopRecording' };
    case 9:
      return { type: 'callPoint', pointId: f.idFrom(s.pointOrder), ...(f.chance(0.5) ? { message: 'Xin mời kết nối' } : {}) };
    case 10:
      return { type: 'acknowledgeCall', pointId: point() };
    case 11:
      return { type: 'reportPreflight', pointId: point(), camera: f.pick(['ok', 'ok', 'blocked']), microphone: f.pick(['ok', 'inUse']), network: f.chance(0.8) ? { verdict: 'good', rttMs: f.int(300) } : null };
    case 12:
      return { type: 'recordLinkOpened', linkId: `l${f.int(40)}`, role: 'point', pointId: f.idFrom(s.pointOrder) };
    case 13:
      return f.chance(0.5)
        ? { type: 'reorderPoints', pointIds: [...s.pointOrder].sort(() => f.rng() - 0.5) }
        : { type: 'addPoints', points: [{ name: `Phường ${f.int(80)}`, kind: 'commune' }, { name: `Xã ${f.int(80)}`, kind: 'commune' }] };
    case 0:
      return { type: 'setLayout', mode: f.pick(['presiding', 'discussion', 'gallery']) };
    case 1:
      return { type: 'spotlightPoint', pointId: f.chance(0.2) ? null : f.idFrom(s.pointOrder) };
    case 2:
      return { type: 'holdMicrophone', pointId: f.idFrom(s.pointOrder) };
    case 3:
      return { type: 'releaseMicrophone', pointId: f.idFrom(s.pointOrder) };
    case 4:
      return { type: 'setSelfMute', pointId: point(), muted: f.chance(0.5) };
    case 5:
      return { type: 'muteAllButSpeaker' };
    default:
      return { type: 'setActiveSpeaker', pointId: f.chance(0.2) ? null : f.idFrom(s.pointOrder) };
  }
}
