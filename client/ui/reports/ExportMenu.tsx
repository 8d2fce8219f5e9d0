import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/index.js';
import { EXPORT_ITEMS, exportUrl, fetchReport, type ExportItem } from './exports.js';
import { EXPORT_STRINGS } from './strings.js';
import { saveBlob } from '../common/saveBlob.js';

// The "Export" menu of the chair's and clerk's consoles: the attendance report and the minutes in
// every format the server renders. Drop in with the console's join token and conference id;
// `seq` exports the meeting as it stood at that event (omit it for "now").
// The open menu lies over the speech controls beneath it, so it closes on Escape, on a click
// outside it, and once a download has started (it stays open only to show an error).

export interface ExportMenuProps {
  conferenceId: string;
  token: string;
  seq?: number;
  /** Defaults to the page's origin (the API is served beside the client). */
  baseUrl?: string;
}

export function ExportMenu({ conferenceId, token, seq, baseUrl }: ExportMenuProps) {
  const { lang } = useI18n();
  const s = EXPORT_STRINGS[lang];
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      root.current?.querySelector('summary')?.focus();
    };
    const onPointer = (e: Event) => {
      if (!(e.target instanceof Node) || !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const run = async (item: ExportItem) => {
    setBusy(item.key);
    setError(null);
    const url = exportUrl(baseUrl ?? location.origin, conferenceId, item, seq);
    const result = await fetchReport(fetch, url, token, item.path.split('?')[0] ?? 'report');
    setBusy(null);
    if (result.ok) {
      saveBlob(result.blob, result.fileName);
      setOpen(false);
    } else setError(s.failed(result.code, result.message));
  };

  const group = (g: ExportItem['group'], title: string) => (
    <li>
      <span class="export-menu__group">{title}</span>
      <ul>
        {EXPORT_ITEMS.filter((i) => i.group === g).map((item) => (
          <li key={item.key}>
            <button type="button" disabled={busy !== null} aria-busy={busy === item.key} data-testid={`report-${item.key}`} onClick={() => void run(item)}>
              {s.items[item.key]}
            </button>
          </li>
        ))}
      </ul>
    </li>
  );

  return (
    <details class="export-menu" open={open} ref={root} data-testid="export-menu">
      <summary
        onClick={(e) => {
          // The state, not the browser, decides: Escape and a click outside close it too.
          e.preventDefault();
          setOpen(!open);
        }}
      >
        {s.menu}
      </summary>
      <ul class="export-menu__list">
        {group('attendance', s.attendance)}
        {group('minutes', s.minutes)}
      </ul>
      {busy && <p role="status">{s.working}</p>}
      {error && <p role="alert">{error}</p>}
    </details>
  );
}
