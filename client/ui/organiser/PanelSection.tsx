import { useState } from 'preact/hooks';
import type { MeetingState, PanelMember } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { moved } from './bulk.js';
import { FieldError, useCommand, useEditable } from './useCommand.js';
import { TableHead } from '../common/TableHead.js';

// The presiding panel (đoàn chủ tọa): name, position, organisation, in the order it is shown to
// every point. Edited in place; Alt+↑ / Alt+↓ or the arrows move a member.

export function PanelSection({ state }: { state: MeetingState }) {
  const t = useT();
  const editable = useEditable('addPanelMember');
  const reorder = useCommand();
  const move = (index: number, delta: number) => {
    const next = moved(state.panelOrder, index, delta);
    if (next) void reorder.run({ type: 'reorderPanel', memberIds: next });
  };
  return (
    <section class="panel org-section" aria-labelledby="panel-title" data-testid="panel-section">
      <h2 id="panel-title" class="panel__title">
        {t.organiser.panel.title} <span class="count">({state.panelOrder.length})</span>
      </h2>
      <div class="table-wrap">
        <table class="table table--compact org-table" data-testid="panel-table">
          <TableHead columns={['#', t.organiser.panel.name, t.organiser.panel.position, t.organiser.panel.organisation]} />
          <tbody>
            {state.panelOrder.map((id, i) => {
              const m = state.panel[id];
              return m ? <MemberRow key={id} member={m} index={i} count={state.panelOrder.length} editable={editable} move={move} /> : null;
            })}
            {editable && <NewMemberRow />}
          </tbody>
        </table>
      </div>
      <FieldError error={reorder.error} />
    </section>
  );
}

type MemberFields = Pick<PanelMember, 'name' | 'position' | 'organisation'>;

function MemberRow(props: { member: PanelMember; index: number; count: number; editable: boolean; move: (i: number, d: number) => void }) {
  const { member, index, count, editable, move } = props;
  const t = useT();
  const cmd = useCommand();
  const save = (field: keyof MemberFields, value: string) => {
    if (value.trim() !== member[field]) void cmd.run({ type: 'updatePanelMember', memberId: member.id, [field]: value });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(index, e.key === 'ArrowUp' ? -1 : 1);
    }
  };
  const cell = (field: keyof MemberFields, label: string) => (
    <td>
      <input name={`member-${field}`} class="cell-input" defaultValue={member[field]} disabled={!editable} aria-label={label} onBlur={(e) => save(field, e.currentTarget.value)} onKeyDown={onKey} />
    </td>
  );
  return (
    <tr data-member-id={member.id}>
      <td class="num">{index + 1}</td>
      {cell('name', t.organiser.panel.name)}
      {cell('position', t.organiser.panel.position)}
      {cell('organisation', t.organiser.panel.organisation)}
      <td class="row-actions">
        <OrderButtons index={index} count={count} disabled={!editable} move={move} label={member.name} />
        <button type="button" class="btn btn--small btn--danger" disabled={!editable} onClick={() => void cmd.run({ type: 'removePanelMember', memberId: member.id })}>
          {t.organiser.remove}
          <span class="sr-only"> {member.name}</span>
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}

/** ↑ ↓ buttons of an ordered row. */
export function OrderButtons({ index, count, disabled, move, label }: { index: number; count: number; disabled: boolean; move: (i: number, d: number) => void; label: string }) {
  const t = useT();
  return (
    <>
      <button type="button" class="btn btn--small" disabled={disabled || index === 0} aria-label={`${t.organiser.moveUp}: ${label}`} title={t.organiser.moveUp} onClick={() => move(index, -1)}>
        ↑
      </button>
      <button type="button" class="btn btn--small" disabled={disabled || index === count - 1} aria-label={`${t.organiser.moveDown}: ${label}`} title={t.organiser.moveDown} onClick={() => move(index, 1)}>
        ↓
      </button>
    </>
  );
}

function NewMemberRow() {
  const t = useT();
  const cmd = useCommand();
  const empty: MemberFields = { name: '', position: '', organisation: '' };
  const [fields, setFields] = useState<MemberFields>(empty);
  const add = async () => {
    const ack = await cmd.run({ type: 'addPanelMember', ...fields });
    if (ack.ok) setFields(empty);
  };
  const input = (field: keyof MemberFields, label: string) => (
    <td>
      <input
        name={`new-member-${field}`}
        class="cell-input"
        value={fields[field]}
        placeholder={label}
        aria-label={`${t.organiser.panel.newMember}: ${label}`}
        onInput={(e) => setFields({ ...fields, [field]: e.currentTarget.value })}
        onKeyDown={(e) => e.key === 'Enter' && void add()}
      />
    </td>
  );
  return (
    <tr class="new-row" data-testid="new-member">
      <td class="num">+</td>
      {input('name', t.organiser.panel.name)}
      {input('position', t.organiser.panel.position)}
      {input('organisation', t.organiser.panel.organisation)}
      <td class="row-actions">
        <button type="button" class="btn btn--small btn--primary" disabled={cmd.busy} onClick={() => void add()} data-testid="add-member">
          {t.organiser.addRow}
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}
