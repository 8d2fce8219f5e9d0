import { useState } from 'preact/hooks';
import { currentLiveStream, currentRecording, lastLiveStreamFailure, lastRecordingFailure } from '../../../shared/meeting/selectors-recording.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import type { Command } from '../../../shared/protocol/index.js';
import { useT } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';

// Recording (ghi hình) and the live program stream (phát trực tiếp) as every console shows them:
// a red "Đang ghi hình" / "Đang phát trực tiếp" while a run goes on (R-REC-4, R-LIVE-4), the
// chair's and the organiser's start/stop, and an alert when the server had to stop one (R-REC-2,
// R-LIVE-2) — a room must never believe it is recorded, or on air, when it is not, nor the reverse.

type Texts = { on: string; start: string; stop: string; confirmStop: string; stopped: Record<string, string> };

type RunKind = {
  testId: string;
  running: (s: MeetingState) => unknown;
  failure: (s: MeetingState) => { stopReason: string | null } | null;
  start: Command;
  stop: Command;
  texts: (t: ReturnType<typeof useT>) => Texts;
};

const RECORDING: RunKind = {
  testId: 'recording',
  running: currentRecording,
  failure: lastRecordingFailure,
  start: { type: 'startRecording' },
  stop: { type: 'stopRecording' },
  texts: (t) => t.recording,
};

const LIVE_STREAM: RunKind = {
  testId: 'live',
  running: currentLiveStream,
  failure: lastLiveStreamFailure,
  start: { type: 'startLiveStream' },
  stop: { type: 'stopLiveStream' },
  texts: (t) => t.liveStream,
};

function RunBadge({ kind }: { kind: RunKind }) {
  const t = useT();
  if (!kind.running(useMeeting())) return null;
  return (
    <span class="rec-badge" role="status" data-testid={`${kind.testId}-on`}>
      <span class="rec-badge__dot" aria-hidden="true" />
      {kind.texts(t).on}
    </span>
  );
}

/** The server stopped the run (storage full, recorder or publisher failed): said until someone starts again. */
function RunAlert({ kind }: { kind: RunKind }) {
  const t = useT();
  const reason = kind.failure(useMeeting())?.stopReason;
  const text = reason ? kind.texts(t).stopped[reason] : undefined;
  if (!text) return null;
  return (
    <p class="banner banner--bad" role="alert" data-testid={`${kind.testId}-stopped`}>
      {text}
    </p>
  );
}

/** Start and stop, for the chair and the admin; stopping asks first (one slip must not end the record or the broadcast). */
function RunControl({ kind }: { kind: RunKind }) {
  const t = useT();
  const texts = kind.texts(t);
  const { send, principal } = useSession();
  const state = useMeeting();
  const [confirming, setConfirming] = useState(false);
  const status = state.conference?.status;
  if (principal.role !== 'chair' && principal.role !== 'admin') return null;
  if (status !== 'rollCall' && status !== 'inSession' && status !== 'adjourned') return null;
  if (!kind.running(state)) {
    return (
      <button type="button" class="btn btn--small rec-control" data-testid={`${kind.testId}-start`} onClick={() => void send(kind.start)}>
        <span class="rec-badge__dot" aria-hidden="true" /> {texts.start}
      </button>
    );
  }
  if (!confirming) {
    return (
      <button type="button" class="btn btn--small rec-control" data-testid={`${kind.testId}-stop`} onClick={() => setConfirming(true)}>
        {texts.stop}
      </button>
    );
  }
  return (
    <span class="confirm">
      {texts.confirmStop}
      <button type="button" class="btn btn--small btn--danger" data-testid={`${kind.testId}-stop-confirm`} onClick={() => (setConfirming(false), void send(kind.stop))}>
        {t.queue.confirm}
      </button>
      <button type="button" class="btn btn--small" onClick={() => setConfirming(false)}>
        {t.queue.cancel}
      </button>
    </span>
  );
}

export const RecordingBadge = () => <RunBadge kind={RECORDING} />;
export const RecordingAlert = () => <RunAlert kind={RECORDING} />;
export const RecordingControl = () => <RunControl kind={RECORDING} />;
export const LiveStreamBadge = () => <RunBadge kind={LIVE_STREAM} />;
export const LiveStreamAlert = () => <RunAlert kind={LIVE_STREAM} />;
export const LiveStreamControl = () => <RunControl kind={LIVE_STREAM} />;
