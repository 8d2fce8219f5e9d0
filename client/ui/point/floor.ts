import { queueInOrder, queuePosition, runningSpeeches } from '../../../shared/meeting/selectors.js';
import type { FloorRequest, MeetingState, Speech } from '../../../shared/meeting/state.js';
import { entriesOf, entryOf } from '../../../shared/meeting/buckets.js';

// A point's own view of the floor: am I waiting (and where), do I have the floor, was I declined.

export interface MyFloor {
  /** our requests still waiting, with their 1-based position */
  waiting: { request: FloorRequest; position: number }[];
  queueLength: number;
  /** our speech that holds the floor now, if any */
  speech: Speech | null;
  /** our latest request, if the chair declined it and nothing newer happened since */
  declined: FloorRequest | null;
}

export function myFloor(state: MeetingState, pointId: string): MyFloor {
  const queue = queueInOrder(state);
  const waiting = queue
    .filter((r) => r.pointId === pointId)
    .map((request) => ({ request, position: queuePosition(state, request.id) ?? 0 }));
  const speech = runningSpeeches(state).find((sp) => sp.pointId === pointId && sp.kind !== 'directive') ?? null;
  // Requests sit in buckets (no insertion order): on the same millisecond, the one decided last
  // (or not decided yet) is the newer fact.
  const recency = (r: FloorRequest): [number, number] => [r.requestedAt, r.decidedAt ?? Number.POSITIVE_INFINITY];
  let latest: FloorRequest | null = null;
  for (const r of entriesOf(state.queue.requests)) {
    if (r.pointId !== pointId) continue;
    if (latest === null) latest = r;
    else {
      const [a, b] = recency(r);
      const [la, lb] = recency(latest);
      if (a > la || (a === la && b > lb)) latest = r;
    }
  }
  return {
    waiting,
    queueLength: queue.length,
    speech,
    declined: latest?.status === 'declined' && waiting.length === 0 && speech === null ? latest : null,
  };
}

/** Who may speak for a point: its attendees who are in the room (present or a substitute's seat). */
export function pointSpeakers(state: MeetingState, pointId: string): { name: string; position: string }[] {
  const out: { name: string; position: string }[] = [];
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (!a || a.pointId !== pointId) continue;
    const mark = a.marks[a.marks.length - 1];
    if (mark?.status === 'substitute') out.push({ name: mark.substituteName, position: mark.substitutePosition });
    else if (mark?.status !== 'absent' && mark?.status !== 'excused') out.push({ name: a.name, position: a.position });
  }
  return out;
}
