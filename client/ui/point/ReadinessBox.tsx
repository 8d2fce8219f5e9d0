import { useState } from 'preact/hooks';
import { allowedStatuses } from '../../../shared/meeting/permissions.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { entryOf } from '../../../shared/meeting/buckets.js';
import { MAX_HEADCOUNT } from '../../../shared/protocol/index.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// "Điểm cầu X đã sẵn sàng": the point reports it is ready and how many people are in the room.

export function ReadinessBox({ state, pointId }: { state: MeetingState; pointId: string }) {
  const t = useT();
  const { send } = useSession();
  const reported = entryOf(state.readiness, pointId);
  const [headcount, setHeadcount] = useState(reported ? String(reported.headcount) : '');
  const status = state.conference?.status;
  const open = status !== undefined && allowedStatuses('reportReadiness').includes(status);
  const n = Number.parseInt(headcount, 10);
  const valid = Number.isInteger(n) && n >= 0 && n <= MAX_HEADCOUNT;
  const at = reported ? new Date(reported.at).toLocaleTimeString(t.locale, { hour: '2-digit', minute: '2-digit' }) : '';
  return (
    <section class="panel readiness" aria-labelledby="readiness-title" data-testid="readiness">
      <h2 id="readiness-title" class="panel__title">
        {t.point.readinessTitle}
      </h2>
      {reported && (
        <p class="banner banner--ok" role="status" data-testid="readiness-reported">
          {t.point.reportedReady(reported.headcount, at)}
        </p>
      )}
      {!open && <p class="hint">{t.point.readinessClosed}</p>}
      <form
        class="form form--inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void send({ type: 'reportReadiness', pointId, headcount: n });
        }}
      >
        <label>
          {t.point.headcount}
          <input name="headcount" type="number" inputMode="numeric" min={0} max={MAX_HEADCOUNT} value={headcount} onInput={(e) => setHeadcount(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn btn--primary" disabled={!valid || !open} data-testid="report-ready">
          {t.point.reportReady}
        </button>
      </form>
    </section>
  );
}
