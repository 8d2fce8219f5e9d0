import { currentAgendaStep } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// The presiding panel (đoàn chủ tọa): every member, the one presiding the current step marked;
// for the chair, a button per member to start a directive speech.

export function PresidingPanel({ state, now, controls }: { state: MeetingState; now: number; controls: boolean }) {
  const t = useT();
  const { send } = useSession();
  const presiding = currentAgendaStep(state, now)?.step.presidingMemberId ?? null;
  return (
    <section class="presiding" aria-labelledby="presiding-title" data-testid="presiding-panel">
      <h2 id="presiding-title" class="panel__title">
        {t.presiding.title}
      </h2>
      <ul class="presiding__list">
        {state.panelOrder.map((id) => {
          const m = state.panel[id];
          if (!m) return null;
          const now = id === presiding;
          return (
            <li key={id} class={`presiding__member ${now ? 'presiding__member--now' : ''}`} aria-current={now ? 'true' : undefined}>
              <span class="presiding__name">{m.name}</span>
              <span class="presiding__position" title={m.position}>
                {m.position}
              </span>
              {now && <span class="badge badge--accent">{t.presiding.presidesNow}</span>}
              {controls && (
                <button
                  type="button"
                  class="btn btn--small"
                  aria-label={`${t.presiding.directiveSpeech}: ${m.name}`}
                  title={t.presiding.directiveSpeech}
                  onClick={() => void send({ type: 'startDirectiveSpeech', memberId: id })}
                >
                  {t.presiding.directiveShort}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
