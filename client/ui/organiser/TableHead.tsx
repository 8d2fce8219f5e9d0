import { useT } from '../../i18n/index.js';

// The head of the organiser's tables: the columns, then a last column for the row's buttons,
// named for screen readers only.

export function TableHead({ columns }: { columns: readonly string[] }) {
  const t = useT();
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        <th scope="col">
          <span class="sr-only">{t.organiser.actions}</span>
        </th>
      </tr>
    </thead>
  );
}
