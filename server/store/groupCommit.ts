// Group commit across conferences. With synchronous=FULL every SQLite transaction costs one WAL
// fsync (3–4 ms on the servers we run on), whatever it writes. Each room already groups its own
// commands, but ten busy conferences still took ten fsyncs one after the other, each blocking the
// event loop. Here every append asked for during one turn of the event loop waits for the check
// phase (setImmediate: after the poll phase has read every socket that had data, and after the
// rooms have decided what those commands mean) and all of them are written in ONE transaction:
// one fsync for every conference that had work. No append resolves before that commit returned,
// so an ack still means "on disk".

/** What one job of a group came to: its result, or the error that refused it alone. */
export type JobOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<J, R> {
  readonly #commit: (jobs: readonly J[]) => readonly JobOutcome<R>[];
  #waiting: Waiting<J, R>[] = [];
  #scheduled = false;
  #groups = 0;
  #jobs = 0;

  /**
   * `commit` writes every job in one transaction and returns one outcome per job, in order; a job
   * it refuses alone (a seq conflict) is an outcome, a throw refuses the whole group (the
   * transaction rolled back: nothing of it is on disk).
   */
  constructor(commit: (jobs: readonly J[]) => readonly JobOutcome<R>[]) {
    this.#commit = commit;
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ job, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is waiting now (the scheduled turn, or a close that must not drop acks). */
  flush(): void {
    this.#scheduled = false;
    const group = this.#waiting;
    if (group.length === 0) return;
    this.#waiting = [];
    let outcomes: readonly JobOutcome<R>[];
    try {
      outcomes = this.#commit(group.map((w) => w.job));
    } catch (error) {
      for (const w of group) w.reject(error);
      return;
    }
    this.#groups++;
    this.#jobs += group.length;
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) w.reject(new Error('group commit returned no outcome for a job'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }

  /** Transactions committed and the appends they carried (for tests and /metrics). */
  get stats(): { groups: number; jobs: number } {
    return { groups: this.#groups, jobs: this.#jobs };
  }
}
