import type { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EventStore, StoredEvent } from '../store/EventStore.js';
import { LeaseLostError, SeqConflictError, StoreUnavailableError } from '../store/EventStore.js';

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
  /** what snapshots of this core's state are tagged with (derived from its shape) */
  readonly stateVersion?: string;
  /** checks a snapshot's state before it is trusted; a full replay otherwise */
  readonly stateSchema?: z.ZodType<S>;
}

export type RoomDecision<E> = { ok: true; events: readonly E[] } | { ok: false; code: string; message: string };

export type RoomRefusal = { ok: false; code: string; message: string };
export type RoomResult = { ok: true; seq: number } | RoomRefusal;

interface RoomEvents<E> {
  /** events just made durable (or read from the log another node wrote), in order; the gateway fans them out */
  appended: [events: readonly StoredEvent<E>[]];
  /** this node stopped writing the conference (its lease was lost): commands go to the owner */
  demoted: [];
  /** this node writes the conference now (it took the lease): the record (recording, live program, stills) is made here */
  promoted: [];
}

/** The refusal of a room that does not write its conference (another node owns it): the command service forwards it. */
export const NOT_OWNER = 'NOT_OWNER';

export interface RoomOptions<S, C, E, P> {
  readonly conferenceId: string;
  readonly core: RoomCore<S, C, E, P>;
  readonly store: EventStore<E>;
  /** state and head after replay */
  readonly state: S;
  readonly seq: number;
  readonly now?: () => number;
  readonly newId?: () => string;
  /**
   * Whether this room writes its conference (default true: one process). In cluster mode a room
   * starts as a follower of the log and writes only once promoted (its node holds the lease).
   */
  readonly writable?: boolean;
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
  /** commands waiting for the next drain of the queue */
  readonly #pending: { command: C; principal: P; resolve: (result: RoomResult) => void }[] = [];
  #drainScheduled = false;
  /** set when the room can no longer trust its state (another writer, an evolve that threw) */
  #broken: string | null = null;
  /**
   * set when an append failed without a clear "nothing written" (the database went away): its
   * COMMIT may have happened with the reply lost. The next drain reads the log after #seq first,
   * so the room carries on from what is really there instead of conflicting with itself forever.
   */
  #resync = false;
  #writable: boolean;

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
    this.#writable = options.writable ?? true;
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

  /** Whether this node writes the conference now (holds its lease, or is the only node). */
  get writable(): boolean {
    return this.#writable;
  }

  /**
   * A follower folds in what another node appended after this room's head, in order, and
   * broadcasts it as its own appends are broadcast. Inside the queue, so a joining socket's
   * catch-up and the live events never overlap. Resolves with the new head.
   */
  followLog(): Promise<number> {
    return this.serially(async () => {
      const failure = await this.#readTail();
      if (failure) throw new Error(failure.message);
      return this.#seq;
    });
  }

  /**
   * This node took the conference's lease: fold in the log up to its real head (the last owner
   * may have written until it died), then take commands. The lease's fencing token, sent with
   * every append, keeps a previous owner from writing after this.
   */
  promote(): Promise<void> {
    return this.serially(async () => {
      const failure = await this.#readTail();
      if (failure) throw new Error(failure.message);
      this.#resync = false;
      if (this.#writable) return;
      this.#writable = true;
      this.emit('promoted');
    });
  }

  /**
   * For a task already inside the queue (serially): a follower reads the log's tail now. A client
   * that saw a later seq through another node (its node died) would otherwise be told it is ahead
   * of the server and reset. Nothing to do on the writer: its head is the log's.
   */
  async readAhead(): Promise<void> {
    if (this.#writable) return;
    const failure = await this.#readTail();
    if (failure) throw new Error(failure.message);
  }

  /** The lease ran out or was taken: stop writing at once; commands are refused with NOT_OWNER. */
  demote(): void {
    if (!this.#writable) return;
    this.#writable = false;
    this.emit('demoted');
  }

  /**
   * Runs `task` alone, after every command submitted before it (a command submitted after it may
   * join a group already waiting, never the reverse). The gateway uses this to send a joining
   * socket its catch-up with no live event slipping in between: events appended before the task
   * are in the catch-up, those after it reach the socket live.
   */
  serially<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Decides, appends, evolves and broadcasts one command; resolves with the ack to give. Commands
   * that arrive while an append is on disk are decided together next (group commit): each on the
   * state left by those before it, their events appended in one transaction, so one fsync serves
   * them all and the order is still the order of arrival.
   */
  submit(command: C, principal: P): Promise<RoomResult> {
    return new Promise((resolve) => {
      this.#pending.push({ command, principal, resolve });
      this.#scheduleDrain();
    });
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    void this.serially(() => this.#drain());
  }

  async #drain(): Promise<void> {
    this.#drainScheduled = false;
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (this.#pending.length > 0) this.#scheduleDrain();
    if (this.#broken !== null) {
      for (const item of batch) item.resolve({ ok: false, code: 'UNAVAILABLE', message: this.#broken });
      return;
    }
    if (!this.#writable) {
      for (const item of batch) item.resolve({ ok: false, code: NOT_OWNER, message: 'another node writes this conference' });
      return;
    }
    if (this.#resync) {
      const failure = await this.#catchUpWithLog();
      if (failure) {
        for (const item of batch) item.resolve(failure);
        return;
      }
    }

    // Decide each command on the state the commands before it in the batch leave (not yet durable).
    let state = this.#state;
    const events: E[] = [];
    const outcomes: ({ ok: true; upTo: number } | { ok: false; code: string; message: string })[] = [];
    for (const { command, principal } of batch) {
      let decision: RoomDecision<E>;
      try {
        decision = this.#core.decide(state, command, { principal, now: this.#now(), newId: this.#newId });
      } catch (error) {
        // decide is pure and returns its refusals; a throw is a bug in it. Refuse this command only.
        this.#options.onError?.(error, 'decide threw');
        outcomes.push({ ok: false, code: 'INTERNAL', message: 'the command could not be decided' });
        continue;
      }
      if (!decision.ok) {
        outcomes.push({ ok: false, code: decision.code, message: decision.message });
        continue;
      }
      try {
        if (this.#core.fold && decision.events.length > 1) {
          // One copy-on-write pass for the command's events instead of one per event.
          state = this.#core.fold(state, decision.events);
        } else {
          let next = state;
          for (const event of decision.events) next = this.#core.evolve(next, event);
          state = next;
        }
      } catch (error) {
        // evolve is pure too: the state before this command is intact, so refuse it alone.
        this.#options.onError?.(error, 'evolve threw');
        outcomes.push({ ok: false, code: 'INTERNAL', message: 'the command could not be applied' });
        continue;
      }
      events.push(...decision.events);
      outcomes.push({ ok: true, upTo: events.length });
    }

    let firstSeq = this.#seq + 1;
    if (events.length > 0) {
      const started = performance.now();
      try {
        ({ firstSeq } = await this.#store.append(this.conferenceId, this.#seq, events));
      } catch (error) {
        if (error instanceof SeqConflictError) {
          this.#broken = 'UNAVAILABLE: the log was written by someone else; the room must be reloaded';
        } else if (error instanceof LeaseLostError) {
          // Nothing was written (the fence refused it): this node is a follower now, and the
          // batch may go to the new owner.
          this.#resync = true;
          this.demote();
        } else if (!isRefusedWhole(error)) {
          this.#resync = true;
        }
        this.#options.onError?.(error, 'append failed');
        // All or nothing: every command of the batch was decided on states that are now void.
        const refusal = refusalFor(error);
        for (const item of batch) item.resolve(refusal);
        return;
      }
      this.#options.onAppend?.(events.length, performance.now() - started);
      this.#state = state;
      this.#seq = firstSeq + events.length - 1;
      this.emit(
        'appended',
        events.map((event, i) => ({ seq: firstSeq + i, event })),
      );
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      item.resolve(outcome.ok ? { ok: true, seq: firstSeq - 1 + outcome.upTo } : outcome);
    });
  }

  /**
   * Folds in what the log holds after #seq (a commit whose reply was lost) and broadcasts it,
   * as any durable event is. Returns the refusal to give while the log cannot be read.
   */
  async #catchUpWithLog(): Promise<RoomResult | null> {
    const before = this.#seq;
    const failure = await this.#readTail();
    if (failure) return failure;
    this.#resync = false;
    if (this.#seq > before) {
      this.#options.onError?.(new Error(`${this.#seq - before} event(s) committed although their append reported a failure`), 'log read back after a failed append');
    }
    return null;
  }

  /** Reads the log after #seq page by page, evolves and broadcasts each page; a refusal when it cannot. */
  async #readTail(): Promise<RoomRefusal | null> {
    for (;;) {
      let missed: StoredEvent<E>[];
      try {
        missed = await this.#store.read(this.conferenceId, this.#seq, TAIL_PAGE);
      } catch (error) {
        this.#options.onError?.(error, 'reading the log after this room’s head failed');
        return refusalFor(error);
      }
      if (missed.length === 0) return null;
      try {
        let state = this.#state;
        if (this.#core.fold && missed.length > 1) state = this.#core.fold(state, missed.map((m) => m.event));
        else for (const { event } of missed) state = this.#core.evolve(state, event);
        this.#state = state;
      } catch (error) {
        this.#broken = 'UNAVAILABLE: the log holds an event this server cannot apply; the room must be reloaded';
        this.#options.onError?.(error, 'evolve threw on events read from the log');
        return { ok: false, code: 'UNAVAILABLE', message: this.#broken };
      }
      this.#seq = missed[missed.length - 1]!.seq;
      this.emit('appended', missed);
      if (missed.length < TAIL_PAGE) return null;
    }
  }
}

/** An append the store refused before writing anything (bad arguments): no need to read back. */
function isRefusedWhole(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'INVALID_STORE_ARGUMENT';
}

/** The ack for a batch whose append failed: the database being away gets its own code. */
function refusalFor(error: unknown): RoomRefusal {
  if (error instanceof LeaseLostError) return { ok: false, code: NOT_OWNER, message: 'another node took this conference over; nothing was written' };
  if (error instanceof StoreUnavailableError) {
    return { ok: false, code: 'LOG_UNAVAILABLE', message: 'the conference log (the database) cannot be reached; the command was not confirmed' };
  }
  return { ok: false, code: 'UNAVAILABLE', message: 'the event could not be stored; nothing was changed' };
}

/** Events read from the log at once when a room follows it (a page is one evolve pass and one broadcast). */
const TAIL_PAGE = 500;

/** Commands decided and appended together at most; a bound on one transaction and one broadcast. */
const MAX_BATCH = 64;

function defaultNewId(): string {
  return `i${randomBytes(9).toString('hex')}`;
}
