import { useState } from 'preact/hooks';
import { talliesByOrganisation } from '../../../shared/meeting/selectors.js';
import type { MeetingState, Organisation } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { FieldError, useCommand, useEditable } from './useCommand.js';
import { TableHead } from '../common/TableHead.js';

// Organisations per point (cơ quan, đơn vị): each sits at one point (UBND huyện Thới Bình at
// Thới Bình), or at none when it attends at several (R-SETUP-9). The roll-call offers a point's
// own organisations first and the reports group by point and organisation. The invitation import
// creates the organisations it names; here they are renamed, placed, added and removed.

export function OrganisationsSection({ state }: { state: MeetingState }) {
  const t = useT();
  const o = t.organiser.organisations;
  const editable = useEditable('addOrganisation');
  const invited = talliesByOrganisation(state);
  return (
    <section class="panel org-section" aria-labelledby="orgs-title" data-testid="organisations-section">
      <h2 id="orgs-title" class="panel__title">
        {o.title} <span class="count">({state.organisationOrder.length})</span>
      </h2>
      <p class="hint">{o.hint}</p>
      <div class="table-wrap">
        <table class="table table--compact org-table" data-testid="organisations-table">
          <TableHead columns={[o.name, o.point, o.invited]} />
          <tbody>
            {state.organisationOrder.map((id) => {
              const org = state.organisations[id];
              return org ? <OrganisationRow key={id} org={org} state={state} invited={invited[id]?.invited ?? 0} editable={editable} /> : null;
            })}
            {editable && <NewOrganisationRow state={state} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PointSelect({ state, value, onChange, label }: { state: MeetingState; value: string; onChange: (pointId: string) => void; label: string }) {
  const t = useT();
  return (
    <select name="organisation-point" value={value} aria-label={label} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{t.organiser.organisations.noPoint}</option>
      {state.pointOrder.map((id) => (
        <option key={id} value={id}>
          {state.points[id]?.name}
        </option>
      ))}
    </select>
  );
}

function OrganisationRow({ org, state, invited, editable }: { org: Organisation; state: MeetingState; invited: number; editable: boolean }) {
  const t = useT();
  const o = t.organiser.organisations;
  const cmd = useCommand();
  return (
    <tr data-organisation-id={org.id}>
      <td>
        <input
          name="organisation-name"
          class="cell-input"
          defaultValue={org.name}
          disabled={!editable}
          aria-label={o.name}
          onBlur={(e) => e.currentTarget.value.trim() !== org.name && void cmd.run({ type: 'updateOrganisation', organisationId: org.id, name: e.currentTarget.value })}
        />
      </td>
      <td>
        {editable ? (
          <PointSelect state={state} value={org.pointId ?? ''} label={`${o.point}: ${org.name}`} onChange={(pointId) => void cmd.run({ type: 'updateOrganisation', organisationId: org.id, pointId: pointId || null })} />
        ) : (
          (org.pointId && state.points[org.pointId]?.name) || o.noPoint
        )}
      </td>
      <td class="num">{invited}</td>
      <td class="row-actions">
        <button type="button" class="btn btn--small btn--danger" disabled={!editable || cmd.busy} onClick={() => void cmd.run({ type: 'removeOrganisation', organisationId: org.id })}>
          {t.organiser.remove}
          <span class="sr-only"> {org.name}</span>
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}

function NewOrganisationRow({ state }: { state: MeetingState }) {
  const t = useT();
  const o = t.organiser.organisations;
  const cmd = useCommand();
  const [name, setName] = useState('');
  const [pointId, setPointId] = useState('');
  const add = async () => {
    const ack = await cmd.run({ type: 'addOrganisation', name, ...(pointId ? { pointId } : {}) });
    if (ack.ok) setName('');
  };
  return (
    <tr class="new-row" data-testid="new-organisation">
      <td>
        <input name="new-organisation-name" class="cell-input" value={name} placeholder={o.name} aria-label={`${o.newOrganisation}: ${o.name}`} onInput={(e) => setName(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && void add()} />
      </td>
      <td>
        <PointSelect state={state} value={pointId} label={`${o.newOrganisation}: ${o.point}`} onChange={setPointId} />
      </td>
      <td />
      <td class="row-actions">
        <button type="button" class="btn btn--small btn--primary" disabled={cmd.busy} onClick={() => void add()} data-testid="add-organisation">
          {t.organiser.addRow}
        </button>
        <FieldError error={cmd.error} />
      </td>
    </tr>
  );
}
