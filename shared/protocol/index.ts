import { z } from 'zod';
import { setupCommands } from './commands-setup.js';
import { sessionCommands } from './commands-session.js';
import { setupEvents } from './events-setup.js';
import { sessionEvents } from './events-session.js';
import { organiserCommands } from './commands-organiser.js';
import { organiserEvents } from './events-organiser.js';
import { stillCommands, stillEvents } from './stills.js';

// The wire contract of hoinghi: every command a client may send and every event the server
// records. Types come from z.infer, never written twice.

/** Bumped whenever a command or event changes shape incompatibly. */
export const PROTOCOL_VERSION = 1;

/** Every command, strict (unknown fields rejected), discriminated on `type`. */
export const CommandSchema = z.discriminatedUnion('type', [...setupCommands, ...sessionCommands, ...organiserCommands, ...stillCommands]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
/** The command of one type, e.g. CommandOf<'grantFloor'>. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Every event; each carries `at` (epoch ms from ctx) and `by` (the principal that caused it). */
export const EventSchema = z.discriminatedUnion('type', [...setupEvents, ...sessionEvents, ...organiserEvents, ...stillEvents]);
export type MeetingEvent = z.infer<typeof EventSchema>;
export type EventType = MeetingEvent['type'];
export type EventOf<T extends EventType> = Extract<MeetingEvent, { type: T }>;

export const COMMAND_TYPES = CommandSchema.options.map((o) => o.shape.type.value) as CommandType[];
export const EVENT_TYPES = EventSchema.options.map((o) => o.shape.type.value) as EventType[];

export * from './common.js';
export * from './values.js';
export { STILL_SOURCES, StillCaptionSchema, StillSourceSchema, type StillSource } from './stills.js';
