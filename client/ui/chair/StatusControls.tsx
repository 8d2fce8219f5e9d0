import { useState } from 'preact/hooks';
import type { Conference } from '../../../shared/meeting/state.js';
import type { ConferenceStatus } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// The chair moves the day along: open the roll-call, open the session, adjourn, resume (R-CONF-4).

const CHAIR_MOVES: Record<ConferenceStatus, ConferenceStatus[]> = {
  draft: [],
  scheduled: ['rollCall'],
  rollCall: ['inSession'],
  inSession: ['adjourned'],
  adjourned: ['inSession'],
  closed: [],
};

export function StatusControls({ conference }: { conference: Conference }) {
  const t = useT();
  const { send } = useSession();
  const [confirming, setConfirming] = useState<ConferenceStatus | null>(null);
  const moves = CHAIR_MOVES[conference.status];
  if (moves.length === 0) return null;
  const label = (to: ConferenceStatus) => t.statusActions[`${conference.status}>${to}`] ?? t.status[to];
  return (
    <div class="status-controls">
      {moves.map((to) =>
        confirming === to ? (
          <span class="confirm" key={to}>
            {label(to)}?
            <button type="button" class="btn btn--small btn--danger" data-testid={`status-${to}-confirm`} onClick={() => (setConfirming(null), void send({ type: 'setConferenceStatus', status: to }))}>
              {t.queue.confirm}
            </button>
            <button type="button" class="btn btn--small" onClick={() => setConfirming(null)}>
              {t.queue.cancel}
            </button>
          </span>
        ) : (
          <button
            type="button"
            key={to}
            // Stopping the session in front of the audience must never be one slip of the mouse.
            class={`btn ${to === 'adjourned' ? '' : 'btn--primary'}`}
            data-testid={`status-${to}`}
            onClick={() => (to === 'adjourned' ? setConfirming(to) : void send({ type: 'setConferenceStatus', status: to }))}
          >
            {label(to)}
          </button>
        ),
      )}
    </div>
  );
}
