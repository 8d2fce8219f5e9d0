import { useState } from 'preact/hooks';
import type { AgendaStep, MeetingState } from '../../../shared/meeting/state.js';
import { AGENDA_STEP_KINDS, type AgendaStepKind } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { moved } from './bulk.js';
import { OrderButtons } from './PanelSection.js';
import { FieldError, useCommand, useEditable } from './useCommand.js';
import { TableHead } from '../common/TableHead.js';

// The agenda (chương trình): title, kind, presenter, who of the panel presides, planned start and
// minutes;
// in order. Edited in place like the other tables; a new step is typed in the last row.

export function AgendaSection({ state }: { state: MeetingState }) {
  const t = useT();
  const editable = useEditable('addAgendaStep');
  const reorder = useCommand();
  const move = (index: number, delta: number) => {
    const next = moved(state.agenda.order, index, delta);
    if (next) void reorder.run({ type: 'reorderAgenda', stepIds: next });
  };
  return (
    <section class="panel org-section" aria-labelledby="agenda-edit-title" data-testid="agenda-section">
      <h2 id="agenda-edit-title" class="panel__title">
        {t.organiser.agenda.title} <span class="count">({state.agenda.order.length})</span>
      </h2>
      <div class="table-wrap">
        <table class="table table--compact org-table" data-testid="agenda-table">
          <TableHead columns={['#', t.organiser.agenda.stepTitle, t.organiser.agenda.kind, t.organiser.agenda.presenter, t.organiser.agenda.presiding, t.organiser.agenda.plannedStart, t.organiser.agenda.minutes]} />
          <tbody>
            {state.agenda.order.map((id, i) => {
              const step = state.agenda.steps[id];
              return step ? <StepRow key={id} state={state} step={step} index={i} editable={editable} move={move} /> : null;
            })}
            {editable && <NewStepRow state={state} />}
          </tbody>
        </table>
      </div>
      <FieldError error={reorder.error} />
    </section>
  );
}

function PresidingSelect({ state, value, onChange, label }: { state: MeetingState; value: string | null; onChange: (id: string | null) => void; label: string }) {
  const t = useT();
  return (
    <select name="step-presiding" value={value ?? ''} aria-label={label} onChange={(e) => onChange(e.currentTarget.value || null)}>
      <option value="">{t.organiser.agenda.noPresiding}</option>
      {state.panelOrder.map((id) => (
        <option key={id} value={id}>
          {state.panel[id]?.name ?? id}
        </option>
      ))}
    </select>
  );
}

function KindSelect({ value, onChange, label }: { value: AgendaStepKind; onChange: (k: AgendaStepKind) => void; label: string }) {
  const t = useT();
  return (
    <select name="step-kind" value={value} aria-label={label} onChange={(e) => onChange(e.currentTarget.value as AgendaStepKind)}>
      {AGENDA_STEP_KINDS.map((k) => (
        <option key={k} value={k}>
          {t.stepKinds[k]}
        </option>
      ))}
    </select>
  );
}

function StepRow({ state, step, index, editable, move }: { state: MeetingState; step: AgendaStep; index: number; editable: boolean; move: (i: number, d: number) => void }) {
  const t = useT();
  const cmd = useCommand();
  const a = t.organiser.agenda;
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(index, e.key === 'ArrowUp' ? -1 : 1);
    }
  };
  return (
    <tr data-step-id={step.id}>
      <td class="num">{index + 1}</td>
      <td>
        <input name="step-title" class="cell-input" defaultValue={step.title} disabled={!editable} aria-label={a.stepTitle} onKeyDown={onKey}
          onBlur={(e) => e.currentTarget.value.trim() !== step.title && void cmd.run({ type: 'updateAgendaStep', stepId: step.id, title: e.currentTarget.value })} />
      </td>
      <td>
        <KindSelect value={step.kind} label={a.kind} onChange={(kind) => void cmd.run({ type: 'updateAgendaStep', stepId: step.id, kind })} />
      </td>
      <td>
        <input name="step-presenter" class="cell-input" defaultValue={step.presenter ?? ''} disabled={!editable} aria-label={a.presenter} onKeyDown={onKey}
          onBlur={(e) => {
            const v = e.currentTarget.value.trim();
            if (v !== (step.presenter ?? '')) void cmd.run({ type: 'updateAgendaStep', stepId: step.id, presenter: v === '' ? null : v });
          }} />
      </td>
      <td>
        <PresidingSelect state={state} value={step.presidingMemberId} label={a.presiding} onChange={(id) => void cmd.run({ type: 'updateAgendaStep', stepId: step.id, presidingMemberId: id })} />
      </td>
      <td>
        <input name="step-start" class="cell-input cell-input--time" type="time" defaultValue={step.plannedStart ?? ''} disabled={!editable} aria-label={a.plannedStart}
          onBlur={(e) => {
            const v = e.currentTarget.value;
            if (v !== (step.plannedStart ?? '')) void cmd.run({ type: 'updateAgendaStep', stepId: step.id, plannedStart: v === '' ? null : v });
          }} />
      </td>
      <td>
        <input name="step-minutes" class="cell-input cell-input--num" type="number" min={1} defaultValue={String(step.plannedMinutes)} disabled={!editable} aria-label={a.minutes}
          onBlur={(e) => {
            const n = Number(e.currentTarget.value);
            if (n !== step.plannedMinutes) void cmd.run({ type: 'updateAgendaStep', stepId: step.id, plannedMinutes: n });
          }} />
      </td>
      <td class="row-actions">
        <OrderButtons index={index} count={state.agenda.order.length} disabled={!editable} move={move} label={step.title} />
        <button type="button" class="btn btn--small btn--danger" disabled={!editable} onClick={() => void cmd.run({ type: 'removeAgendaStep', stepId: step.id })}>
          {t.organiser.remove}
          <span class="sr-only"> {step.title}</span>
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}

interface NewStep {
  title: string;
  kind: AgendaStepKind;
  presenter: string;
  presidingMemberId: string | null;
  start: string;
  minutes: string;
}

function NewStepRow({ state }: { state: MeetingState }) {
  const t = useT();
  const a = t.organiser.agenda;
  const cmd = useCommand();
  const empty: NewStep = { title: '', kind: 'report', presenter: '', presidingMemberId: null, start: '', minutes: '15' };
  const [s, setS] = useState<NewStep>(empty);
  const add = async () => {
    const ack = await cmd.run({
      type: 'addAgendaStep',
      title: s.title,
      kind: s.kind,
      plannedMinutes: Number(s.minutes),
      ...(s.presenter.trim() ? { presenter: s.presenter } : {}),
      ...(s.presidingMemberId ? { presidingMemberId: s.presidingMemberId } : {}),
      ...(s.start ? { plannedStart: s.start } : {}),
    });
    if (ack.ok) setS({ ...empty, kind: s.kind, minutes: s.minutes });
  };
  const enter = (e: KeyboardEvent) => e.key === 'Enter' && void add();
  return (
    <tr class="new-row" data-testid="new-step">
      <td class="num">+</td>
      <td>
        <input name="new-step-title" class="cell-input" value={s.title} placeholder={a.stepTitle} aria-label={`${a.newStep}: ${a.stepTitle}`} onInput={(e) => setS({ ...s, title: e.currentTarget.value })} onKeyDown={enter} />
      </td>
      <td>
        <KindSelect value={s.kind} label={`${a.newStep}: ${a.kind}`} onChange={(kind) => setS({ ...s, kind })} />
      </td>
      <td>
        <input name="new-step-presenter" class="cell-input" value={s.presenter} placeholder={a.presenter} aria-label={`${a.newStep}: ${a.presenter}`} onInput={(e) => setS({ ...s, presenter: e.currentTarget.value })} onKeyDown={enter} />
      </td>
      <td>
        <PresidingSelect state={state} value={s.presidingMemberId} label={`${a.newStep}: ${a.presiding}`} onChange={(id) => setS({ ...s, presidingMemberId: id })} />
      </td>
      <td>
        <input name="new-step-start" class="cell-input cell-input--time" type="time" value={s.start} aria-label={`${a.newStep}: ${a.plannedStart}`} onInput={(e) => setS({ ...s, start: e.currentTarget.value })} onKeyDown={enter} />
      </td>
      <td>
        <input name="new-step-minutes" class="cell-input cell-input--num" type="number" min={1} value={s.minutes} aria-label={`${a.newStep}: ${a.minutes}`} onInput={(e) => setS({ ...s, minutes: e.currentTarget.value })} onKeyDown={enter} />
      </td>
      <td class="row-actions">
        <button type="button" class="btn btn--small btn--primary" disabled={cmd.busy} onClick={() => void add()} data-testid="add-step">
          {t.organiser.addRow}
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}
