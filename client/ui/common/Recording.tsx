import { useState } from 'preact/hooks';
import { currentRecording, lastRecordingFailure } from '../../../shared/meeting/selectors-recording.js';
import { useT } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';

// Recording (ghi hình) as every console shows it: a red "Đang ghi hình" while a run goes on
// (R-REC-4), the chair's and the organiser's start/stop, and an alert when the server had to stop
// it (R-REC-2) — a room must never believe it is being recorded when it is not.

export function RecordingBadge() {
  const t = useT();
  const state = useMeeting();
  if (!currentRecording(state)) return null;
  return (
    <span class="rec-badge" role="status" data-testid="recording-on">
      <span class="rec-badge__dot" aria-hidden="true" />
      {t.recording.on}
    </span>
  );
}

/** The server stopped recording (storage full, recorder failed): said until someone starts again. */
export function RecordingAlert() {
  const t = useT();
  const failed = lastRecordingFailure(useMeeting());
  if (!failed?.stopReason || failed.stopReason === 'requested' || failed.stopReason === 'conferenceClosed') return null;
  return (
    <p class="banner banner--bad" role="alert" data-testid="recording-stopped">
      {t.recording.stopped[failed.stopReason]}
    </p>
  );
}

/** Start and stop, for the chair and the admin; stopping asks first (one slip must not end the record). */
export function RecordingControl() {
  const t = useT();
  const { send, principal } = useSession();
  const state = useMeeting();
  const [confirming, setConfirming] = useState(false);
  const status = state.conference?.status;
  if (principal.role !== 'chair' && principal.role !== 'admin') return null;
  if (status !== 'rollCall' && status !== 'inSession' && status !== 'adjourned') return null;
  if (!currentRecording(state)) {
    return (
      <button type="button" class="btn btn--small rec-control" data-testid="recording-start" onClick={() => void send({ type: 'startRecording' })}>
        <span class="rec-badge__dot" aria-hidden="true" /> {t.recording.start}
      </button>
    );
  }
  if (!confirming) {
    return (
      <button type="button" class="btn btn--small rec-control" data-testid="recording-stop" onClick={() => setConfirming(true)}>
        {t.recording.stop}
      </button>
    );
  }
  return (
    <span class="confirm">
      {t.recording.confirmStop}
      <button type="button" class="btn btn--small btn--danger" data-testid="recording-stop-confirm" onClick={() => (setConfirming(false), void send({ type: 'stopRecording' }))}>
        {t.queue.confirm}
      </button>
      <button type="button" class="btn btn--small" onClick={() => setConfirming(false)}>
        {t.queue.cancel}
      </button>
    </span>
  );
}
