import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, refuse, type ConfEnv, type Outcome } from './env.js';
import { currentRecording } from './selectors-recording.js';

// Recording (ghi hình) is a command, so the log knows when the conference was recorded and by
// whose decision: the program cut is later edited from these runs and the rest of the log.

export function startRecording(env: ConfEnv, c: CommandOf<'startRecording'>): Outcome {
  // R-REC-1: one run at a time.
  if (currentRecording(env.state)) return refuse('NO_CHANGE', 'Recording is already running.');
  const id = freshId(env, c.id, (x) => env.state.recordings.some((r) => r.id === x));
  if (isRefusal(id)) return id;
  return accept(event(env, 'recordingStarted', { recordingId: id }));
}

export function stopRecording(env: ConfEnv, c: CommandOf<'stopRecording'>): Outcome {
  const reason = c.reason ?? 'requested';
  // R-REC-2: people stop it because they ask; the server only for a reason of its own, which is
  // then told to every console as an alert — so neither may borrow the other's reason.
  if ((env.by.role === 'system') !== (reason !== 'requested')) {
    return refuse('FORBIDDEN', `(${env.by.role} cannot stop recording with reason ${reason})`);
  }
  const run = currentRecording(env.state);
  if (!run) return refuse('NO_CHANGE', 'No recording is running.');
  return accept(event(env, 'recordingStopped', { recordingId: run.id, reason }));
}

/** R-REC-3: a conference closes with its recording stopped (a closed record never changes). */
export function stopRecordingOnClose(env: ConfEnv): MeetingEvent[] {
  const run = currentRecording(env.state);
  return run ? [event(env, 'recordingStopped', { recordingId: run.id, reason: 'conferenceClosed' })] : [];
}
