import { useEffect, useState } from 'preact/hooks';
import { RECORDING_KEEPERS } from '../../../shared/meeting/permissions.js';
import { programPaths, ProgramStatusSchema, type ProgramStatus } from '../../../shared/protocol/recording-http.js';
import { formatDuration, formatTimeSeconds } from '../../../shared/reports/time.js';
import { refusalText, useI18n } from '../../i18n/index.js';
import { apiClient, call, type ApiClient } from '../organiser/api.js';
import { DownloadButton } from '../organiser/DownloadButton.js';
import { useMeeting, useSession } from '../session.js';
import { formatBytes } from './RecordingSize.js';

// The program recording (bản ghi chương trình) of each stopped recording run, for the chair and
// the organiser: "Dựng bản ghi chương trình" asks the server to render it (POST …/program), the
// state is followed while it renders (GET …/program every few seconds), then the MP4 and its edit
// list are offered for download (fetched with the join token: a plain link cannot send it).
// A refusal or a failed render is said in the error catalogue's words.

type Shown = { status: ProgramStatus | null; error: string | null };

function RunRow({ api, conferenceId, recordingId, index, from, to, pollMs }: { api: ApiClient; conferenceId: string; recordingId: string; index: number; from: number; to: number; pollMs: number }) {
  const { t, lang } = useI18n();
  const p = t.recording.program;
  const paths = programPaths(conferenceId, recordingId);
  const [shown, setShown] = useState<Shown>({ status: null, error: null });
  const [, tick] = useState(0);
  const rendering = shown.status?.state === 'rendering';

  const read = async () => {
    const r = await call(api, 'GET', paths.status, ProgramStatusSchema);
    setShown((s) => (r.ok ? { status: r.value, error: null } : { ...s, error: refusalText(t, r.code) }));
  };
  useEffect(() => {
    void read();
  }, [recordingId]);
  useEffect(() => {
    if (!rendering) return undefined;
    const timer = setInterval(() => {
      tick((n) => n + 1);
      void read();
    }, pollMs);
    return () => clearInterval(timer);
  }, [rendering, recordingId, pollMs]);

  const render = async () => {
    setShown((s) => ({ ...s, error: null }));
    const r = await call(api, 'POST', paths.status, ProgramStatusSchema, {});
    if (r.ok) setShown({ status: { state: 'rendering', since: Date.now() }, error: null });
    else setShown((s) => ({ ...s, error: refusalText(t, r.code) }));
  };

  const status = shown.status;
  const base = `${conferenceId}-${recordingId}`;
  return (
    <li class="program-run" data-testid={`program-run-${recordingId}`}>
      <span class="program-run__name">{p.run(index, formatTimeSeconds(from), formatTimeSeconds(to))}</span>
      {status?.state === 'rendering' && (
        <span role="status" aria-live="polite" data-testid="program-rendering">
          {p.rendering(Math.max(0, Math.round((Date.now() - (status.since ?? Date.now())) / 1000)))}
        </span>
      )}
      {status?.state === 'done' && (
        <>
          <span role="status" data-testid="program-done">
            {p.done(formatDuration(status.durationMs), formatBytes(status.bytes, lang))}
          </span>
          <DownloadButton api={api} path={paths.video} fileName={`${base}-program.mp4`} label={p.video} testId="program-video" primary />
          <DownloadButton api={api} path={paths.editList} fileName={`${base}-program.edit-list.json`} label={p.editList} testId="program-edit-list" />
        </>
      )}
      {status?.state === 'failed' && (
        <span class="field-error" role="alert" data-testid="program-failed" title={status.error}>
          {refusalText(t, 'PROGRAM_RENDER_FAILED')}
        </span>
      )}
      {status !== null && !rendering && (
        <button type="button" class={`btn btn--small ${status.state === 'done' ? '' : 'btn--primary'}`} data-testid="program-render" onClick={() => void render()}>
          {status.state === 'done' ? p.renderAgain : p.render}
        </button>
      )}
      {shown.error && (
        <span class="field-error" role="alert" data-testid="program-error">
          {shown.error}
        </span>
      )}
    </li>
  );
}

export function ProgramRecordings({ pollMs = 2_000, fetchFn, baseUrl }: { pollMs?: number; fetchFn?: typeof fetch; baseUrl?: string }) {
  const { t } = useI18n();
  const { principal, conferenceId, token } = useSession();
  const state = useMeeting();
  const [api] = useState(() => apiClient(token, baseUrl, fetchFn));
  if (!RECORDING_KEEPERS.includes(principal.role)) return null;
  const runs = state.recordings.map((r, i) => ({ run: r, index: i + 1 })).filter(({ run }) => run.stoppedAt !== null);
  const p = t.recording.program;
  return (
    <div class="program-recordings" data-testid="program-recordings">
      <h3>{p.title}</h3>
      <p class="hint">{p.hint}</p>
      {runs.length === 0 ? (
        <p class="hint" data-testid="program-none">
          {p.none}
        </p>
      ) : (
        <ul class="program-runs">
          {runs.map(({ run, index }) => (
            <RunRow key={run.id} api={api} conferenceId={conferenceId} recordingId={run.id} index={index} from={run.startedAt} to={run.stoppedAt!} pollMs={pollMs} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The chair's top bar: the same panel behind a menu, once a run has stopped. */
export function ProgramRecordingsMenu() {
  const { t } = useI18n();
  const { principal } = useSession();
  const stopped = useMeeting().recordings.some((r) => r.stoppedAt !== null);
  if (principal.role !== 'chair' || !stopped) return null;
  return (
    <details class="export-menu program-menu" data-testid="program-menu">
      <summary>{t.recording.program.title}</summary>
      <div class="export-menu__list program-menu__panel">
        <ProgramRecordings />
      </div>
    </details>
  );
}
