import { talliesByPoint } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { ImportPanel } from '../clerk/ImportPanel.js';

// The invitation list (danh sách triệu tập): the clerk's own import, with its preview and every
// error by line, and how many are invited at each point.

export function InvitationSection({ state }: { state: MeetingState }) {
  const t = useT();
  const tallies = talliesByPoint(state);
  return (
    <div class="org-two" data-testid="invitations-section">
      <ImportPanel state={state} />
      <section class="panel" aria-labelledby="invited-title">
        <h2 id="invited-title" class="panel__title">
          {t.organiser.invitations.title} <span class="count">({state.attendeeOrder.length})</span>
        </h2>
        <table class="table table--compact" data-testid="invited-by-point">
          <thead>
            <tr>
              <th scope="col">{t.clerk.point}</th>
              <th scope="col">{t.clerk.invited}</th>
            </tr>
          </thead>
          <tbody>
            {state.pointOrder.map((id) => (
              <tr key={id} data-id={id}>
                <td>{state.points[id]?.name}</td>
                <td class="num">{tallies[id]?.invited ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
