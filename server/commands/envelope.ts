import type { z } from 'zod';
import { COMMAND_TYPES, CommandSchema, type Command } from '../../shared/protocol/index.js';
import { MAX_COMMAND_BYTES, MAX_MESSAGE_DEPTH, type GatewayErrorCode } from '../../shared/protocol/socket.js';
import { guardPayload } from '../gateway/messageGuards.js';

// From an untrusted `{ command }` envelope (a socket message, an HTTP body) to a command the room
// may decide, or a specific refusal. Cheap structural checks first, then the schema.

const KNOWN_TYPES: ReadonlySet<string> = new Set(COMMAND_TYPES);

export type Refusal = { ok: false; code: string; message: string };
export type Parsed = { ok: true; command: Command } | { ok: false; ack: Refusal };

/** The ack of a refusal of the transport layer: the code, and what exactly was wrong (the words are the client's). */
export function refusalAck(code: GatewayErrorCode, detail?: string): Refusal {
  return { ok: false, code, message: detail ?? '' };
}

export function refusal(code: GatewayErrorCode, detail?: string): { ok: false; ack: Refusal } {
  return { ok: false, ack: refusalAck(code, detail) };
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
