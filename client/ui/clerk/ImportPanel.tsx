import { useState } from 'preact/hooks';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useI18n } from '../../i18n/index.js';
import { useSession } from '../session.js';
import { ImportIssues, ImportRows } from './ImportIssues.js';
import { previewImport, type ImportPreview, type PreviewIssue } from './importPreview.js';

// Import an invitation list: choose the file, see what will be imported and every error by line,
// then import. The parser (shared/import) is loaded only when a file is chosen: most consoles
// never import, and the XLSX reader is the largest part of it.

const CHUNK = 5000;

export function ImportPanel({ state }: { state: MeetingState }) {
  const { t, lang } = useI18n();
  const { send } = useSession();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [fileName, setFileName] = useState('');
  const [mode, setMode] = useState<'replace' | 'append'>(state.attendeeOrder.length === 0 ? 'replace' : 'append');
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (file: File | undefined) => {
    setDone(null);
    setPreview(null);
    if (!file) return;
    setFileName(file.name);
    const [{ parseInvitationList }, bytes] = await Promise.all([import('../../../shared/import/index.js'), file.arrayBuffer()]);
    setPreview(previewImport(parseInvitationList(new Uint8Array(bytes), file.name), state));
  };

  const doImport = async () => {
    if (!preview || preview.rows.length === 0 || preview.errors.length > 0) return;
    setBusy(true);
    let imported = 0;
    for (let i = 0; i < preview.rows.length; i += CHUNK) {
      const rows = preview.rows.slice(i, i + CHUNK).map((r) => r.row);
      const ack = await send({ type: 'importInvitationList', mode: i === 0 ? mode : 'append', rows });
      if (!ack.ok) break;
      imported += rows.length;
    }
    setBusy(false);
    if (imported > 0) {
      setDone(imported);
      setPreview(null);
    }
  };

  const text = (i: PreviewIssue) => {
    switch (i.kind) {
      case 'parser':
        return lang === 'vi' ? i.vi : i.en;
      case 'noPoint':
        return t.clerk.importNoPoint(i.line, i.point);
      case 'ambiguousPoint':
        return t.clerk.importAmbiguousPoint(i.line, i.point, i.candidates.join(', '));
      case 'noOrganisation':
        return t.clerk.importNoOrganisation(i.line);
    }
  };

  return (
    <section class="panel import" aria-labelledby="import-title" data-testid="import">
      <h2 id="import-title" class="panel__title">
        {t.clerk.importTitle}
      </h2>
      <div class="form form--inline">
        <label>
          {t.clerk.importChoose}
          <input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void choose(e.currentTarget.files?.[0])} data-testid="import-file" />
        </label>
        <fieldset class="segmented-radio">
          <legend>{t.clerk.importMode}</legend>
          <label>
            <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> {t.clerk.importReplace}
          </label>
          <label>
            <input type="radio" name="import-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> {t.clerk.importAppend}
          </label>
        </fieldset>
      </div>
      {done !== null && (
        <p class="banner banner--ok" role="status">
          {t.clerk.importDone(done)}
        </p>
      )}
      {preview && (
        <div class="import__preview" data-testid="import-preview">
          <p>
            <strong>{fileName}</strong> —{' '}
            <span data-testid="import-summary">
              {preview.errors.length > 0 ? t.clerk.importPreviewBlocked(preview.rows.length) : t.clerk.importPreview(preview.rows.length)}
            </span>
          </p>
          <ImportIssues errors={preview.errors} warnings={preview.warnings} text={text} />
          {preview.rows.length > 0 && (
            <ImportRows
              columns={[t.clerk.importLine, t.clerk.name, t.clerk.position, t.clerk.organisation, t.clerk.point]}
              rows={preview.rows.slice(0, 200).map((r) => ({ key: r.row.line, cells: [String(r.row.line), r.row.name, r.row.position, r.row.organisation, r.pointName] }))}
            />
          )}
          <button type="button" class="btn btn--primary" disabled={busy || preview.errors.length > 0 || preview.rows.length === 0} onClick={() => void doImport()} data-testid="import-do">
            {t.clerk.importDo}
          </button>
        </div>
      )}
    </section>
  );
}
