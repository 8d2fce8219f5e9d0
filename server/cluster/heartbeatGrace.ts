// How old another node's heartbeat may be for it to count as live, across an outage of the
// database. A node counts as dead once its heartbeat (cluster_nodes.seen_at) is older than
// DEVICE_FRESH_MS; while the database is away no node can write its heartbeat, so when the database
// answers again every other node looks dead until its next heartbeat (a tick or two). A node that
// read the devices then would promote its standby of a point whose live device is well on another
// node, and that device would be replaced (SESSION_REPLACED) by the later one; a standby link
// joining then would be made live past it. So a node whose own heartbeat could not be written
// (ownership.ts, every tick) gives the other nodes the outage's length more, while the database is
// away and for DEVICE_FRESH_MS after its heartbeat is written again (theirs are too, meanwhile). A
// node that really died during the outage is then passed over at most DEVICE_FRESH_MS later than
// it would have been. An outage this node did not see (the others' alone) changes nothing here.

export class HeartbeatGrace {
  readonly #freshMs: number;
  readonly #tickMs: number;
  readonly #now: () => number;
  /** since when this node's heartbeat fails; undefined while it is written */
  #awaySince: number | undefined;
  /** the last outage's length, plus a tick: it is seen at a heartbeat, up to a tick after it began */
  #extraMs = 0;
  /** until when that outage's length is given */
  #until = 0;

  constructor(freshMs: number, tickMs: number, now: () => number = Date.now) {
    this.#freshMs = freshMs;
    this.#tickMs = tickMs;
    this.#now = now;
  }

  /** This node's heartbeat was not written (the database away). */
  failed(): void {
    this.#awaySince ??= this.#now();
  }

  /** This node's heartbeat was written. */
  answered(): void {
    if (this.#awaySince === undefined) return;
    const now = this.#now();
    this.#extraMs = now - this.#awaySince + this.#tickMs;
    this.#until = now + this.#freshMs;
    this.#awaySince = undefined;
  }

  /** How old another node's heartbeat may be now for that node to count as live. */
  get freshMs(): number {
    const now = this.#now();
    if (this.#awaySince !== undefined) return this.#freshMs + (now - this.#awaySince) + this.#tickMs;
    return now < this.#until ? this.#freshMs + this.#extraMs : this.#freshMs;
  }
}
