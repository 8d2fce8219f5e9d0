import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EventStore, StoredEvent } from '../store/EventStore.js';
import { SeqConflictError } from '../store/EventStore.js';

// One conference on the server: its state, the head of its log, and a serial queue. Every change
// goes decide → append → evolve → broadcast inside the queue, so no two commands of one conference
// ever interleave, the log order is the order everyone sees, and the state is only evolved with
// events that are durable. The room holds no meeting rule: that is the core's `decide`.

/** What a room needs of the meeting core; generic so the room can be tested on a toy core. */
export interface RoomCore<S, C, E, P> {
  emptyState(conferenceId: string): S;
  decide(state: S, command: C, context: { principal: P; now: number; newId: () => string }): RoomDecision<E>;
  evolve(state: S, event: E): S;
  /** folds many events at once (replay at start); equal to evolving them one by one */
  fold?(state: S, events: readonly E[]): S;
}

export type RoomDecision<E> = { ok: true; events: readonly E[] } | { ok: false; code: string; message: string };

export type RoomResult = { ok: true; seq: number } | { ok: false; code: string; message: string };

interface RoomEvents<E> {
  /** events just made durable, in order; the gateway fans them out */
  appended: [events: readonly StoredEvent<E>[]];
}

export interface RoomOptions<S, C, E, P> {
  readonly conferenceId: string;
  readonly core: RoomCore<S, C, E, P>;
  readonly store: EventStore<E>;
  /** state and head after replay */
  readonly state: S;
  readonly seq: number;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** measured around each append, for /metrics */
  readonly onAppend?: (events: number, ms: number) => void;
  readonly onError?: (error: unknown, what: string) => void;
}

export class Room<S, C, E, P> extends EventEmitter<RoomEvents<E>> {
  readonly conferenceId: string;
  readonly #core: RoomCore<S, C, E, P>;
  readonly #store: EventStore<E>;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #options: RoomOptions<S, C, E, P>;
  #state: S;
  #seq: number;
  #tail: Promise<unknown> = Promise.resolve();
  /** set when the room can no longer trust its state (another writer, an evolve that threw) */
  #broken: string | null = null;

  constructor(options: RoomOptions<S, C, E, P>) {
    super();
    this.conferenceId = options.conferenceId;
    this.#core = options.core;
    this.#store = options.store;
    this.#state = options.state;
    this.#seq = options.seq;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? defaultNewId;
    this.#options = options;
  }

  get state(): S {
    return this.#state;
  }

  get seq(): number {
    return this.#seq;
  }

  get broken(): string | null {
    return this.#broken;
  }

  /**
   * Runs `task` after everything queued before it and before anything queued after it. The
   * gateway uses this to send a joining socket its catch-up with no live event slipping in between.
   */
  serially<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Decides, appends, evolves and broadcasts one command; resolves with the ack to give. */
  submit(command: C, principal: P): Promise<RoomResult> {
    return this.serially(() => this.#apply(command, principal));
  }

  async #apply(command: C, principal: P): Promise<RoomResult> {
    if (this.#broken !== null) return { ok: false, code: 'UNAVAILABLE', message: this.#broken };
    let decision: RoomDecision<E>;
    try {
      decision = this.#core.decide(this.#state, command, { principal, now: this.#now(), newId: this.#newId });
    } catch (error) {
      // decide is pure and returns its refusals; a throw is a bug in it. Refuse this command only.
      this.#options.onError?.(error, 'decide threw');
      return { ok: false, code: 'INTERNAL', message: 'the command could not be decided' };
    }
    if (!decision.ok) return { ok: false, code: decision.code, message: decision.message };
    if (decision.events.length === 0) return { ok: true, seq: this.#seq };

    const started = performance.now();
    let firstSeq: number;
    try {
      ({ firstSeq } = await this.#store.append(this.conferenceId, this.#seq, decision.events));
    } catch (error) {
      if (error instanceof SeqConflictError) {
        this.#broken = 'UNAVAILABLE: the log was written by someone else; the room must be reloaded';
      }
      this.#options.onError?.(error, 'append failed');
      return { ok: false, code: 'UNAVAILABLE', message: 'the event could not be stored; nothing was changed' };
    }
    this.#options.onAppend?.(decision.events.length, performance.now() - started);

    const stored: StoredEvent<E>[] = decision.events.map((event, i) => ({ seq: firstSeq + i, event }));
    try {
      for (const { event } of stored) this.#state = this.#core.evolve(this.#state, event);
    } catch (error) {
      // The events are durable; a replay from the log will rebuild the truth.
      this.#broken = 'UNAVAILABLE: the room state could not be updated; the room must be reloaded';
      this.#options.onError?.(error, 'evolve threw');
    }
    this.#seq = stored[stored.length - 1]?.seq ?? this.#seq;
    this.emit('appended', stored);
    return { ok: true, seq: this.#seq };
  }
}

function defaultNewId(): string {
  return `i${randomBytes(9).toString('hex')}`;
}
