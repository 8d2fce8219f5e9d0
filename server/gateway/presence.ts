// Presence turns point devices connecting and leaving into the core's pointOnline / pointOffline
// commands, issued by the `system` principal. A departure is only recorded after a grace period:
// a district's mobile link that drops for two seconds and comes back is not "left the conference"
// in the minutes. After a restart, points the log says are online get the same grace to come back.

export interface PresenceOptions {
  /** how long a point may be gone before it is recorded offline */
  readonly graceMs: number;
  /** whether the conference's state says the point is online now */
  readonly isOnline: (conferenceId: string, pointId: string) => boolean;
  /** whether any device of the point is connected now */
  readonly hasDevice: (conferenceId: string, pointId: string) => boolean;
  /** submits a presence command through the conference's queue */
  readonly submit: (conferenceId: string, type: 'pointOnline' | 'pointOffline', pointId: string) => Promise<unknown>;
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

  /** After a conference is loaded: points recorded online with no device get the grace period to return. */
  afterLoad(conferenceId: string, onlinePointIds: readonly string[]): void {
    for (const pointId of onlinePointIds) {
      if (!this.#options.hasDevice(conferenceId, pointId)) this.#scheduleOffline(conferenceId, pointId);
    }
  }

  #scheduleOffline(conferenceId: string, pointId: string): void {
    if (this.#closed) return;
    const key = PresenceTracker.#key(conferenceId, pointId);
    if (this.#pendingOffline.has(key)) return;
    const timer = setTimeout(() => {
      this.#pendingOffline.delete(key);
      if (this.#closed || this.#options.hasDevice(conferenceId, pointId)) return;
      if (!this.#options.isOnline(conferenceId, pointId)) return;
      void this.#options.submit(conferenceId, 'pointOffline', pointId);
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
