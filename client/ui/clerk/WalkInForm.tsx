import { useState } from 'preact/hooks';
import { TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { organisationsAtPoint } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// Someone not on the invitation list turns up: recorded as present at a point, for an organisation.
// The point's own organisations come first (R-SETUP-9), the others after them.

export function WalkInForm({ state }: { state: MeetingState }) {
  const t = useT();
  const { send } = useSession();
  const [pointId, setPointId] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [name, setName] = useState('');
  const [position, setPosition] = useState('');
  const point = pointId || state.pointOrder[0] || '';
  const atPoint = point ? organisationsAtPoint(state, point) : [];
  const elsewhere = state.organisationOrder.filter((id) => !atPoint.includes(id));
  const org = organisationId || atPoint[0] || state.organisationOrder[0] || '';
  const option = (id: string) => (
    <option key={id} value={id}>
      {state.organisations[id]?.name}
    </option>
  );
  const ok = name.trim() !== '' && point !== '' && org !== '';
  return (
    <section class="panel" aria-labelledby="walkin-title">
      <h2 id="walkin-title" class="panel__title">
        {t.clerk.walkInTitle}
      </h2>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!ok) return;
          const ack = await send({ type: 'addWalkIn', pointId: point, organisationId: org, name: name.trim(), position: position.trim() });
          if (ack.ok) {
            setName('');
            setPosition('');
          }
        }}
      >
        <div class="form__row">
          <label>
            {t.clerk.point}
            <select value={point} onChange={(e) => (setPointId(e.currentTarget.value), setOrganisationId(''))}>
              {state.pointOrder.map((id) => (
                <option key={id} value={id}>
                  {state.points[id]?.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.clerk.organisation}
            <select value={org} onChange={(e) => setOrganisationId(e.currentTarget.value)} data-testid="walkin-organisation">
              {atPoint.length > 0 && elsewhere.length > 0 ? (
                <>
                  <optgroup label={t.clerk.organisationsHere}>{atPoint.map(option)}</optgroup>
                  <optgroup label={t.clerk.organisationsElsewhere}>{elsewhere.map(option)}</optgroup>
                </>
              ) : (
                state.organisationOrder.map(option)
              )}
            </select>
          </label>
        </div>
        <div class="form__row">
          <label>
            {t.clerk.name}
            <input value={name} maxLength={TEXT_LIMITS.name} onInput={(e) => setName(e.currentTarget.value)} required />
          </label>
          <label>
            {t.clerk.position}
            <input value={position} maxLength={TEXT_LIMITS.name} onInput={(e) => setPosition(e.currentTarget.value)} />
          </label>
        </div>
        <button type="submit" class="btn btn--primary" disabled={!ok}>
          {t.clerk.addWalkIn}
        </button>
      </form>
    </section>
  );
}
