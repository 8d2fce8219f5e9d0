import { agendaTimeline, firstPendingStepId, nextRunnableStepId } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// The agenda: steps with planned against actual time, the running one highlighted; the chair's
// start / next / back / skip. Read-only (no buttons) in the other consoles.

export function AgendaPanel({ state, now, controls }: { state: MeetingState; now: number; controls: boolean }) {
  const t = useT();
  const { send } = useSession();
  const steps = agendaTimeline(state, now);
  const current = state.agenda.currentStepId;
  const nextId = nextRunnableStepId(state, current);
  const started = steps.some((s) => s.phase !== 'pending');
  return (
    <section class="panel agenda" aria-labelledby="agenda-title" data-testid="agenda">
      <h2 id="agenda-title" class="panel__title">
        {t.agenda.title}
      </h2>
      {steps.length === 0 ? (
        <p class="empty">{t.agenda.empty}</p>
      ) : (
        <ol class="agenda__list">
          {steps.map((s) => (
            <li
              key={s.step.id}
              class={`agenda__step agenda__step--${s.phase} ${s.overMs > 0 && s.phase === 'running' ? 'is-over' : ''}`}
              aria-current={s.phase === 'running' ? 'step' : undefined}
              data-step-id={s.step.id}
              data-phase={s.phase}
            >
              <span class="agenda__title">
                {s.index + 1}. {s.step.title}
              </span>
              <span class="agenda__meta">
                {t.stepKinds[s.step.kind]}
                {s.step.presenter ? ` · ${t.agenda.presenter}: ${s.step.presenter}` : ''}
              </span>
              <span class="agenda__time" title={`${t.agenda.elapsed} / ${t.agenda.planned}`}>
                {t.time.plannedVsElapsed(t.time.clock(s.elapsedMs), t.time.clock(s.plannedMs))}
              </span>
              <span class="badge badge--phase">{t.stepPhases[s.phase]}</span>
            </li>
          ))}
        </ol>
      )}
      {controls && steps.length > 0 && (
        <div class="agenda__controls">
          {current === null && firstPendingStepId(state) !== null && !started ? (
            <button type="button" class="btn btn--primary" data-testid="agenda-start" onClick={() => void send({ type: 'startAgenda' })}>
              {t.agenda.start}
            </button>
          ) : (
            <>
              <button type="button" class="btn" data-testid="agenda-back" onClick={() => void send({ type: 'previousAgendaStep' })}>
                {t.agenda.back}
              </button>
              <button type="button" class="btn btn--primary" data-testid="agenda-next" disabled={nextId === null && current === null} onClick={() => void send({ type: 'nextAgendaStep' })}>
                {t.agenda.next}
              </button>
              <button type="button" class="btn" disabled={nextId === null} onClick={() => nextId && void send({ type: 'skipAgendaStep', stepId: nextId })}>
                {t.agenda.skip}
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
