import { useState } from 'preact/hooks';
import { refusalText, useT } from '../../i18n/index.js';
import { saveBlob } from '../common/saveBlob.js';
import { downloadFile, type ApiClient } from './api.js';

// A file the server makes (the connection sheets, the invitation letter, the event log): fetched
// with the join token (a plain link cannot send it) and saved under the server's file name; a
// refusal is said beside the button.

export function DownloadButton({ api, path, fileName, label, testId, primary }: { api: ApiClient; path: string; fileName: string; label: string; testId: string; primary?: boolean }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await downloadFile(api, path, fileName);
    setBusy(false);
    if (r.ok) saveBlob(r.blob, r.fileName);
    else setError(t.organiser.downloadFailed(refusalText(t, r.code)));
  };
  return (
    <span class="download">
      <button type="button" class={`btn ${primary ? 'btn--primary' : ''}`} disabled={busy} aria-busy={busy} onClick={() => void run()} data-testid={testId}>
        {busy ? t.organiser.preparing : label}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
