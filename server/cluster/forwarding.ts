import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Command } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import { refusalAck } from '../commands/envelope.js';
import type { Caller } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';
import { NOT_OWNER } from '../rooms/room.js';
import { FORWARD_PATH, ForwardedResultsSchema, MAX_FORWARD_BATCH, MAX_FORWARD_BATCH_BYTES } from './forwardRoute.js';
import { sign, SIGNATURE_HEADER } from './nodeSigning.js';

// Commands a node does not write go to the node that does (the holder of the conference's lease),
// over the owner's signed internal route (forwardRoute.ts). Per conference, this node keeps one
// queue of the commands to forward, in the order the command service handed them over (which is
// each caller's order), and one batch on the way at a time: while a batch is out, the commands
// that arrive wait and go together as the next batch. So a caller's 16 commands in flight cost
// about two round trips, not 16 in a row, and no batch can overtake the one before it (the owner
// hands a batch to the room in its order, and the next batch is sent only after the answer).
//
// What a command not applied becomes:
//   - the owner answered NOT_OWNER (its lease moved: nothing was written) for the batch's tail, or
//     the owner's address refused the connection (nothing was sent), or no node holds the lease:
//     it is tried again (with the commands behind it, in order) until an owner takes it, for at
//     most `waitForOwnerMs` from its first try, then NO_OWNER ("nothing was changed");
//   - the batch was sent and no answer came (timeout, a connection cut, an answer that is no
//     batch of acks): every command of it is OWNER_UNREACHABLE, "not confirmed": it may have been
//     applied, so it is never sent again;
//   - the owner refused the batch whole (its signature, its schema: nodes that disagree): every
//     command of it is UNAVAILABLE with the owner's code; none of it ran.

/** a forwarded batch waits this long for the owner's acks (the client waits 8 s for its own) */
const FORWARD_TIMEOUT_MS = 5_000;
const RETRY_MS = 200;

export interface ForwarderOptions {
  readonly key: Buffer;
  /** the owner's URL, or null when no node holds a live lease on the conference */
  readonly ownerUrl: (conferenceId: string) => Promise<string | null>;
  /** this node's own URL (known once it listens) */
  readonly selfUrl: () => string;
  /** the command on this node (the command service's submitToRoomHere): the lease just became ours */
  readonly runHere: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** how long to wait for an owner to appear (a takeover under way) before NO_OWNER */
  readonly waitForOwnerMs?: number;
  /** each batch sent to another node, by its number of commands (metrics) */
  readonly onBatch?: (commands: number) => void;
}

interface Queued {
  readonly command: Command;
  readonly caller: Caller;
  /** the command as it travels in a batch, serialised once */
  readonly json: string;
  readonly resolve: (ack: Ack) => void;
  /** set at its first failed try: past it, NO_OWNER */
  deadline?: number;
}

type Forward = (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;

/**
 * Sends commands to their conference's owner; never rejects. The returned function puts the
 * command in its conference's queue synchronously: commands handed over one after the other reach
 * the owner's room in that order.
 */
export function createForwarder(options: ForwarderOptions): Forward {
  const queues = new Map<string, Queued[]>();
  return (conferenceId, command, caller) =>
    new Promise<Ack>((resolve) => {
      const json = JSON.stringify({ command, principal: caller.principal, source: caller.source, flowKey: caller.flowKey, standby: caller.standby ?? false });
      const queue = queues.get(conferenceId);
      if (queue) {
        queue.push({ command, caller, json, resolve });
        return;
      }
      const fresh: Queued[] = [{ command, caller, json, resolve }];
      queues.set(conferenceId, fresh);
      // The queue leaves the map in the same synchronous step that finds it empty (inside drain):
      // a command handed over later starts a new queue instead of joining one nobody drains.
      void drain(options, conferenceId, fresh, () => queues.delete(conferenceId));
    });
}

/** Sends the queue's commands batch after batch until it is empty (new ones join it meanwhile). */
async function drain(options: ForwarderOptions, conferenceId: string, queue: Queued[], emptied: () => void): Promise<void> {
  const now = options.now ?? Date.now;
  while (queue.length > 0) {
    const batch = takeBatch(queue);
    let retry: Queued[];
    try {
      retry = await sendBatch(options, conferenceId, batch);
    } catch (error) {
      // not expected (sendBatch answers every failure itself): refuse rather than leave callers waiting
      options.logger.error({ conferenceId, err: error }, 'forwarding a batch failed');
      for (const item of batch) item.resolve(refusalAck('INTERNAL'));
      continue;
    }
    if (retry.length === 0) continue;
    const at = now();
    const waitMs = options.waitForOwnerMs ?? 2_000;
    const still: Queued[] = [];
    for (const item of retry) {
      item.deadline ??= at + waitMs;
      if (at >= item.deadline) item.resolve(refusalAck('NO_OWNER', 'no server took this conference over in time; nothing was changed'));
      else still.push(item);
    }
    // Back to the front: the commands behind them (the same callers' later ones) stay behind them.
    queue.unshift(...still);
    if (still.length > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  emptied();
}

function takeBatch(queue: Queued[]): Queued[] {
  let bytes = 0;
  let n = 0;
  while (n < queue.length && n < MAX_FORWARD_BATCH) {
    bytes += queue[n]!.json.length + 1;
    if (n > 0 && bytes > MAX_FORWARD_BATCH_BYTES) break;
    n++;
  }
  return queue.splice(0, n);
}

/** One try of a batch: resolves the commands that have their answer, returns those to try again. */
async function sendBatch(options: ForwarderOptions, conferenceId: string, batch: Queued[]): Promise<Queued[]> {
  let owner: string | null;
  try {
    owner = await options.ownerUrl(conferenceId);
  } catch (error) {
    options.logger.warn({ conferenceId, err: error }, 'the owner of a conference could not be looked up');
    for (const item of batch) item.resolve(refusalAck('LOG_UNAVAILABLE'));
    return [];
  }
  if (owner === null) return batch;
  let acks: Posted;
  if (owner === options.selfUrl()) {
    // The lease is ours: the room runs them once promoted (it reads the log's tail first). One
    // synchronous pass hands them to the room's queue in order.
    acks = await Promise.all(batch.map((item) => options.runHere(conferenceId, item.command, item.caller)));
  } else {
    acks = await post(options, owner, conferenceId, batch);
  }
  if (acks === 'not sent') return batch;
  if (acks === 'unanswered') {
    for (const item of batch) item.resolve(refusalAck('OWNER_UNREACHABLE'));
    return [];
  }
  if ('refused' in acks) {
    // The owner refused the batch whole, before any of it ran: nothing was changed.
    for (const item of batch) item.resolve(refusalAck('UNAVAILABLE', `the server writing this conference refused the forwarded commands (${acks.refused}); nothing was changed`));
    return [];
  }
  // The tail refused with NOT_OWNER was not written anywhere: it goes again (to the new owner).
  // A NOT_OWNER before an applied command cannot go again without overtaking it: it is refused.
  let tail = acks.length;
  while (tail > 0 && isNotOwner(acks[tail - 1]!)) tail--;
  batch.forEach((item, i) => {
    if (i < tail) item.resolve(isNotOwner(acks[i]!) ? refusalAck('NO_OWNER', 'the conference changed servers meanwhile; nothing was changed') : acks[i]!);
  });
  return batch.slice(tail);
}

const isNotOwner = (ack: Ack): boolean => !ack.ok && ack.code === NOT_OWNER;

/**
 * The owner's acks, in the batch's order; 'not sent' when its address refused the connection;
 * the owner's code when it refused the batch whole (forwardRoute.ts: nothing of it ran).
 */
type Posted = readonly Ack[] | 'not sent' | 'unanswered' | { refused: string };
const BatchRefusedSchema = z.strictObject({ ok: z.literal(false), code: z.string().max(64), message: z.string().max(1000) });

async function post(options: ForwarderOptions, ownerUrl: string, conferenceId: string, batch: Queued[]): Promise<Posted> {
  const now = options.now ?? Date.now;
  const body = `{"batchId":"${randomBytes(12).toString('hex')}","conferenceId":${JSON.stringify(conferenceId)},"commands":[${batch.map((item) => item.json).join(',')}]}`;
  let response: Response;
  try {
    response = await fetch(`${ownerUrl}${FORWARD_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(options.key, now(), body) },
      body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
  } catch (error) {
    // Refused at connect: the batch never left this node (the owner's process is gone; its lease
    // runs out and another node takes over). Anything else (a timeout, a cut connection): it may
    // have reached the owner, so "not confirmed", never sent again.
    if (connectionRefused(error)) return 'not sent';
    options.logger.warn({ conferenceId, owner: ownerUrl, commands: batch.length, err: error }, 'forwarding commands to their conference’s owner failed');
    return 'unanswered';
  }
  options.onBatch?.(batch.length);
  const json: unknown = await response.json().catch(() => undefined);
  const refused = response.ok ? undefined : BatchRefusedSchema.safeParse(json);
  if (refused?.success) {
    options.logger.warn({ conferenceId, owner: ownerUrl, status: response.status, code: refused.data.code, reason: refused.data.message, commands: batch.length }, 'the owner refused forwarded commands');
    return { refused: refused.data.code };
  }
  const parsed = ForwardedResultsSchema.safeParse(json);
  if (!parsed.success || parsed.data.results.length !== batch.length) {
    options.logger.warn({ conferenceId, owner: ownerUrl, status: response.status, commands: batch.length }, 'the owner answered forwarded commands with no acks for them');
    return 'unanswered';
  }
  return parsed.data.results;
}

function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}
