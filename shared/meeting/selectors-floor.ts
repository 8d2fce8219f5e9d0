import type { Id } from '../protocol/index.js';
import type { FloorRequest, MeetingState, Point, Speech } from './state.js';
import { entryOf } from './buckets.js';

// Who has the floor, the queue in order, and each speech's state derived from its timestamps.

export function centralPoint(state: MeetingState): Point | null {
  for (const id of state.pointOrder) {
    const p = state.points[id];
    if (p?.kind === 'central') return p;
  }
  return null;
}

/** Speeches not yet ended, oldest first (queue floors and directive speeches alike). */
export function runningSpeeches(state: MeetingState): Speech[] {
  const out: Speech[] = [];
  // The state keeps the running ones apart: every floor rule reads them, and a long conference
  // has thousands of ended speeches.
  for (const id of state.runningSpeechIds) {
    const sp = entryOf(state.speeches, id);
    if (sp && sp.end === null) out.push(sp);
  }
  return out;
}

/** Open floors granted from the queue, in the order granted; at most maxOpenFloors (R-QUEUE-9). */
export function floorHolders(state: MeetingState): Speech[] {
  return runningSpeeches(state).filter((sp) => sp.kind !== 'directive');
}

export function floorHolderPointIds(state: MeetingState): Id[] {
  return [...new Set(floorHolders(state).map((sp) => sp.pointId))];
}

/** The presiding-panel member speaking outside the queue, if any (R-QUEUE-10). */
export function currentDirectiveSpeech(state: MeetingState): Speech | null {
  return runningSpeeches(state).find((sp) => sp.kind === 'directive') ?? null;
}

/** The waiting requests in speaking order (index 0 speaks next). */
export function queueInOrder(state: MeetingState): FloorRequest[] {
  const out: FloorRequest[] = [];
  for (const id of state.queue.waiting) {
    const r = entryOf(state.queue.requests, id);
    if (r) out.push(r);
  }
  return out;
}

/** 1-based position of a waiting request, or null when it is not waiting. */
export function queuePosition(state: MeetingState, requestId: Id): number | null {
  const i = state.queue.waiting.indexOf(requestId);
  return i < 0 ? null : i + 1;
}

export type SpeechPhase = 'speaking' | 'paused' | 'ended';

export interface SpeechView {
  phase: SpeechPhase;
  /** Time actually spoken: begin → end (or now), minus pauses. */
  spokenMs: number;
  /** The limit including extensions; null = unlimited. */
  limitMs: number | null;
  /** Time left (negative when over); null = unlimited. */
  remainingMs: number | null;
  /** Within the warning threshold before the end, or over it (R-SPEECH-4). */
  warning: boolean;
  overtime: boolean;
}

/** Milliseconds spoken up to `now`: the one definition of speaking time (R-SPEECH-2). */
export function spokenMs(speech: Speech, now: number): number {
  const end = speech.end ?? Math.max(now, speech.begin);
  let paused = 0;
  for (const p of speech.pauses) paused += Math.max(0, (p.to ?? end) - p.from);
  return Math.max(0, end - speech.begin - paused);
}

export function speechState(speech: Speech, now: number, warningSeconds = 30): SpeechView {
  const last = speech.pauses[speech.pauses.length - 1];
  const phase: SpeechPhase = speech.end !== null ? 'ended' : last && last.to === null ? 'paused' : 'speaking';
  const spoken = spokenMs(speech, now);
  const limitMs = speech.limitSeconds === null ? null : (speech.limitSeconds + speech.extendedSeconds) * 1000;
  const remainingMs = limitMs === null ? null : limitMs - spoken;
  return {
    phase,
    spokenMs: spoken,
    limitMs,
    remainingMs,
    warning: phase !== 'ended' && remainingMs !== null && remainingMs <= warningSeconds * 1000,
    overtime: remainingMs !== null && remainingMs < 0,
  };
}

export interface PointSpeechStats {
  count: number;
  totalMs: number;
}

/** Per point: how many speeches and how long in total (R-SPEECH-6). */
export function pointSpeechStats(state: MeetingState, now: number): Record<Id, PointSpeechStats> {
  const out: Record<Id, PointSpeechStats> = {};
  for (const id of state.pointOrder) out[id] = { count: 0, totalMs: 0 };
  for (const id of state.speechOrder) {
    const sp = entryOf(state.speeches, id);
    if (!sp) continue;
    const row = out[sp.pointId] ?? { count: 0, totalMs: 0 };
    out[sp.pointId] = { count: row.count + 1, totalMs: row.totalMs + spokenMs(sp, now) };
  }
  return out;
}

/** A speech's state with the conference's own warning threshold; null for an unknown id. */
export function speechView(state: MeetingState, speechId: Id, now: number): (SpeechView & { speech: Speech }) | null {
  const speech = entryOf(state.speeches, speechId);
  if (!speech) return null;
  return { speech, ...speechState(speech, now, state.conference?.limits.warningSeconds ?? 30) };
}
