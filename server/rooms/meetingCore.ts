import { z } from 'zod';
import { decide } from '../../shared/meeting/decide.js';
import { evolve, replay } from '../../shared/meeting/evolve.js';
import { emptyState, type MeetingState } from '../../shared/meeting/index.js';
import { hasStateShape, STATE_VERSION } from '../../shared/meeting/stateShape.js';
import { entryOf, idsOf } from '../../shared/meeting/buckets.js';
import type { Command, MeetingEvent, Principal } from '../../shared/protocol/index.js';
import type { Room, RoomCore } from './room.js';
import type { RoomRegistry } from './roomRegistry.js';

// The meeting core as the rooms see it. The room is generic (it is tested on a toy core too);
// this is the one place the server binds it to the real decide/evolve of shared/meeting.

export const meetingCore: RoomCore<MeetingState, Command, MeetingEvent, Principal> = {
  emptyState: () => emptyState(),
  decide: (state, command, context) => decide(state, command, context),
  evolve: (state, event) => evolve(state, event),
  // One copy-on-write draft per page instead of per event: replay at start is linear in the log.
  fold: (state, events) => replay(events, state),
  stateVersion: STATE_VERSION,
  stateSchema: z.custom<MeetingState>(hasStateShape, 'the state does not have this core’s shape'),
};

export type MeetingRoom = Room<MeetingState, Command, MeetingEvent, Principal>;
export type MeetingRooms = RoomRegistry<MeetingState, Command, MeetingEvent, Principal>;

/** Points the log says are online now (for presence after a restart). */
export function onlinePointIds(state: MeetingState): string[] {
  return idsOf(state.presence).filter((pointId) => entryOf(state.presence, pointId)?.online);
}
