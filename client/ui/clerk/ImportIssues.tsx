import { useT } from '../../i18n/index.js';
import { TableHead } from '../common/TableHead.js';

// What an import preview shows: the problems it found, by line (errors: nothing is imported
// until the file is fixed; warnings), and the rows it read. Shared by the clerk's invitation-list
// import and the organiser's import of points, so both say a file's contents the same way.

export function ImportIssues<I>({ errors, warnings, text }: { errors: readonly I[]; warnings: readonly I[]; text: (issue: I) => string }) {
  const t = useT();
  return (
    <>
      {errors.length > 0 && (
        <div class="banner banner--bad" role="alert">
          <strong>{t.clerk.importErrors(errors.length)}</strong>
          <ul data-testid="import-errors">
            {errors.slice(0, 100).map((i, n) => (
              <li key={n}>{text(i)}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <details>
          <summary>
            {t.clerk.importWarnings} ({warnings.length})
          </summary>
          <ul>
            {warnings.map((i, n) => (
              <li key={n}>{text(i)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/**
 * The rows read from the file, in a box of its own height that scrolls. The box is focusable and
 * named: its cells hold no control, so without that a keyboard user could not scroll to the rows
 * below (WCAG 2.1.1; axe-core's scrollable-region-focusable).
 */
export function ImportRows({ columns, rows }: { columns: readonly string[]; rows: readonly { key: number; cells: readonly string[] }[] }) {
  const t = useT();
  return (
    <div class="table-wrap table-wrap--short" tabIndex={0} role="region" aria-label={t.clerk.importRows(rows.length)} data-testid="import-rows">
      <table class="table table--compact">
        <TableHead columns={columns} actions={false} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
