import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, nameKey, refuse, type ConfEnv, type Outcome } from './env.js';
import { ownPoint } from './decide-roll-call.js';
import { floorHolders, runningSpeeches } from './selectors-floor.js';
import type { FloorRequest } from './state.js';
import { entryOf, hasEntry } from './buckets.js';

// The speaker queue (đăng ký phát biểu), after conference-room systems and OpenSlides'
// list of speakers: points ask, the chair grants, declines, defers and reorders.

export function requestFloor(env: ConfEnv, c: CommandOf<'requestFloor'>): Outcome {
  const s = env.state;
  if (!s.points[c.pointId]) return refuse('UNKNOWN_POINT');
  const own = ownPoint(env, c.pointId);
  if (own) return own;
  // R-QUEUE-2: a point of order may be raised even while the list is closed.
  if (!s.queue.open && c.kind !== 'pointOfOrder') return refuse('QUEUE_CLOSED');
  const delegate = c.delegateName === undefined ? '' : nameKey(c.delegateName);
  const dup = s.queue.waiting.some((id) => {
    const r = entryOf(s.queue.requests, id);
    return r !== undefined && r.pointId === c.pointId && nameKey(r.delegateName ?? '') === delegate;
  });
  if (dup) return refuse('DUPLICATE_REQUEST');
  if (c.kind === 'reply' && runningSpeeches(s).length === 0) return refuse('NO_CURRENT_SPEAKER');
  const id = freshId(env, c.id, (x) => hasEntry(s.queue.requests, x));
  if (isRefusal(id)) return id;
  // R-QUEUE-3: points of order go to the head, behind any point of order already there.
  let index = s.queue.waiting.length;
  if (c.kind === 'pointOfOrder') {
    index = 0;
    while (index < s.queue.waiting.length && entryOf(s.queue.requests, s.queue.waiting[index] ?? '')?.kind === 'pointOfOrder') index++;
  }
  return accept(
    event(env, 'floorRequested', {
      requestId: id,
      pointId: c.pointId,
      delegateName: c.delegateName ?? null,
      delegatePosition: c.delegatePosition ?? null,
      topic: c.topic,
      kind: c.kind,
      index,
    }),
  );
}

/** A waiting request, or the refusal that explains why it cannot be acted on. */
function waitingRequest(env: ConfEnv, requestId: string): FloorRequest | Outcome {
  const r = entryOf(env.state.queue.requests, requestId);
  if (!r) return refuse('UNKNOWN_REQUEST');
  const own = ownPoint(env, r.pointId);
  if (own) return own;
  if (r.status !== 'waiting') return refuse('REQUEST_NOT_WAITING', `(${r.status})`);
  return r;
}

const isOutcome = (x: FloorRequest | Outcome): x is Outcome => 'ok' in x;

export function withdrawRequest(env: ConfEnv, c: CommandOf<'withdrawRequest'>): Outcome {
  const r = waitingRequest(env, c.requestId);
  return isOutcome(r) ? r : accept(event(env, 'requestWithdrawn', { requestId: r.id }));
}

export function grantFloor(env: ConfEnv, c: CommandOf<'grantFloor'>): Outcome {
  const r = waitingRequest(env, c.requestId);
  if (isOutcome(r)) return r;
  const open = floorHolders(env.state).length;
  if (open >= env.conf.maxOpenFloors) return refuse('FLOOR_LIMIT_REACHED', `(${open} of ${env.conf.maxOpenFloors})`);
  const speechId = freshId(env, c.speechId, (x) => hasEntry(env.state.speeches, x));
  if (isRefusal(speechId)) return speechId;
  const events: MeetingEvent[] = [
    event(env, 'floorGranted', {
      requestId: r.id,
      speechId,
      pointId: r.pointId,
      kind: r.kind,
      topic: r.topic,
      speakerName: r.delegateName,
      speakerPosition: r.delegatePosition,
      limitSeconds: env.conf.limits[r.kind],
    }),
  ];
  // R-MEDIA-4: the floor opens the point's microphone, even one the chair held.
  const audio = env.state.media.audio[r.pointId];
  if (!audio || audio.selfMuted || audio.heldBy) events.push(event(env, 'microphoneOpened', { pointId: r.pointId }));
  return accept(...events);
}

export function declineRequest(env: ConfEnv, c: CommandOf<'declineRequest'>): Outcome {
  const r = waitingRequest(env, c.requestId);
  return isOutcome(r) ? r : accept(event(env, 'requestDeclined', { requestId: r.id, reason: c.reason }));
}

export function deferRequest(env: ConfEnv, c: CommandOf<'deferRequest'>): Outcome {
  const r = waitingRequest(env, c.requestId);
  if (isOutcome(r)) return r;
  return accept(event(env, 'requestDeferred', { requestId: r.id, toIndex: env.state.queue.waiting.length - 1 }));
}

export function moveRequest(env: ConfEnv, c: CommandOf<'moveRequest'>): Outcome {
  const r = waitingRequest(env, c.requestId);
  if (isOutcome(r)) return r;
  const from = env.state.queue.waiting.indexOf(r.id);
  const last = env.state.queue.waiting.length - 1;
  const to = c.to === 'top' ? 0 : c.to === 'up' ? from - 1 : from + 1;
  if (to < 0 || to > last || to === from) return refuse('QUEUE_MOVE_OUT_OF_RANGE');
  return accept(event(env, 'requestMoved', { requestId: r.id, toIndex: to }));
}

export function lowerAll(env: ConfEnv): Outcome {
  if (env.state.queue.waiting.length === 0) return refuse('NO_CHANGE');
  return accept(event(env, 'queueLowered', { requestIds: [...env.state.queue.waiting] }));
}

export function openQueue(env: ConfEnv): Outcome {
  return env.state.queue.open ? refuse('NO_CHANGE') : accept(event(env, 'queueOpened', {}));
}

export function closeQueue(env: ConfEnv): Outcome {
  return env.state.queue.open ? accept(event(env, 'queueClosed', {})) : refuse('NO_CHANGE');
}
