import type { z } from 'zod';
import { COMMAND_TYPES, CommandSchema, type Command, type CommandType, type Principal } from '../../shared/protocol/index.js';
import { GATEWAY_ERROR_CODES, MAX_COMMAND_BYTES, MAX_MESSAGE_DEPTH, type Ack, type GatewayErrorCode } from '../../shared/protocol/socket.js';
import { guardPayload } from './messageGuards.js';

// From an untrusted payload to a command the room may decide, or a specific refusal. The order
// matters: cheap structural checks first, then the schema, then who may send it. The core's
// decide checks the meeting rules (a point acting for another point, the chair's commands) again;
// the gateway refuses here only what never reaches decide: observers, standbys and the
// presence/media commands that belong to the server itself.

/** Commands only the server's own edges issue (presence from sockets, link health and speaker from media). */
export const SYSTEM_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  'pointOnline',
  'pointOffline',
  'signalLost',
  'signalRestored',
  'setActiveSpeaker',
]);

const KNOWN_TYPES: ReadonlySet<string> = new Set(COMMAND_TYPES);

export type Parsed = { ok: true; command: Command } | { ok: false; ack: Ack };

export function refusal(code: GatewayErrorCode, detail?: string): { ok: false; ack: Ack } {
  return { ok: false, ack: { ok: false, code, message: detail ? `${GATEWAY_ERROR_CODES[code]} (${detail})` : GATEWAY_ERROR_CODES[code] } };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}

/** Parses the `command` message's payload: `{ command: { type, ... } }`. */
export function parseCommandEnvelope(payload: unknown): Parsed {
  const guard = guardPayload(payload, { maxBytes: MAX_COMMAND_BYTES, maxDepth: MAX_MESSAGE_DEPTH });
  if (!guard.ok) return refusal(guard.code, guard.message);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refusal('MALFORMED', 'expected { command }');
  const keys = Object.keys(payload);
  if (keys.length !== 1 || keys[0] !== 'command') return refusal('MALFORMED', 'the envelope has exactly one field, `command`');
  const command = (payload as { command: unknown }).command;
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return refusal('MALFORMED', '`command` must be an object');
  const type = (command as { type?: unknown }).type;
  if (typeof type !== 'string') return refusal('INVALID_COMMAND', 'type: a string is required');
  if (!KNOWN_TYPES.has(type)) return refusal('UNKNOWN_COMMAND', `type: ${JSON.stringify(type.slice(0, 64))}`);
  const parsed = CommandSchema.safeParse(command);
  if (!parsed.success) return refusal('INVALID_COMMAND', describeIssues(parsed.error.issues));
  return { ok: true, command: parsed.data };
}

/** What the gateway itself refuses before the room: observers, standbys, system commands. */
export function gatewayPermits(command: Command, principal: Principal, standby: boolean): Ack | null {
  if (SYSTEM_COMMANDS.has(command.type)) return refusal('SYSTEM_ONLY', command.type).ack;
  if (principal.role === 'observer') return refusal('FORBIDDEN', 'an observer only watches').ack;
  if (standby) return refusal('STANDBY').ack;
  return null;
}
