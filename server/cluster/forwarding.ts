import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { IdSchema, PrincipalSchema } from '../../shared/protocol/common.js';
import { CommandSchema, type Command } from '../../shared/protocol/index.js';
import { AckSchema, type Ack } from '../../shared/protocol/socket.js';
import { refusalAck } from '../commands/envelope.js';
import type { Caller } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';

// Commands a node does not write go to the node that does (the holder of the conference's lease),
// over an internal HTTP route of that node. The caller is already authenticated by the node that
// received the command (its socket's token, its HTTP token), so the owner trusts the principal
// only because the request is signed with a key every node derives from the cluster's shared
// secret (in the database's meta): a client cannot reach the route with a forged principal.
// A signature is valid for SIGNATURE_WINDOW_MS, so a captured request cannot be replayed later.

export const FORWARD_PATH = '/internal/cluster/commands';
const SIGNATURE_HEADER = 'x-hoinghi-node-signature';
const SIGNATURE_WINDOW_MS = 30_000;
/** a forwarded command waits this long for the owner's ack (the client waits 8 s for its own) */
const FORWARD_TIMEOUT_MS = 5_000;

export const ForwardedCommandSchema = z.strictObject({
  conferenceId: IdSchema,
  command: CommandSchema,
  principal: PrincipalSchema,
  source: z.enum(['socket', 'http', 'system']),
  flowKey: z.string().min(1).max(200),
  standby: z.boolean(),
});
export type ForwardedCommand = z.infer<typeof ForwardedCommandSchema>;

/** The key nodes sign forwarded commands with, derived so the join-token key itself never travels. */
export function nodeKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update('hoinghi node-to-node v1').digest();
}

export function sign(key: Buffer, at: number, body: string): string {
  return `t=${at},s=${createHmac('sha256', key).update(`${at}.${body}`).digest('hex')}`;
}

/** Whether a signature header is ours for this body and recent; the reason when not. */
export function checkSignature(key: Buffer, header: string | undefined, body: string, now: number): string | null {
  const match = /^t=(\d{1,16}),s=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return 'no node signature';
  const at = Number(match[1]);
  if (Math.abs(now - at) > SIGNATURE_WINDOW_MS) return 'node signature too old or from the future';
  const expected = Buffer.from(sign(key, at, body).slice(-64), 'hex');
  const given = Buffer.from(match[2]!, 'hex');
  return timingSafeEqual(expected, given) ? null : 'bad node signature';
}

export interface ForwarderOptions {
  readonly key: Buffer;
  /** the owner's URL, or null when no node holds a live lease on the conference */
  readonly ownerUrl: (conferenceId: string) => Promise<string | null>;
  /** this node's own URL (known once it listens) */
  readonly selfUrl: () => string;
  /** the command on this node (the command service's submitHere): the lease just became ours */
  readonly runHere: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** how long to wait for an owner to appear (a takeover under way) before NO_OWNER */
  readonly waitForOwnerMs?: number;
}

/** Sends a command to its conference's owner; never rejects, answers with the owner's ack or a refusal. */
export function createForwarder(options: ForwarderOptions): (conferenceId: string, command: Command, caller: Caller) => Promise<Ack> {
  const now = options.now ?? Date.now;
  const waitMs = options.waitForOwnerMs ?? 2_000;
  return async (conferenceId, command, caller) => {
    const deadline = now() + waitMs;
    for (;;) {
      let owner: string | null;
      try {
        owner = await options.ownerUrl(conferenceId);
      } catch (error) {
        options.logger.warn({ conferenceId, err: error }, 'the owner of a conference could not be looked up');
        return refusalAck('LOG_UNAVAILABLE');
      }
      if (owner !== null && owner !== options.selfUrl()) {
        return post(options, owner, { conferenceId, command, principal: caller.principal, source: caller.source, flowKey: caller.flowKey, standby: caller.standby ?? false }, now);
      }
      if (owner === options.selfUrl()) {
        // The lease is ours: run it here once the room is promoted (it reads the log's tail first).
        const ack = await options.runHere(conferenceId, command, caller);
        if (ack.ok || ack.code !== 'NOT_OWNER' || now() >= deadline) return ack;
      }
      if (now() >= deadline) return refusalAck('NO_OWNER');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
}

async function post(options: ForwarderOptions, ownerUrl: string, forwarded: ForwardedCommand, now: () => number): Promise<Ack> {
  const body = JSON.stringify(forwarded);
  let response: Response;
  try {
    response = await fetch(`${ownerUrl}${FORWARD_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(options.key, now(), body) },
      body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
  } catch (error) {
    // The owner died or hangs: the command may have reached it, so it is "not confirmed", not "nothing changed".
    options.logger.warn({ conferenceId: forwarded.conferenceId, owner: ownerUrl, err: error }, 'forwarding a command to its conference’s owner failed');
    return refusalAck('OWNER_UNREACHABLE');
  }
  const parsed = AckSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    options.logger.warn({ conferenceId: forwarded.conferenceId, owner: ownerUrl, status: response.status }, 'the owner answered a forwarded command with no ack');
    return refusalAck('OWNER_UNREACHABLE');
  }
  return parsed.data;
}

export interface ForwardRouteOptions {
  readonly key: Buffer;
  readonly logger: Logger;
  /** runs the command here, never forwarding it again (a NOT_OWNER refusal goes back instead) */
  readonly submitHere: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  readonly now?: () => number;
}

/** The owner's end: a signed forwarded command, validated, run on this node's room. */
export function forwardRoute(options: ForwardRouteOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  router.post(FORWARD_PATH, express.text({ type: 'application/json', limit: '96kb' }), (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const refused = checkSignature(options.key, req.get(SIGNATURE_HEADER), body, now());
    if (refused) {
      options.logger.warn({ reason: refused, from: req.socket.remoteAddress }, 'forwarded command refused');
      res.status(403).json(refusalAck('FORBIDDEN', refused));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      res.status(400).json(refusalAck('MALFORMED', 'not JSON'));
      return;
    }
    const parsed = ForwardedCommandSchema.safeParse(json);
    if (!parsed.success) {
      res.status(400).json(refusalAck('INVALID_COMMAND', parsed.error.issues[0]?.message));
      return;
    }
    const { conferenceId, command, principal, source, flowKey, standby } = parsed.data;
    void options.submitHere(conferenceId, command, { principal, source, flowKey: `fwd:${flowKey}`, standby }).then((ack) => res.json(ack));
  });
  return router;
}
