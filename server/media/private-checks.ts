import { checkedOnly } from './private-check-isolation.js';
import type { ConferencePolicy } from './policy.js';
import type { Feed, RemoteFeeds } from './remote-feeds.js';

/**
 * The organiser's private checks as one conference's media on this node sees them: the checks of
 * its own sessions (session id → the one point it sees and hears, outside the program), and in
 * cluster mode the points other nodes' organisers check, as those nodes announce them with their
 * feeds (remote-feeds.ts; forgotten with the node). A point's microphone lives on the node its
 * device is connected to, so that node must know of a check made on another: it opens the
 * microphone, and sends it down the pipe to the checking node alone (PipeEnds.hold).
 */
export class PrivateChecks {
  readonly #mine = new Map<string, string>();
  readonly #remote: RemoteFeeds | undefined;

  constructor(remote: RemoteFeeds | undefined) {
    this.#remote = remote;
  }

  /** Starts, moves or (null) ends a session's check; true when the points checked here changed. */
  set(sessionId: string, pointId: string | null): boolean {
    const before = this.#mine.get(sessionId) ?? null;
    if (pointId === null) this.#mine.delete(sessionId);
    else this.#mine.set(sessionId, pointId);
    return before !== pointId;
  }

  /** The session left: its check ends; true if it had one. */
  drop(sessionId: string): boolean {
    return this.#mine.delete(sessionId);
  }

  /** This node's checks by sessions still connected. */
  live(sessions: ReadonlyMap<string, unknown>): Map<string, string> {
    return new Map([...this.#mine].filter(([sessionId]) => sessions.has(sessionId)));
  }

  /** The points this node's organisers check (what it announces to the other nodes). */
  here(sessions: ReadonlyMap<string, unknown>): string[] {
    return [...new Set(this.live(sessions).values())].sort();
  }

  /** Every point checked now, here or by another node's organiser. */
  points(sessions: ReadonlyMap<string, unknown>): Set<string> {
    const points = new Set(this.live(sessions).values());
    for (const checked of this.#remote?.checks().values() ?? []) for (const p of checked) points.add(p);
    return points;
  }

  /** Whether this node's producer must not go down `node`'s pipe: a microphone open for a check that node does not make. */
  heldFrom(node: string, producer: Feed, sessions: ReadonlyMap<string, unknown>, policy: ConferencePolicy): boolean {
    return checkedOnly(producer, this.points(sessions), policy) && !this.checkedAt(node, producer.appData.pointId);
  }

  /** Whether an organiser on `node` (another node) checks `pointId` now. */
  checkedAt(node: string, pointId: string): boolean {
    return this.#remote?.checks().get(node)?.has(pointId) ?? false;
  }
}
