import type { Actor, Id } from '../protocol/index.js';
import { centralPoint, floorHolderPointIds } from './selectors-floor.js';
import type { MeetingState, PointPresence } from './state.js';
import { entryOf } from './buckets.js';

// What the media layer reads: presence and link health of a point, who is muted or held, and
// who is audible under the current layout.

export interface PresenceView extends PointPresence {
  /** Milliseconds connected in total up to now. */
  connectedMs: number;
}

export function pointPresence(state: MeetingState, pointId: Id, now: number): PresenceView {
  const p: PointPresence = entryOf(state.presence, pointId) ?? {
    online: false,
    since: state.conference?.createdAt ?? 0,
    spans: [],
    signalLost: false,
    signalLostSince: null,
  };
  let connectedMs = 0;
  for (const sp of p.spans) connectedMs += Math.max(0, (sp.to ?? Math.max(now, sp.from)) - sp.from);
  return { ...p, connectedMs };
}

export interface PointAudioView {
  muted: boolean;
  /** Set while the chair holds the microphone: the point cannot unmute itself (R-MEDIA-3). */
  heldBy?: Actor;
}

export function pointAudio(state: MeetingState, pointId: Id): PointAudioView {
  const a = state.media.audio[pointId];
  if (!a) return { muted: true };
  return a.heldBy ? { muted: true, heldBy: a.heldBy } : { muted: a.selfMuted };
}

/** The point the chair opened the microphone of for a moment (R-MEDIA-9), if any. */
export function microphoneGivenTo(state: MeetingState): Id | null {
  return state.media.microphoneGivenTo ?? null;
}

/**
 * Why a point cannot open its own microphone now, or null when it may: `held` (the chair holds it,
 * R-MEDIA-3), `notGranted` (the conference's discipline is chairGrants and the point has neither
 * the floor nor a microphone the chair gave it, R-MEDIA-8). The central point's is the chair's own.
 */
export function microphoneBlock(state: MeetingState, pointId: Id): 'held' | 'notGranted' | null {
  if (state.media.audio[pointId]?.heldBy) return 'held';
  if (microphoneGranted(state, pointId, new Set(floorHolderPointIds(state)), centralPoint(state)?.id ?? null)) return null;
  return state.conference?.microphoneDiscipline === 'free' ? null : 'notGranted';
}

function microphoneGranted(state: MeetingState, pointId: Id, holders: ReadonlySet<Id>, central: Id | null): boolean {
  return pointId === central || holders.has(pointId) || microphoneGivenTo(state) === pointId;
}

/**
 * Points whose microphone should be heard, in point order: not muted (R-MEDIA-5), and only the
 * central point, the floor holders and the point the chair gave the microphone to when the
 * layout is discussion or the discipline is chairGrants (R-MEDIA-8): a microphone that says open
 * but was never granted stays silent at the SFU. Whether a point is actually connected is the
 * media layer's business, not the meeting's.
 */
export function audiblePoints(state: MeetingState): Id[] {
  const central = centralPoint(state)?.id ?? null;
  const holders = new Set(floorHolderPointIds(state));
  const onlyGranted = state.media.layout === 'discussion' || state.conference?.microphoneDiscipline !== 'free';
  return state.pointOrder.filter((id) => {
    if (pointAudio(state, id).muted) return false;
    return !onlyGranted || microphoneGranted(state, id, holders, central);
  });
}
