import type { MeetingState } from '../meeting/state.js';
import { programPlan } from './program-view.js';

// A still "of the program" is the picture the presiding layout shows large now (the floor holder,
// a spotlit point, the central point in "presiding"), read from the same plan as the program view.

/** The point whose camera fills the program now, among those sending one; null when none does. */
export function programMainPoint(state: MeetingState, camerasOn: readonly string[]): string | null {
  const plan = programPlan(
    state,
    camerasOn.map((pointId) => ({ pointId, source: 'camera' as const })),
    { viewerPointId: null, pageSize: 9 },
  );
  const sending = new Set(camerasOn);
  const shown = plan.tiles.filter((t) => t.source === 'camera' && sending.has(t.pointId));
  return (shown.find((t) => t.size === 'large') ?? shown[0])?.pointId ?? null;
}
