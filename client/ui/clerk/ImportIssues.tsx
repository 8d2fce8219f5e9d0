import { useT } from '../../i18n/index.js';

// The problems an import preview found, by line: errors (nothing is imported until the file is
// fixed) and warnings. Shared by the clerk's invitation-list import and the organiser's import
// of points, so both say a file's problems the same way.

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
