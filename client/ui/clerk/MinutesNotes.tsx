import { useState } from 'preact/hooks';
import { TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { currentAgendaStep, notesOfStep } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// Notes for the minutes, attached to the agenda step running now (the core attaches them, R-NOTES-1).
// The clerk sees the notes of the current step, writes one with Ctrl+Enter or the button, and
// removes a mistaken one (notes are never edited in place, R-NOTES-2).

export function MinutesNotes({ state, now }: { state: MeetingState; now: number }) {
  const t = useT();
  const { send } = useSession();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const step = currentAgendaStep(state, now);
  const stepId = step?.step.id ?? null;
  const notes = notesOfStep(state, stepId);
  const save = async () => {
    const clean = text.trim();
    if (!clean || busy) return;
    setBusy(true);
    const ack = await send({ type: 'addMinutesNote', text: clean });
    setBusy(false);
    if (ack.ok) setText('');
  };
  return (
    <section class="panel notes" aria-labelledby="notes-title" data-testid="minutes-notes">
      <h2 id="notes-title" class="panel__title">
        {t.clerk.notesTitle}
      </h2>
      <p class="hint" data-testid="notes-step">
        {step ? t.clerk.notesFor(`${step.index + 1}. ${step.step.title}`) : t.clerk.notesNoStep}
      </p>
      {notes.length > 0 && (
        <ol class="notes__list">
          {notes.map((n) => (
            <li key={n.id} data-note-id={n.id}>
              <span class="notes__time">{new Date(n.at).toLocaleTimeString(t.locale, { hour: '2-digit', minute: '2-digit' })}</span>
              <span class="notes__text">{n.text}</span>
              <button type="button" class="btn btn--small btn--ghost" aria-label={`${t.clerk.notesRemove}: ${n.text}`} title={t.clerk.notesRemove} onClick={() => void send({ type: 'removeMinutesNote', noteId: n.id })}>
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <textarea
          name="note"
          rows={3}
          maxLength={TEXT_LIMITS.note}
          aria-label={t.clerk.notesTitle}
          placeholder={t.clerk.notesPlaceholder}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save();
            }
          }}
        />
        <button type="submit" class="btn btn--primary" disabled={busy || !text.trim()} data-testid="note-save">
          {t.clerk.notesAdd}
        </button>
      </form>
    </section>
  );
}
