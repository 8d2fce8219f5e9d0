import { randomBytes } from 'node:crypto';
import type { CommandOf, Principal } from '../../shared/protocol/index.js';
import type { MeetingRooms } from './meetingCore.js';
import type { RoomResult } from './room.js';

// A new conference is a new log: a room with the empty state whose first command is
// createConference. If the core refuses it, the room is dropped again and nothing was written.

export type CreateConferenceInput = Omit<CommandOf<'createConference'>, 'type'>;

export function newConferenceId(): string {
  return `hn-${randomBytes(6).toString('hex')}`;
}

export async function createConference(
  rooms: MeetingRooms,
  input: CreateConferenceInput,
  principal: Principal,
): Promise<RoomResult & { conferenceId: string }> {
  const conferenceId = input.id ?? newConferenceId();
  if (rooms.has(conferenceId)) {
    return { ok: false, code: 'CONFERENCE_EXISTS', message: `A conference with id ${conferenceId} already exists.`, conferenceId };
  }
  const room = rooms.create(conferenceId);
  const result = await room.submit({ ...input, type: 'createConference', id: conferenceId }, principal);
  if (!result.ok) rooms.discardIfEmpty(conferenceId);
  return { ...result, conferenceId };
}
