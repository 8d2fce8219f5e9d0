import { useT } from '../../i18n/index.js';

// The head of the consoles' edit tables: the columns, then (unless the rows have none) a last
// column for the row's buttons, named for screen readers only.

export function TableHead({ columns, actions = true }: { columns: readonly string[]; actions?: boolean }) {
  const t = useT();
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span class="sr-only">{t.organiser.actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
