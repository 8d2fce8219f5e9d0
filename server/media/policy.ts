import type { LayoutMode } from '../../shared/protocol/values.js';

/**
 * What the meeting core decides and media enforces: the layout mode, who is central, who holds the
 * floor, the spotlight, the order of points, and whose microphone is open. Media never derives any
 * of these itself; the room hands a fresh policy after every event (selectors of shared/meeting).
 */
export type ConferencePolicy = {
  mode: LayoutMode;
  centralPointId: string | null;
  floorHolders: string[];
  spotlight: string | null;
  /** the points in the meeting's order (central first); points not listed come after, in join order */
  pointOrder: string[];
  /** points whose microphone is open at the SFU; null means no floor control yet (everyone open) */
  audiblePoints: string[] | null;
};

export const OPEN_POLICY: ConferencePolicy = {
  mode: 'presiding',
  centralPointId: null,
  floorHolders: [],
  spotlight: null,
  pointOrder: [],
  audiblePoints: null,
};

/** What media observes and the room turns into `system` commands (signalLost, signalRestored, setActiveSpeaker). */
export type MediaObservation =
  | { type: 'signalLost'; pointId: string; at: number }
  | { type: 'signalRestored'; pointId: string; at: number }
  | { type: 'setActiveSpeaker'; pointId: string | null; at: number };

export function isAudible(policy: ConferencePolicy, pointId: string): boolean {
  return policy.audiblePoints === null || policy.audiblePoints.includes(pointId);
}
