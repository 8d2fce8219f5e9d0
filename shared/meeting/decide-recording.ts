import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, refuse, type ConfEnv, type Outcome } from './env.js';
import { runningRun, type RunList } from './runs.js';

// Recording (ghi hình) and the live program stream (phát trực tiếp) are commands, so the log knows
// when the conference was recorded and when it was public, and by whose decision: the program cut
// is later edited from the recording runs and the rest of the log. Both are runs with the same
// rules (runs.ts): one at a time, people stop because they ask, the server only for a reason of
// its own (which every console then shows as an alert).

/** R-REC-1 / R-LIVE-1: a new run with its own id; one at a time. */
function startRun(env: ConfEnv, list: RunList, chosenId: string | undefined, started: (id: string) => MeetingEvent): Outcome {
  const runs = env.state[list];
  if (runningRun(runs)) return refuse('NO_CHANGE', `(${list} already running)`);
  const id = freshId(env, chosenId, (x) => runs.some((r) => r.id === x));
  if (isRefusal(id)) return id;
  return accept(started(id));
}

/**
 * R-REC-2 / R-LIVE-2: people stop a run because they ask (`requested`); the server only for a
 * reason of its own, which is then told to every console as an alert — so neither may borrow the
 * other's reason.
 */
function stopRun(env: ConfEnv, list: RunList, reason: string, stopped: (id: string) => MeetingEvent): Outcome {
  if ((env.by.role === 'system') !== (reason !== 'requested')) {
    return refuse('FORBIDDEN', `(${env.by.role} cannot stop ${list} with reason ${reason})`);
  }
  const run = runningRun(env.state[list]);
  if (!run) return refuse('NO_CHANGE', `(no ${list} running)`);
  return accept(stopped(run.id));
}

export function startRecording(env: ConfEnv, c: CommandOf<'startRecording'>): Outcome {
  return startRun(env, 'recordings', c.id, (recordingId) => event(env, 'recordingStarted', { recordingId }));
}

export function stopRecording(env: ConfEnv, c: CommandOf<'stopRecording'>): Outcome {
  const reason = c.reason ?? 'requested';
  return stopRun(env, 'recordings', reason, (recordingId) => event(env, 'recordingStopped', { recordingId, reason }));
}

export function startLiveStream(env: ConfEnv, c: CommandOf<'startLiveStream'>): Outcome {
  return startRun(env, 'liveStreams', c.id, (streamId) => event(env, 'liveStreamStarted', { streamId }));
}

export function stopLiveStream(env: ConfEnv, c: CommandOf<'stopLiveStream'>): Outcome {
  const reason = c.reason ?? 'requested';
  return stopRun(env, 'liveStreams', reason, (streamId) => event(env, 'liveStreamStopped', { streamId, reason }));
}

/** R-REC-3 / R-LIVE-3: a conference closes with its recording and its live stream stopped (a closed record never changes). */
export function stopRunsOnClose(env: ConfEnv): MeetingEvent[] {
  const recording = runningRun(env.state.recordings);
  const live = runningRun(env.state.liveStreams);
  return [
    ...(recording ? [event(env, 'recordingStopped', { recordingId: recording.id, reason: 'conferenceClosed' })] : []),
    ...(live ? [event(env, 'liveStreamStopped', { streamId: live.id, reason: 'conferenceClosed' })] : []),
  ];
}
