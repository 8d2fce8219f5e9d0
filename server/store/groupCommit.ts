// Group commit across conferences. With synchronous=FULL every SQLite transaction costs one WAL
// fsync (3–4 ms on the servers we run on), whatever it writes. Each room already groups its own
// commands, but ten busy conferences still took ten fsyncs one after the other, each blocking the
// event loop. Here the appends asked for during one turn of the event loop wait for the check
// phase (setImmediate: after the poll phase has read every socket that had data, and after the
// rooms have decided what those commands mean) and all of them are written in ONE transaction:
// one fsync for every conference that had work. One group is on its way to disk at a time; the
// appends that arrive meanwhile form the next group. No append resolves before its commit
// returned, so an ack still means "on disk".

/** What one job of a group came to: its result, or the error that refused it alone. */
export type JobOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<J, R> {
  readonly #commit: (jobs: readonly J[]) => Promise<readonly JobOutcome<R>[]>;
  #waiting: Waiting<J, R>[] = [];
  #scheduled = false;
  /** the group on its way to disk; one at a time, what arrives meanwhile forms the next */
  #inFlight: Promise<void> | null = null;
  #groups = 0;
  #jobs = 0;

  /**
   * `commit` writes every job in one transaction and returns one outcome per job, in order; a job
   * it refuses alone (a seq conflict) is an outcome, a rejection refuses the whole group (the
   * transaction rolled back: nothing of it is on disk).
   */
  constructor(commit: (jobs: readonly J[]) => Promise<readonly JobOutcome<R>[]>) {
    this.#commit = commit;
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ job, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once every job submitted so far is committed or refused (close waits on it). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#inFlight) await this.#inFlight;
      else if (this.#waiting.length > 0) await this.#run();
      else return;
    }
  }

  /** Transactions committed and the appends they carried (for tests and /metrics). */
  get stats(): { groups: number; jobs: number } {
    return { groups: this.#groups, jobs: this.#jobs };
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#inFlight) void this.#run();
    });
  }

  #run(): Promise<void> {
    const group = this.#waiting;
    this.#waiting = [];
    const run = (async () => {
      let outcomes: readonly JobOutcome<R>[];
      try {
        outcomes = await this.#commit(group.map((w) => w.job));
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
    })();
    this.#inFlight = run.finally(() => {
      this.#inFlight = null;
      this.#schedule();
    });
    return this.#inFlight;
  }
}
