import type { Actor, Id } from '../protocol/index.js';
import type { Draft } from './records.js';
import type { MeetingState, Run } from './state.js';

// A run is something the chair switches on and off and the record keeps, start to stop, with who
// and why: recording (ghi hình, R-REC) and the live program stream (phát trực tiếp, R-LIVE). Both
// follow the same rules — one run at a time, only the last can be running, a stop names the run
// it closes — so they share these helpers rather than each keeping its own copy.

/** The state's lists of runs. */
export type RunList = 'recordings' | 'liveStreams';

/** The run in progress, or null (only the last run can be running). */
export function runningRun<R extends string>(runs: readonly Run<R>[]): Run<R> | null {
  const last = runs[runs.length - 1];
  return last && last.stoppedAt === null ? last : null;
}

/** A start appends a new, running run. */
export function appendRun(w: Draft, s: MeetingState, list: RunList, id: Id, at: number, by: Actor): void {
  w.append(s, list, { id, startedAt: at, startedBy: by, stoppedAt: null, stoppedBy: null, stopReason: null });
}

/**
 * A stop closes the run it names. A stop naming a run that is not the running one (a damaged log)
 * changes nothing rather than closing the wrong run.
 */
export function closeRun(w: Draft, s: MeetingState, list: RunList, id: Id, at: number, by: Actor, reason: string): void {
  const runs = s[list] as Run<string>[];
  const last = runs.length - 1;
  const run = runs[last];
  if (!run || run.id !== id || run.stoppedAt !== null) return;
  // A new object for the run: the old one may be shared with the state evolve was given.
  (w.field(s, list) as Run<string>[])[last] = { ...run, stoppedAt: at, stoppedBy: by, stopReason: reason };
}
