import express, { type ErrorRequestHandler, type Router } from 'express';
import { z } from 'zod';
import { IdSchema, PrincipalSchema } from '../../shared/protocol/common.js';
import { CommandSchema, type Command } from '../../shared/protocol/index.js';
import { AckSchema, type Ack } from '../../shared/protocol/socket.js';
import type { Caller } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';
import { checkSignature, SeenSignatures, SIGNATURE_HEADER } from './nodeSigning.js';

// The owner's end of forwarding (docs/CLUSTER.md): another node sends, signed, an ordered batch of
// the commands it holds for a conference this node writes. The whole body is checked first
// (signature, not seen before, JSON, schema: a bad batch is refused whole and nothing of it is
// applied); then its commands are handed to the room in the batch's order, in one synchronous
// pass (the room's queue keeps that order, so each caller's commands are applied in the order
// it sent them), and the answer is one ack per command, in the same order, once each command is
// durable (its COMMIT) or refused.

export const FORWARD_PATH = '/internal/cluster/commands';
/** commands in one forwarded batch at most (the room decides 64 per transaction) */
export const MAX_FORWARD_BATCH = 64;
/** a batch stops growing past this many bytes (its first command always goes: one is at most 64 kB) */
export const MAX_FORWARD_BATCH_BYTES = 512 * 1024;
/** what the route reads at most: a full batch and its envelope */
const BODY_LIMIT = '640kb';

export const ForwardedCommandSchema = z.strictObject({
  command: CommandSchema,
  principal: PrincipalSchema,
  source: z.enum(['socket', 'http', 'system']),
  flowKey: z.string().min(1).max(200),
  standby: z.boolean(),
});
export type ForwardedCommand = z.infer<typeof ForwardedCommandSchema>;

export const ForwardedBatchSchema = z.strictObject({
  /** random per batch: two batches never share a body, so never a signature either (replays are refused) */
  batchId: z.string().regex(/^[0-9a-f]{16,64}$/),
  conferenceId: IdSchema,
  commands: z.array(ForwardedCommandSchema).min(1).max(MAX_FORWARD_BATCH),
});
export type ForwardedBatch = z.infer<typeof ForwardedBatchSchema>;

/** The owner's answer: one ack per command of the batch, in its order. */
export const ForwardedResultsSchema = z.strictObject({ results: z.array(AckSchema).max(MAX_FORWARD_BATCH) });

/** Why a whole batch was refused (nothing of it applied); the sending node's caller sees OWNER_UNREACHABLE. */
export type BatchRefusal = 'FORBIDDEN' | 'REPLAYED' | 'MALFORMED' | 'INVALID_COMMAND' | 'TOO_LARGE';
const STATUS: Record<BatchRefusal, number> = { FORBIDDEN: 403, REPLAYED: 409, MALFORMED: 400, INVALID_COMMAND: 400, TOO_LARGE: 413 };

export interface ForwardRouteOptions {
  readonly key: Buffer;
  readonly logger: Logger;
  /** runs the command here, never forwarding it again (a NOT_OWNER refusal goes back instead) */
  readonly submitHere: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  readonly now?: () => number;
}

export function forwardRoute(options: ForwardRouteOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const seen = new SeenSignatures();
  const refuse = (res: express.Response, code: BatchRefusal, message: string) => res.status(STATUS[code]).json({ ok: false, code, message });
  router.post(FORWARD_PATH, express.text({ type: 'application/json', limit: BODY_LIMIT }), (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const signature = req.get(SIGNATURE_HEADER);
    const at = now();
    const refused = checkSignature(options.key, signature, body, at);
    if (refused || !seen.firstTime(signature!, at)) {
      options.logger.warn({ reason: refused ?? 'replayed', from: req.socket.remoteAddress }, 'forwarded commands refused');
      refuse(res, refused ? 'FORBIDDEN' : 'REPLAYED', refused ?? 'this signed batch was received already');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      refuse(res, 'MALFORMED', 'not JSON');
      return;
    }
    const parsed = ForwardedBatchSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refuse(res, 'INVALID_COMMAND', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 500));
      return;
    }
    const { conferenceId, commands } = parsed.data;
    // One pass, no await in between: each submitHere puts its command in the room's queue before the next.
    const acks = commands.map(({ command, principal, source, flowKey, standby }) => options.submitHere(conferenceId, command, { principal, source, flowKey: `fwd:${flowKey}`, standby }));
    void Promise.all(acks).then((results) => res.json({ results }));
  });
  const bodyError: ErrorRequestHandler = (err: { type?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.too.large') refuse(res, 'TOO_LARGE', `a forwarded batch is at most ${BODY_LIMIT}`);
    else refuse(res, 'MALFORMED', 'the body could not be read');
  };
  router.use(FORWARD_PATH, bodyError);
  return router;
}
