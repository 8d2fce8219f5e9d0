import { evolve } from '../../shared/meeting/evolve.js';
import { emptyState, type MeetingState } from '../../shared/meeting/state.js';
import type { CatchUpPage, LiveEvents, StoredMeetingEvent } from '../../shared/protocol/socket.js';

// The browser's copy of the meeting: the shared `evolve` folded over the server's events, and
// nothing else. No view keeps meeting facts of its own; they read selectors over `state`.
// The replica knows the last seq it folded, so a reconnect asks only for what it missed, and it
// refuses to fold out of order: a hole in the seqs means "ask the server again", never "guess".

export type FoldResult =
  /** everything folded (duplicates already held are skipped silently) */
  | { ok: true; applied: number }
  /** an event arrived past a hole; nothing after the hole was folded: catch up from `afterSeq` */
  | { ok: false; gapAfterSeq: number };

type Listener = (state: MeetingState) => void;

export class MeetingReplica {
  #state: MeetingState = emptyState();
  #seq = 0;
  #conferenceId: string | null = null;
  readonly #listeners = new Set<Listener>();

  get state(): MeetingState {
    return this.#state;
  }

  /** The last seq folded in; 0 = nothing yet. Sent as `lastSeq` on every (re)connect. */
  get seq(): number {
    return this.#seq;
  }

  get conferenceId(): string | null {
    return this.#conferenceId;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Drop everything: the server's log is not the one we folded (another conference, or it was reset). */
  reset(conferenceId: string | null): void {
    this.#state = emptyState();
    this.#seq = 0;
    this.#conferenceId = conferenceId;
    this.#emit();
  }

  /** The welcome names the conference; a replica of another conference starts over. */
  bind(conferenceId: string): void {
    if (this.#conferenceId !== conferenceId) this.reset(conferenceId);
  }

  applyCatchUp(page: CatchUpPage): FoldResult {
    if (page.reset || this.#conferenceId !== page.conferenceId) {
      this.#state = emptyState();
      this.#seq = 0;
      this.#conferenceId = page.conferenceId;
    }
    return this.#fold(page.events, page.withheld, page.reset);
  }

  applyLive(batch: LiveEvents): FoldResult {
    // Live events of another conference cannot be ours; ignore rather than corrupt.
    if (this.#conferenceId !== batch.conferenceId) return { ok: true, applied: 0 };
    return this.#fold(batch.events, batch.withheld, false);
  }

  /**
   * Folds events in seq order; a withheld seq (an event this reader's role may not read, R-READ-4)
   * is stepped over: it is no hole, and nothing of it is folded.
   */
  #fold(events: readonly StoredMeetingEvent[], withheld: readonly number[] | undefined, forceEmit: boolean): FoldResult {
    let state = this.#state;
    let seq = this.#seq;
    let applied = 0;
    let gap: number | null = null;
    const entries: { seq: number; event: StoredMeetingEvent['event'] | null }[] = events.map((e) => ({ seq: e.seq, event: e.event }));
    if (withheld && withheld.length > 0) {
      for (const s of withheld) entries.push({ seq: s, event: null });
      entries.sort((a, b) => a.seq - b.seq);
    }
    for (const { seq: s, event } of entries) {
      if (s <= seq) continue;
      if (s !== seq + 1) {
        gap = seq;
        break;
      }
      if (event) {
        state = evolve(state, event);
        applied++;
      }
      seq = s;
    }
    this.#state = state;
    this.#seq = seq;
    if (applied > 0 || forceEmit) this.#emit();
    return gap === null ? { ok: true, applied } : { ok: false, gapAfterSeq: gap };
  }

  #emit(): void {
    for (const l of this.#listeners) l(this.#state);
  }
}
