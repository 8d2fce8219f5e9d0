import type { MeetingState } from '../../../shared/meeting/state.js';
import { entryOf } from '../../../shared/meeting/buckets.js';
import { useT } from '../../i18n/index.js';

// Which points reported ready, with their headcount and time.

export function ReadinessList({ state }: { state: MeetingState }) {
  const t = useT();
  return (
    <section class="panel" aria-labelledby="ready-title" data-testid="readiness-list">
      <h2 id="ready-title" class="panel__title">
        {t.clerk.readinessTitle}
      </h2>
      <ul class="ready-list">
        {state.pointOrder.map((id) => {
          const r = entryOf(state.readiness, id);
          return (
            <li key={id} data-point-id={id} class={r ? 'is-ready' : ''}>
              <span>{state.points[id]?.name}</span>
              <span class={`badge ${r ? 'badge--ok' : 'badge--muted'}`}>{r ? t.wall.ready(r.headcount) : t.wall.notReady}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
