// Presence turns point devices connecting and leaving into the core's pointOnline / pointOffline
// commands, issued by the `system` principal. A departure is only recorded after a grace period:
// a district's mobile link that drops for two seconds and comes back is not "left the conference"
// in the minutes. After a restart, points the log says are online get the same grace to come back.
// In cluster mode a point's devices may be on several nodes: a departure is recorded only when no
// live node holds a device of the point at the end of the grace (`elsewhere`), and the writing
// node sends the points whose node died back through the same grace (`expectBack`).

export interface PresenceOptions {
  /** how long a point may be gone before it is recorded offline */
  readonly graceMs: number;
  /** whether the conference's state says the point is online now */
  readonly isOnline: (conferenceId: string, pointId: string) => boolean;
  /** whether any device of the point is connected now */
  readonly hasDevice: (conferenceId: string, pointId: string) => boolean;
  /** submits a presence command through the conference's queue */
  readonly submit: (conferenceId: string, type: 'pointOnline' | 'pointOffline', pointId: string) => Promise<unknown>;
  /**
   * Cluster mode: whether another live node holds a device of the point now. A failure (the
   * database away) records nothing: the writing node's next sweep tries again.
   */
  readonly elsewhere?: (conferenceId: string, pointId: string) => Promise<boolean>;
}

export class PresenceTracker {
  readonly #options: PresenceOptions;
  readonly #pendingOffline = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(options: PresenceOptions) {
    this.#options = options;
  }

  static #key(conferenceId: string, pointId: string): string {
    return `${conferenceId}\u0000${pointId}`;
  }

  /** A device of the point connected: cancel a pending departure, or record the arrival. */
  deviceJoined(conferenceId: string, pointId: string): Promise<unknown> {
    const key = PresenceTracker.#key(conferenceId, pointId);
    const pending = this.#pendingOffline.get(key);
    if (pending) {
      clearTimeout(pending);
      this.#pendingOffline.delete(key);
    }
    if (this.#options.isOnline(conferenceId, pointId)) return Promise.resolve();
    return this.#options.submit(conferenceId, 'pointOnline', pointId);
  }

  /** A device of the point left: if it was the last one, record the departure after the grace period. */
  deviceLeft(conferenceId: string, pointId: string): void {
    if (this.#options.hasDevice(conferenceId, pointId)) return;
    this.#scheduleOffline(conferenceId, pointId);
  }

  /**
   * Points recorded online whose devices are gone (after a conference is loaded; in cluster mode,
   * after their node died) get the grace period to return before they are recorded offline.
   */
  expectBack(conferenceId: string, onlinePointIds: readonly string[]): void {
    for (const pointId of onlinePointIds) {
      if (!this.#options.hasDevice(conferenceId, pointId)) this.#scheduleOffline(conferenceId, pointId);
    }
  }

  #scheduleOffline(conferenceId: string, pointId: string): void {
    if (this.#closed) return;
    const key = PresenceTracker.#key(conferenceId, pointId);
    if (this.#pendingOffline.has(key)) return;
    const timer = setTimeout(() => {
      void (async () => {
        if (this.#closed || this.#options.hasDevice(conferenceId, pointId)) return;
        if (this.#options.elsewhere && (await this.#options.elsewhere(conferenceId, pointId).catch(() => true))) return;
        // Looked up again: a device may have come back here while the other nodes were asked.
        if (this.#closed || this.#options.hasDevice(conferenceId, pointId) || !this.#options.isOnline(conferenceId, pointId)) return;
        await this.#options.submit(conferenceId, 'pointOffline', pointId);
      })().finally(() => {
        if (this.#pendingOffline.get(key) === timer) this.#pendingOffline.delete(key);
      });
    }, this.#options.graceMs);
    timer.unref();
    this.#pendingOffline.set(key, timer);
  }

  /** Departures still waiting for their grace period (for tests and shutdown). */
  get pending(): number {
    return this.#pendingOffline.size;
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#pendingOffline.values()) clearTimeout(timer);
    this.#pendingOffline.clear();
  }
}
