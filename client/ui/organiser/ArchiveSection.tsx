import { useState } from 'preact/hooks';
import { TRANSITIONS } from '../../../shared/meeting/permissions.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { refusalText, useI18n } from '../../i18n/index.js';
import { ProgramRecordings } from '../common/ProgramRecordings.js';
import { EXPORT_ITEMS } from '../reports/exports.js';
import { useSession } from '../session.js';
import { apiClient, closeConference, documentPaths } from './api.js';
import { DownloadButton } from './DownloadButton.js';
import { useEditable } from './useCommand.js';

// After the conference: its reports (the same exports as the chair's and clerk's menu), the whole
// event log as JSON lines for the office's archive, the program recording of each recording run, and closing the record for good, which also
// stops every join link but the admins'.

export function ArchiveSection({ state }: { state: MeetingState }) {
  const { t } = useI18n();
  const a = t.organiser.archive;
  const { token, conferenceId } = useSession();
  const [api] = useState(() => apiClient(token));
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Closing is a status change: offered only where the core's status machine allows it.
  const closable = useEditable('setConferenceStatus') && state.conference !== null && TRANSITIONS[state.conference.status].includes('closed');
  const close = async () => {
    const r = await closeConference(api, conferenceId);
    setConfirming(false);
    setError(r.ok ? null : refusalText(t, r.code));
  };
  const status = state.conference?.status;
  return (
    <section class="panel org-section" aria-labelledby="archive-title" data-testid="archive-section">
      <h2 id="archive-title" class="panel__title">
        {a.title}
      </h2>
      {status === 'closed' && (
        <p class="banner banner--ok" role="status" data-testid="closed-banner">
          {a.closed}
        </p>
      )}
      <div class="archive-grid">
        {(['attendance', 'minutes'] as const).map((group) => (
          <div key={group} class="archive-group">
            <h3>{t.exports[group]}</h3>
            {EXPORT_ITEMS.filter((i) => i.group === group).map((item) => (
              <DownloadButton key={item.key} api={api} path={`/conferences/${encodeURIComponent(conferenceId)}/reports/${item.path}`} fileName={item.path.split('?')[0] ?? 'report'} label={t.exports.items[item.key]} testId={`report-${item.key}`} />
            ))}
          </div>
        ))}
        <div class="archive-group">
          <h3>{a.log}</h3>
          <p class="hint">{a.logHint}</p>
          <DownloadButton api={api} path={documentPaths.eventLog(conferenceId)} fileName="nhat-ky.jsonl" label={a.logDownload} testId="download-log" />
        </div>
        <div class="archive-group">
          <ProgramRecordings />
        </div>
      </div>
      {status !== 'closed' && (
        <div class="archive-close">
          <p class="hint">{closable ? a.closeHint : a.closeLater}</p>
          {confirming ? (
            <span class="confirm" role="group" aria-label={a.closeConfirm}>
              <strong>{a.closeConfirm}</strong>
              <button type="button" class="btn btn--danger" onClick={() => void close()} data-testid="close-confirm">
                {a.closeDo}
              </button>
              <button type="button" class="btn" onClick={() => setConfirming(false)}>
                {t.queue.cancel}
              </button>
            </span>
          ) : (
            <button type="button" class="btn btn--danger" disabled={!closable} onClick={() => setConfirming(true)} data-testid="close-conference">
              {a.closeDo}
            </button>
          )}
          {error && (
            <span class="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
