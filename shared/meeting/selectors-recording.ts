import { runningRun } from './runs.js';
import type { LiveStreamRun, MeetingState, RecordingRun } from './state.js';

// Recording (ghi hình): the run going on now, if any. Every console reads this to show
// "Đang ghi hình"; the server's recorder reads it to know what to record (also after a restart).

/** The recording run in progress, or null (R-REC-4: only the last run can be running). */
export function currentRecording(state: MeetingState): RecordingRun | null {
  return runningRun(state.recordings);
}

/** The live stream run in progress, or null: every console shows "Đang phát trực tiếp" while there is one (R-LIVE-4). */
export function currentLiveStream(state: MeetingState): LiveStreamRun | null {
  return runningRun(state.liveStreams);
}

/** The last live stream run, when the server stopped it (its publisher failed), for the alert. */
export function lastLiveStreamFailure(state: MeetingState): LiveStreamRun | null {
  const last = state.liveStreams[state.liveStreams.length - 1];
  return last && last.stopReason === 'publisherFailed' ? last : null;
}

/** The last run that stopped for a reason of the server's (storage full, recorder failed), for the alert. */
export function lastRecordingFailure(state: MeetingState): RecordingRun | null {
  const last = state.recordings[state.recordings.length - 1];
  return last && (last.stopReason === 'storageFull' || last.stopReason === 'recorderFailed') ? last : null;
}

/**
 * Where an instant of the meeting is in the recordings: the run going on then (its 1-based number
 * among the conference's runs) and how far into it; null when nothing was being recorded. A run's
 * program cut starts at the run's start (shared/recording/edit-list.ts), so this is also the
 * instant's place in that run's program recording.
 */
export function recordingTimeOf(state: MeetingState, at: number): { recordingId: string; run: number; offsetMs: number } | null {
  for (let i = state.recordings.length - 1; i >= 0; i--) {
    const r = state.recordings[i]!;
    if (r.startedAt <= at && (r.stoppedAt === null || at < r.stoppedAt)) return { recordingId: r.id, run: i + 1, offsetMs: at - r.startedAt };
  }
  return null;
}
