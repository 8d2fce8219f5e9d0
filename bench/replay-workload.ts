// The workload of the replay benchmark: a stand-in for the meeting core (which the store must not
// import), built the way the core is: a zod event schema (a discriminated union of strict objects),
// a state of records + order arrays, and an evolve that copies immutably on every event.
// The event mix follows a long provincial conference: one invitation import of a few hundred
// attendees, then mostly media-driven events (the active speaker changes every few seconds, mutes,
// presence), roll-call marks, and a speaker queue of about one request per hundred events.
import { z } from 'zod';
import { seededRng } from '../shared/meeting/fuzz-commands.js';

const id = z.string().min(1).max(64);
const at = z.number().int();
const mark = z.strictObject({ status: z.enum(['present', 'excused', 'absent', 'substitute']), substitute: z.string().optional() });
const invited = z.strictObject({ id, name: z.string(), position: z.string(), organisationId: id, pointId: id, line: z.number().int() });

export const benchEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('conferenceCreated'), at, title: z.string(), organiser: z.string() }),
  z.strictObject({ type: z.literal('pointAdded'), at, point: z.strictObject({ id, name: z.string() }) }),
  z.strictObject({ type: z.literal('organisationAdded'), at, organisation: z.strictObject({ id, name: z.string() }) }),
  z.strictObject({ type: z.literal('invitationImported'), at, attendees: z.array(invited) }),
  z.strictObject({ type: z.literal('agendaStepAdded'), at, step: z.strictObject({ id, title: z.string(), plannedMinutes: z.number().int() }) }),
  z.strictObject({ type: z.literal('attendanceMarked'), at, attendeeId: id, mark, by: id }),
  z.strictObject({ type: z.literal('readinessReported'), at, pointId: id, headcount: z.number().int() }),
  z.strictObject({ type: z.literal('pointWentOnline'), at, pointId: id }),
  z.strictObject({ type: z.literal('pointWentOffline'), at, pointId: id }),
  z.strictObject({ type: z.literal('activeSpeakerChanged'), at, pointId: id.nullable() }),
  z.strictObject({ type: z.literal('selfMuteChanged'), at, pointId: id, muted: z.boolean() }),
  z.strictObject({ type: z.literal('microphoneHeld'), at, pointId: id, by: id }),
  z.strictObject({ type: z.literal('microphoneReleased'), at, pointId: id }),
  z.strictObject({ type: z.literal('floorRequested'), at, requestId: id, pointId: id, topic: z.string().max(500), delegateName: z.string().nullable() }),
  z.strictObject({ type: z.literal('requestMoved'), at, requestId: id, toIndex: z.number().int() }),
  z.strictObject({ type: z.literal('requestWithdrawn'), at, requestId: id }),
  z.strictObject({ type: z.literal('floorGranted'), at, requestId: id, speechId: id, limitSeconds: z.number().int() }),
  z.strictObject({ type: z.literal('speechPaused'), at, speechId: id }),
  z.strictObject({ type: z.literal('speechResumed'), at, speechId: id }),
  z.strictObject({ type: z.literal('speechEnded'), at, speechId: id }),
  z.strictObject({ type: z.literal('agendaStepStarted'), at, stepId: id }),
  z.strictObject({ type: z.literal('agendaStepEnded'), at, stepId: id }),
]);
export type BenchEvent = z.infer<typeof benchEventSchema>;

interface Attendee { id: string; name: string; position: string; organisationId: string; pointId: string; line: number; marks: (z.infer<typeof mark> & { at: number; by: string })[] }
interface Request { id: string; pointId: string; topic: string; delegateName: string | null; status: 'waiting' | 'granted' | 'withdrawn'; requestedAt: number; speechId: string | null }
interface Speech { id: string; pointId: string; requestId: string; limitSeconds: number; begin: number; pauses: { from: number; to: number | null }[]; end: number | null }

export interface BenchState {
  conference: { title: string; organiser: string; createdAt: number } | null;
  points: Record<string, { id: string; name: string }>;
  pointOrder: string[];
  organisations: Record<string, { id: string; name: string }>;
  attendees: Record<string, Attendee>;
  attendeeOrder: string[];
  readiness: Record<string, { headcount: number; at: number }>;
  presence: Record<string, { online: boolean; since: number; spans: { from: number; to: number | null }[] }>;
  queue: { requests: Record<string, Request>; waiting: string[] };
  speeches: Record<string, Speech>;
  speechOrder: string[];
  agenda: { steps: Record<string, { id: string; title: string; plannedMinutes: number; runs: { from: number; to: number | null }[] }>; order: string[]; current: string | null };
  media: { activeSpeakerPointId: string | null; audio: Record<string, { selfMuted: boolean; heldBy: string | null }> };
  eventCount: number;
  lastEventAt: number | null;
}

export function emptyBenchState(): BenchState {
  return {
    conference: null, points: {}, pointOrder: [], organisations: {}, attendees: {}, attendeeOrder: [], readiness: {}, presence: {},
    queue: { requests: {}, waiting: [] }, speeches: {}, speechOrder: [], agenda: { steps: {}, order: [], current: null },
    media: { activeSpeakerPointId: null, audio: {} }, eventCount: 0, lastEventAt: null,
  };
}

// The core's record helpers: every update copies the record it touches.
const put = <T>(r: Record<string, T>, key: string, value: T): Record<string, T> => ({ ...r, [key]: value });
function patch<T>(r: Record<string, T>, key: string, f: (v: T) => T): Record<string, T> {
  const v = r[key];
  return v === undefined ? r : put(r, key, f(v));
}
const closeOpen = (spans: { from: number; to: number | null }[], t: number) => spans.map((s) => (s.to === null ? { ...s, to: t } : s));

export function benchEvolve(state: BenchState, e: BenchEvent): BenchState {
  const s = { ...state, eventCount: state.eventCount + 1, lastEventAt: e.at };
  switch (e.type) {
    case 'conferenceCreated': return { ...s, conference: { title: e.title, organiser: e.organiser, createdAt: e.at } };
    case 'pointAdded': return { ...s, points: put(s.points, e.point.id, e.point), pointOrder: [...s.pointOrder, e.point.id] };
    case 'organisationAdded': return { ...s, organisations: put(s.organisations, e.organisation.id, e.organisation) };
    case 'invitationImported': {
      const attendees = { ...s.attendees };
      for (const a of e.attendees) attendees[a.id] = { ...a, marks: [] };
      return { ...s, attendees, attendeeOrder: [...s.attendeeOrder, ...e.attendees.map((a) => a.id)] };
    }
    case 'agendaStepAdded': return { ...s, agenda: { ...s.agenda, steps: put(s.agenda.steps, e.step.id, { ...e.step, runs: [] }), order: [...s.agenda.order, e.step.id] } };
    case 'attendanceMarked': return { ...s, attendees: patch(s.attendees, e.attendeeId, (a) => ({ ...a, marks: [...a.marks, { ...e.mark, at: e.at, by: e.by }] })) };
    case 'readinessReported': return { ...s, readiness: put(s.readiness, e.pointId, { headcount: e.headcount, at: e.at }) };
    case 'pointWentOnline': {
      const p = s.presence[e.pointId] ?? { online: false, since: e.at, spans: [] };
      return { ...s, presence: put(s.presence, e.pointId, { online: true, since: e.at, spans: [...p.spans, { from: e.at, to: null }] }) };
    }
    case 'pointWentOffline': return { ...s, presence: patch(s.presence, e.pointId, (p) => ({ online: false, since: e.at, spans: closeOpen(p.spans, e.at) })) };
    case 'activeSpeakerChanged': return { ...s, media: { ...s.media, activeSpeakerPointId: e.pointId } };
    case 'selfMuteChanged': return { ...s, media: { ...s.media, audio: put(s.media.audio, e.pointId, { selfMuted: e.muted, heldBy: s.media.audio[e.pointId]?.heldBy ?? null }) } };
    case 'microphoneHeld': return { ...s, media: { ...s.media, audio: put(s.media.audio, e.pointId, { selfMuted: s.media.audio[e.pointId]?.selfMuted ?? false, heldBy: e.by }) } };
    case 'microphoneReleased': return { ...s, media: { ...s.media, audio: patch(s.media.audio, e.pointId, (a) => ({ ...a, heldBy: null })) } };
    case 'floorRequested': {
      const request: Request = { id: e.requestId, pointId: e.pointId, topic: e.topic, delegateName: e.delegateName, status: 'waiting', requestedAt: e.at, speechId: null };
      return { ...s, queue: { requests: put(s.queue.requests, e.requestId, request), waiting: [...s.queue.waiting, e.requestId] } };
    }
    case 'requestMoved': {
      const waiting = s.queue.waiting.filter((r) => r !== e.requestId);
      waiting.splice(e.toIndex, 0, e.requestId);
      return { ...s, queue: { ...s.queue, waiting } };
    }
    case 'requestWithdrawn':
      return { ...s, queue: { requests: patch(s.queue.requests, e.requestId, (r) => ({ ...r, status: 'withdrawn' as const })), waiting: s.queue.waiting.filter((r) => r !== e.requestId) } };
    case 'floorGranted': {
      const request = s.queue.requests[e.requestId];
      if (!request) throw new Error(`floorGranted: unknown request ${e.requestId}`);
      const speech: Speech = { id: e.speechId, pointId: request.pointId, requestId: e.requestId, limitSeconds: e.limitSeconds, begin: e.at, pauses: [], end: null };
      return {
        ...s,
        queue: { requests: put(s.queue.requests, e.requestId, { ...request, status: 'granted', speechId: e.speechId }), waiting: s.queue.waiting.filter((r) => r !== e.requestId) },
        speeches: put(s.speeches, e.speechId, speech),
        speechOrder: [...s.speechOrder, e.speechId],
      };
    }
    case 'speechPaused': return { ...s, speeches: patch(s.speeches, e.speechId, (sp) => ({ ...sp, pauses: [...sp.pauses, { from: e.at, to: null }] })) };
    case 'speechResumed': return { ...s, speeches: patch(s.speeches, e.speechId, (sp) => ({ ...sp, pauses: closeOpen(sp.pauses, e.at) })) };
    case 'speechEnded': return { ...s, speeches: patch(s.speeches, e.speechId, (sp) => ({ ...sp, end: e.at, pauses: closeOpen(sp.pauses, e.at) })) };
    case 'agendaStepStarted': return { ...s, agenda: { ...s.agenda, current: e.stepId, steps: patch(s.agenda.steps, e.stepId, (st) => ({ ...st, runs: [...st.runs, { from: e.at, to: null }] })) } };
    case 'agendaStepEnded': return { ...s, agenda: { ...s.agenda, current: null, steps: patch(s.agenda.steps, e.stepId, (st) => ({ ...st, runs: closeOpen(st.runs, e.at) })) } };
  }
}

export const BENCH_POINTS = ['tp-ca-mau', 'thoi-binh', 'u-minh', 'tran-van-thoi', 'cai-nuoc', 'dam-doi', 'nam-can', 'phu-tan', 'ngoc-hien', 'ubnd-tinh'];
const ATTENDEES = 300;
const ORGANISATIONS = 40;

/** `count` events of one conference: setup first, then the session mix (weights below). */
export function generateMeeting(count: number, seed = 20210104): BenchEvent[] {
  const rnd = seededRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const t0 = Date.UTC(2021, 0, 4, 0, 30);
  const events: BenchEvent[] = [];
  const now = () => t0 + events.length * 350;
  events.push({ type: 'conferenceCreated', at: now(), title: 'Hội nghị trực tuyến kiểm điểm công tác chỉ đạo, điều hành phát triển kinh tế - xã hội năm 2020', organiser: 'Ủy ban nhân dân tỉnh Cà Mau' });
  for (const p of BENCH_POINTS) events.push({ type: 'pointAdded', at: now(), point: { id: p, name: `Điểm cầu ${p}` } });
  for (let o = 0; o < ORGANISATIONS; o++) events.push({ type: 'organisationAdded', at: now(), organisation: { id: `org-${o}`, name: `Sở, ban, ngành số ${o}` } });
  events.push({
    type: 'invitationImported', at: now(),
    attendees: Array.from({ length: ATTENDEES }, (_, i) => ({ id: `att-${i}`, name: `Đại biểu Nguyễn Văn ${i}`, position: 'Giám đốc Sở', organisationId: `org-${i % ORGANISATIONS}`, pointId: BENCH_POINTS[i % BENCH_POINTS.length]!, line: i + 2 })),
  });
  const steps = ['khai-mac', 'bao-cao', 'thao-luan', 'chi-dao', 'be-mac'];
  for (const st of steps) events.push({ type: 'agendaStepAdded', at: now(), step: { id: st, title: st, plannedMinutes: 30 } });

  let waiting: string[] = [];
  let speech: { id: string; paused: boolean } | null = null;
  let step: string | null = null;
  let nextRequest = 1;
  let nextSpeech = 1;
  const online = new Set<string>();
  const weighted: [number, () => BenchEvent | null][] = [
    [50, () => ({ type: 'activeSpeakerChanged', at: now(), pointId: rnd() < 0.1 ? null : pick(BENCH_POINTS) })],
    [10, () => ({ type: 'attendanceMarked', at: now(), attendeeId: `att-${Math.floor(rnd() * ATTENDEES)}`, mark: rnd() < 0.8 ? { status: 'present' } : { status: 'substitute', substitute: 'Trần Thị Thay' }, by: 'clerk-1' })],
    [8, () => { const p = pick(BENCH_POINTS); const on = online.has(p); if (on) online.delete(p); else online.add(p); return { type: on ? 'pointWentOffline' : 'pointWentOnline', at: now(), pointId: p }; }],
    [10, () => ({ type: 'selfMuteChanged', at: now(), pointId: pick(BENCH_POINTS), muted: rnd() < 0.5 })],
    [2, () => ({ type: 'readinessReported', at: now(), pointId: pick(BENCH_POINTS), headcount: 5 + Math.floor(rnd() * 30) })],
    [3, () => (rnd() < 0.5 ? { type: 'microphoneHeld', at: now(), pointId: pick(BENCH_POINTS), by: 'chair-1' } : { type: 'microphoneReleased', at: now(), pointId: pick(BENCH_POINTS) })],
    [1, () => { const requestId = `req-${nextRequest++}`; waiting.push(requestId); return { type: 'floorRequested', at: now(), requestId, pointId: pick(BENCH_POINTS), topic: 'Kiến nghị về đầu tư hạ tầng giao thông nông thôn và giải ngân vốn đầu tư công', delegateName: rnd() < 0.5 ? 'Phó Chủ tịch UBND huyện' : null }; }],
    [0.5, () => { if (waiting.length < 2) return null; const requestId = pick(waiting); waiting = waiting.filter((r) => r !== requestId); const toIndex = Math.floor(rnd() * (waiting.length + 1)); waiting.splice(toIndex, 0, requestId); return { type: 'requestMoved', at: now(), requestId, toIndex }; }],
    [0.2, () => { if (waiting.length === 0) return null; const requestId = pick(waiting); waiting = waiting.filter((r) => r !== requestId); return { type: 'requestWithdrawn', at: now(), requestId }; }],
    [1, () => { if (speech || waiting.length === 0) return null; const requestId = waiting.shift()!; speech = { id: `sp-${nextSpeech++}`, paused: false }; return { type: 'floorGranted', at: now(), requestId, speechId: speech.id, limitSeconds: 300 }; }],
    [0.5, () => { if (!speech) return null; speech.paused = !speech.paused; return { type: speech.paused ? 'speechPaused' : 'speechResumed', at: now(), speechId: speech.id }; }],
    [0.8, () => { if (!speech) return null; const speechId = speech.id; speech = null; return { type: 'speechEnded', at: now(), speechId }; }],
    [0.2, () => { if (step) { const stepId = step; step = null; return { type: 'agendaStepEnded', at: now(), stepId }; } step = pick(steps); return { type: 'agendaStepStarted', at: now(), stepId: step }; }],
  ];
  const total = weighted.reduce((sum, [w]) => sum + w, 0);
  while (events.length < count) {
    let r = rnd() * total;
    let chosen = weighted[0]![1];
    for (const [w, make] of weighted) {
      if ((r -= w) < 0) { chosen = make; break; }
    }
    events.push(chosen() ?? { type: 'activeSpeakerChanged', at: now(), pointId: pick(BENCH_POINTS) });
  }
  return events.slice(0, count);
}
