import { quorumStatus, talliesByOrganisation, talliesByPoint, tallyOverall, type Tally } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';

// Live tallies: overall with the quorum, then by point and by organisation.

export function Tallies({ state }: { state: MeetingState }) {
  const t = useT();
  const all = tallyOverall(state);
  const q = quorumStatus(state);
  const byPoint = talliesByPoint(state);
  const byOrg = talliesByOrganisation(state);
  return (
    <section class="panel tallies" aria-labelledby="tallies-title" data-testid="tallies">
      <h2 id="tallies-title" class="panel__title">
        {t.clerk.talliesTitle}
      </h2>
      <dl class="tally-overall" data-testid="tally-overall">
        <div>
          <dt>{t.clerk.invited}</dt>
          <dd data-testid="tally-invited">{all.invited}</dd>
        </div>
        <div>
          <dt>{t.attendance.present}</dt>
          <dd data-testid="tally-present">{all.present}</dd>
        </div>
        <div>
          <dt>{t.attendance.substitute}</dt>
          <dd>{all.substitutes}</dd>
        </div>
        <div>
          <dt>{t.attendance.excused}</dt>
          <dd>{all.excused}</dd>
        </div>
        <div>
          <dt>{t.attendance.absent}</dt>
          <dd>{all.absent}</dd>
        </div>
        <div>
          <dt>{t.attendance.unmarked}</dt>
          <dd>{all.unmarked}</dd>
        </div>
        <div>
          <dt>{t.clerk.walkIn}</dt>
          <dd>{all.walkIns}</dd>
        </div>
      </dl>
      <p class={`quorum ${q.met === true ? 'quorum--met' : q.met === false ? 'quorum--not' : ''}`} data-testid="quorum">
        {t.clerk.quorum}:{' '}
        {q.required === null ? t.clerk.noQuorum : q.met ? t.clerk.quorumMet(q.attending, q.required) : t.clerk.quorumNotMet(q.attending, q.required)}
      </p>
      <TallyTable title={t.clerk.byPoint} ids={state.pointOrder} name={(id) => state.points[id]?.name ?? id} tallies={byPoint} testId="tally-by-point" />
      <TallyTable
        title={t.clerk.byOrganisation}
        ids={state.organisationOrder}
        name={(id) => state.organisations[id]?.name ?? id}
        tallies={byOrg}
        testId="tally-by-organisation"
      />
    </section>
  );
}

function TallyTable({ title, ids, name, tallies, testId }: { title: string; ids: string[]; name: (id: string) => string; tallies: Record<string, Tally>; testId: string }) {
  const t = useT();
  return (
    <table class="table table--compact tally-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" class="num" title={`${t.clerk.attending} / ${t.clerk.invited}`}>
            {t.clerk.attending}
          </th>
          <th scope="col" class="num" title={`${t.attendance.excused} + ${t.attendance.absent}`}>
            {t.clerk.away}
          </th>
          <th scope="col" class="num" title={t.attendance.unmarked}>
            {t.clerk.notYet}
          </th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => {
          const x = tallies[id];
          if (!x || x.invited + x.walkIns === 0) return null;
          return (
            <tr key={id} data-id={id} data-attending={x.attending} data-invited={x.invited} data-away={x.excused + x.absent} data-unmarked={x.unmarked}>
              <th scope="row">{name(id)}</th>
              <td class="num">
                {x.attending}/{x.invited}
              </td>
              <td class="num">{x.excused + x.absent}</td>
              <td class="num">{x.unmarked}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
