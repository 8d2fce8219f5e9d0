import type { Actor, Id } from '../protocol/index.js';
import { centralPoint, floorHolderPointIds } from './selectors-floor.js';
import type { MeetingState, PointPresence } from './state.js';

// What the media layer reads: presence and link health of a point, who is muted or held, and
// who is audible under the current layout.

export interface PresenceView extends PointPresence {
  /** Milliseconds connected in total up to now. */
  connectedMs: number;
}

export function pointPresence(state: MeetingState, pointId: Id, now: number): PresenceView {
  const p: PointPresence = state.presence[pointId] ?? {
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

/**
 * Points whose microphone should be heard, in point order (R-MEDIA-5): not muted, and in the
 * discussion layout only the central point and the floor holders. Whether a point is actually
 * connected is the media layer's business, not the meeting's.
 */
export function audiblePoints(state: MeetingState): Id[] {
  const central = centralPoint(state)?.id ?? null;
  const holders = new Set(floorHolderPointIds(state));
  return state.pointOrder.filter((id) => {
    if (pointAudio(state, id).muted) return false;
    if (state.media.layout !== 'discussion') return true;
    return id === central || holders.has(id);
  });
}
