import { createHmac, timingSafeEqual } from 'node:crypto';

// How nodes of a cluster trust each other's requests on their internal routes (forwarded commands,
// cascaded media). A client is authenticated by the node it reached; the node it is forwarded to
// trusts the principal only because the request is signed with a key every node derives from the
// cluster's shared secret (in the database's meta): a client cannot reach an internal route with a
// forged principal. A signature is valid for SIGNATURE_WINDOW_MS around its timestamp and is
// accepted once (SeenSignatures), so a captured request can be replayed neither later nor now.

export const SIGNATURE_HEADER = 'x-hoinghi-node-signature';
const SIGNATURE_WINDOW_MS = 30_000;
/** a signature is remembered this long: longer than its whole window (30 s either side) */
const REPLAY_MEMORY_MS = 2 * SIGNATURE_WINDOW_MS + 1_000;

/** The key nodes sign their requests with, derived so the join-token key itself never travels. */
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

/**
 * The signatures a route accepted in the last REPLAY_MEMORY_MS. Kept in arrival order, so the
 * expired ones are dropped from the front: a route taking hundreds of requests a second pays for
 * the ones that expire, not for every one it remembers.
 */
export class SeenSignatures {
  readonly #seen = new Map<string, number>();

  /** true the first time a (checked) signature is offered; false for a replay */
  firstTime(signature: string, now: number): boolean {
    for (const [s, at] of this.#seen) {
      if (now - at <= REPLAY_MEMORY_MS) break;
      this.#seen.delete(s);
    }
    if (this.#seen.has(signature)) return false;
    this.#seen.set(signature, now);
    return true;
  }
}
