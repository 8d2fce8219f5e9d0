import { useState } from 'preact/hooks';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { POINT_KINDS, type PointKind } from '../../../shared/protocol/values.js';
import { useI18n } from '../../i18n/index.js';
import { ImportIssues, ImportRows } from '../clerk/ImportIssues.js';
import { previewPointImport, type PointImportPreview, type PointPreviewIssue } from './pointImport.js';
import { FieldError, useCommand } from './useCommand.js';

// Import the points from the office's spreadsheet (CSV or XLSX), with the same reader and the same
// preview as the clerk's invitation import: the points read, every error by line of the file, and
// nothing added until the file is fixed. One addPoints command adds them all, or none (R-ORG-1).

export function PointImport({ state }: { state: MeetingState }) {
  const { t, lang } = useI18n();
  const p = t.organiser.points;
  const cmd = useCommand();
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [defaultKind, setDefaultKind] = useState<PointKind>('commune');
  const [parsed, setParsed] = useState<Awaited<ReturnType<typeof parse>> | null>(null);
  const [added, setAdded] = useState<number | null>(null);

  const choose = async (chosen: File | undefined) => {
    setAdded(null);
    setParsed(null);
    cmd.clear();
    if (!chosen) return setFile(null);
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    setFile({ name: chosen.name, bytes });
    setParsed(await parse(bytes, chosen.name));
  };
  // The preview follows the points already there and the default kind, without reading the file again.
  const preview: PointImportPreview | null = parsed ? previewPointImport(parsed, state, defaultKind) : null;

  const doImport = async () => {
    if (!preview || preview.errors.length > 0 || preview.rows.length === 0) return;
    const ack = await cmd.run({ type: 'addPoints', points: preview.rows.map((r) => r.point) });
    if (ack.ok) {
      setAdded(preview.rows.length);
      setParsed(null);
      setFile(null);
    }
  };

  const text = (i: PointPreviewIssue) => {
    switch (i.kind) {
      case 'parser':
        return lang === 'vi' ? i.vi : i.en;
      case 'existingPoint':
        return p.importExisting(i.line, i.name);
      case 'secondCentral':
        return p.importSecondCentral(i.line, i.name);
    }
  };

  return (
    <div class="bulk bulk--file" data-testid="points-import">
      <label>
        {p.importChoose}
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
          data-testid="points-import-file"
        />
      </label>
      <label>
        {p.importDefaultKind}
        <select name="import-kind" value={defaultKind} onChange={(e) => setDefaultKind(e.currentTarget.value as PointKind)}>
          {POINT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t.organiser.pointKinds[k]}
            </option>
          ))}
        </select>
      </label>
      {added !== null && (
        <p class="saved" role="status">
          {p.added(added)}
        </p>
      )}
      {preview && file && (
        <div class="import__preview" data-testid="points-import-preview">
          <p>
            <strong>{file.name}</strong> —{' '}
            <span data-testid="points-import-summary">{preview.errors.length > 0 ? t.clerk.importPreviewBlocked(preview.rows.length) : p.importPreview(preview.rows.length)}</span>
          </p>
          <ImportIssues errors={preview.errors} warnings={preview.warnings} text={text} />
          {preview.rows.length > 0 && (
            <ImportRows
              columns={[t.clerk.importLine, p.name, p.kind, p.contact]}
              rows={preview.rows.map((r) => ({ key: r.line, cells: [String(r.line), r.point.name, t.organiser.pointKinds[r.point.kind], r.point.contact ?? ''] }))}
            />
          )}
          <button type="button" class="btn btn--primary" disabled={cmd.busy || preview.errors.length > 0 || preview.rows.length === 0} onClick={() => void doImport()} data-testid="points-import-do">
            {p.add(preview.rows.length)}
          </button>
          <FieldError error={cmd.error} />
        </div>
      )}
    </div>
  );
}

// The reader is loaded only when a file is chosen: the XLSX reader is the largest part of it.
async function parse(bytes: Uint8Array, fileName: string) {
  const { parsePointList } = await import('../../../shared/import/point-list.js');
  return parsePointList(bytes, fileName);
}
