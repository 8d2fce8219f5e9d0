import type { EventOf } from '../protocol/index.js';
import { eventNotHandled, type Draft } from './records.js';
import { appendRun, closeRun } from './runs.js';
import type { MeetingState } from './state.js';

// Recording runs (ghi hình) and live stream runs (phát trực tiếp): a start appends a run, a stop
// closes the run it names (runs.ts). The recording runs are the record the program cut is edited
// from; the live stream runs say when the program was public.

export type RecordingEvent = EventOf<'recordingStarted' | 'recordingStopped' | 'liveStreamStarted' | 'liveStreamStopped'>;

export const RECORDING_EVENT_TYPES: ReadonlySet<string> = new Set<RecordingEvent['type']>(['recordingStarted', 'recordingStopped', 'liveStreamStarted', 'liveStreamStopped']);

export function evolveRecording(w: Draft, s: MeetingState, e: RecordingEvent): void {
  switch (e.type) {
    case 'recordingStarted':
      return appendRun(w, s, 'recordings', e.recordingId, e.at, e.by);
    case 'recordingStopped':
      return closeRun(w, s, 'recordings', e.recordingId, e.at, e.by, e.reason);
    case 'liveStreamStarted':
      return appendRun(w, s, 'liveStreams', e.streamId, e.at, e.by);
    case 'liveStreamStopped':
      return closeRun(w, s, 'liveStreams', e.streamId, e.at, e.by, e.reason);
    default:
      eventNotHandled(e);
  }
}
