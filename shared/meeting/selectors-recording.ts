import type { MeetingState, RecordingRun } from './state.js';

// Recording (ghi hình): the run going on now, if any. Every console reads this to show
// "Đang ghi hình"; the server's recorder reads it to know what to record (also after a restart).

/** The recording run in progress, or null (R-REC-4: only the last run can be running). */
export function currentRecording(state: MeetingState): RecordingRun | null {
  const last = state.recordings[state.recordings.length - 1];
  return last && last.stoppedAt === null ? last : null;
}

/** The last run that stopped for a reason of the server's (storage full, recorder failed), for the alert. */
export function lastRecordingFailure(state: MeetingState): RecordingRun | null {
  const last = state.recordings[state.recordings.length - 1];
  return last && (last.stopReason === 'storageFull' || last.stopReason === 'recorderFailed') ? last : null;
}
