import type { EventOf } from '../protocol/index.js';
import { eventNotHandled, type Draft } from './records.js';
import type { MeetingState } from './state.js';

// Recording runs (ghi hình): a start appends a run, a stop closes the run it names. The runs are
// the record the program cut is edited from, so a stop naming a run that is not the running one
// (a damaged log) changes nothing rather than closing the wrong run.

export type RecordingEvent = EventOf<'recordingStarted' | 'recordingStopped'>;

export const RECORDING_EVENT_TYPES: ReadonlySet<string> = new Set<RecordingEvent['type']>(['recordingStarted', 'recordingStopped']);

export function evolveRecording(w: Draft, s: MeetingState, e: RecordingEvent): void {
  switch (e.type) {
    case 'recordingStarted':
      w.append(s, 'recordings', { id: e.recordingId, startedAt: e.at, startedBy: e.by, stoppedAt: null, stoppedBy: null, stopReason: null });
      return;
    case 'recordingStopped': {
      const last = s.recordings.length - 1;
      const run = s.recordings[last];
      if (!run || run.id !== e.recordingId || run.stoppedAt !== null) return;
      // A new object for the run: the old one may be shared with the state evolve was given.
      w.field(s, 'recordings')[last] = { ...run, stoppedAt: e.at, stoppedBy: e.by, stopReason: e.reason };
      return;
    }
    default:
      eventNotHandled(e);
  }
}
