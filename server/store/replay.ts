// Rebuilding a conference after a restart: fold the core's `evolve` over its log, starting from
// the latest snapshot when one is usable. A snapshot is only a shortcut; whenever it cannot be
// trusted (unreadable, another state version, refused by the state schema) we say so in
// `warnings` and replay the whole log, which is always the truth.
import { z } from 'zod';
import type { EventStore } from './EventStore.js';
import { CorruptSnapshotError } from './errors.js';

/**
 * Snapshot every this many events. Chosen by `npm run bench:replay` (docs/BENCHMARKS.md, 2 vCPU):
 * a full replay takes ~0.35 s at 10,000 events but ~5.5 s at 100,000 (evolve copies records that
 * grow with the meeting). With a snapshot every 1,000 events a restart replays at most 999 events
 * (~40 ms at 10k, ~145 ms at 100k), while a save (JSON of the state + one durable write, ~9 ms at
 * 10k, ~80 ms at 100k) happens once per 1,000 events: under 0.1 ms per event on the room's queue.
 */
export const DEFAULT_SNAPSHOT_EVERY = 1000;

/** For a core that does not name its own state version (the meeting core derives its version from
 * its state's shape, shared/meeting/stateShape.ts). Bump when that state or evolve changes meaning.
 * 3: attendees, floor requests and speeches bucketed (shared/meeting/buckets.ts), runningSpeechIds.
 * 4: recording (startRecording / stopRecording).
 * 5: the conference's microphone discipline, clerk and time zone; the microphone the chair gave.
 * 6: the line test (lineTest), conference kind and technical contact, agenda steps' planned start.
 * 7: whether observers may export the reports (setObserverExport).
 * 8: live program stream runs (startLiveStream / stopLiveStream). */
export const DEFAULT_STATE_VERSION = '8';

/** How many events are read per page during replay; bounds memory on long logs. */
const REPLAY_PAGE_SIZE = 2000;

/** What a snapshot row holds: the caller's state, tagged with the state version that made it. */
const snapshotEnvelope = z.object({
  format: z.literal('hoinghi.snapshot'),
  stateVersion: z.string(),
  state: z.unknown(),
});

export interface ReplayOptions<S, E> {
  /** the state before the first event; a function when the state must not be shared */
  readonly emptyState: S | (() => S);
  readonly evolve: (state: S, event: E, seq: number) => S;
  /**
   * Folds a page of events at once (the core's linear `replay`); must equal evolving them one by
   * one and must not change `state`. When it throws, the page is evolved event by event to name
   * the seq that failed.
   */
  readonly fold?: (state: S, events: readonly E[]) => S;
  /** validates a snapshot's state; without it a snapshot is trusted as it was saved */
  readonly stateSchema?: z.ZodType<S>;
  readonly stateVersion?: string;
}

export interface LoadedConference<S> {
  readonly state: S;
  /** the seq of the last event folded in: the conference's head */
  readonly seq: number;
  /** the snapshot replay started from, null for a full replay */
  readonly snapshotSeq: number | null;
  readonly eventsReplayed: number;
  /** why a snapshot was skipped; the caller logs these */
  readonly warnings: readonly string[];
}

/** `evolve` threw while replaying: the log holds an event this core cannot apply. */
export class ReplayFailedError extends Error {
  override readonly name = 'ReplayFailedError';
  readonly code = 'REPLAY_FAILED';
  constructor(
    readonly conferenceId: string,
    readonly seq: number,
    override readonly cause: unknown,
  ) {
    super(`REPLAY_FAILED: conference ${conferenceId}, evolve failed on seq ${seq}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Rebuilds one conference. Rejects with CorruptEventError on a bad row and ReplayFailedError when
 * evolve throws: that conference must not open with a state that never existed.
 */
export async function loadConference<S, E>(
  store: EventStore<E>,
  conferenceId: string,
  options: ReplayOptions<S, E>,
): Promise<LoadedConference<S>> {
  const warnings: string[] = [];
  const head = await store.lastSeq(conferenceId);
  const start = await usableSnapshot(store, conferenceId, head, options, warnings);
  let state = start?.state ?? initialState(options.emptyState);
  let seq = start?.seq ?? 0;
  let eventsReplayed = 0;
  while (seq < head) {
    const page = await store.read(conferenceId, seq, REPLAY_PAGE_SIZE);
    if (page.length === 0) break;
    if (options.fold) {
      try {
        state = options.fold(state, page.map((e) => e.event));
        seq = page[page.length - 1]!.seq;
        eventsReplayed += page.length;
        continue;
      } catch {
        // evolve the page one by one below: the same failure, with its seq
      }
    }
    for (const { seq: eventSeq, event } of page) {
      try {
        state = options.evolve(state, event, eventSeq);
      } catch (error) {
        throw new ReplayFailedError(conferenceId, eventSeq, error);
      }
      seq = eventSeq;
      eventsReplayed++;
    }
  }
  return { state, seq, snapshotSeq: start?.seq ?? null, eventsReplayed, warnings };
}

async function usableSnapshot<S, E>(
  store: EventStore<E>,
  conferenceId: string,
  head: number,
  options: ReplayOptions<S, E>,
  warnings: string[],
): Promise<{ seq: number; state: S } | null> {
  let snapshot;
  try {
    snapshot = await store.loadSnapshot(conferenceId);
  } catch (error) {
    if (!(error instanceof CorruptSnapshotError)) throw error;
    warnings.push(`${error.message}; replaying the full log`);
    return null;
  }
  if (!snapshot) return null;
  const skip = (why: string) => {
    warnings.push(`SNAPSHOT_IGNORED: conference ${conferenceId}, snapshot at seq ${snapshot.seq}: ${why}; replaying the full log`);
    return null;
  };
  if (snapshot.seq > head) return skip(`it is ahead of the log's head ${head}`);
  const envelope = snapshotEnvelope.safeParse(snapshot.state);
  if (!envelope.success) return skip('it is not a hoinghi snapshot');
  const stateVersion = options.stateVersion ?? DEFAULT_STATE_VERSION;
  if (envelope.data.stateVersion !== stateVersion) {
    return skip(`it was made by state version ${envelope.data.stateVersion}, this server runs ${stateVersion}`);
  }
  if (!options.stateSchema) return { seq: snapshot.seq, state: envelope.data.state as S };
  const parsed = options.stateSchema.safeParse(envelope.data.state);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return skip(`the state schema refuses it (${first?.message ?? 'invalid'}${first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''})`);
  }
  return { seq: snapshot.seq, state: parsed.data };
}

function initialState<S>(emptyState: S | (() => S)): S {
  return typeof emptyState === 'function' ? (emptyState as () => S)() : emptyState;
}

/** Saves `state` (the fold up to `seq`) as the conference's snapshot, tagged with its state version. */
export async function saveConferenceSnapshot<E>(
  store: EventStore<E>,
  conferenceId: string,
  seq: number,
  state: unknown,
  stateVersion: string = DEFAULT_STATE_VERSION,
): Promise<void> {
  await store.saveSnapshot(conferenceId, seq, { format: 'hoinghi.snapshot', stateVersion, state });
}

export interface SnapshotPolicyOptions {
  readonly every?: number;
  readonly stateVersion?: string;
}

/**
 * When to snapshot: every `every` events per conference. The room tells it where each conference
 * started (`loaded`) and calls `afterAppend` once its state has evolved past the new events.
 */
export class SnapshotPolicy {
  readonly every: number;
  readonly stateVersion: string;
  readonly #lastSnapshotSeq = new Map<string, number>();

  constructor(options: SnapshotPolicyOptions = {}) {
    const every = options.every ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1) throw new RangeError(`snapshot interval must be an integer >= 1, got ${every}`);
    this.every = every;
    this.stateVersion = options.stateVersion ?? DEFAULT_STATE_VERSION;
  }

  /** Records the snapshot a conference was loaded from (none: counts from 0). */
  loaded(conferenceId: string, loaded: Pick<LoadedConference<unknown>, 'snapshotSeq'>): void {
    this.#lastSnapshotSeq.set(conferenceId, loaded.snapshotSeq ?? 0);
  }

  due(conferenceId: string, seq: number): boolean {
    return seq - (this.#lastSnapshotSeq.get(conferenceId) ?? 0) >= this.every;
  }

  /**
   * Saves a snapshot when one is due. Never rejects: a failed snapshot only means a longer replay
   * later, so it must not fail the command that triggered it; the error is returned for logging.
   */
  async afterAppend<E>(
    store: EventStore<E>,
    conferenceId: string,
    seq: number,
    state: unknown,
  ): Promise<{ saved: boolean; error?: unknown }> {
    if (!this.due(conferenceId, seq)) return { saved: false };
    try {
      await saveConferenceSnapshot(store, conferenceId, seq, state, this.stateVersion);
    } catch (error) {
      return { saved: false, error };
    }
    this.#lastSnapshotSeq.set(conferenceId, seq);
    return { saved: true };
  }

  /** Forgets a conference (closed, unloaded). */
  forget(conferenceId: string): void {
    this.#lastSnapshotSeq.delete(conferenceId);
  }
}
