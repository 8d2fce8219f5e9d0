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
  const moves = CHAIR_MOVES[conference.status];
  if (moves.length === 0) return null;
  return (
    <div class="status-controls">
      {moves.map((to) => (
        <button
          type="button"
          key={to}
          class="btn btn--primary"
          data-testid={`status-${to}`}
          onClick={() => void send({ type: 'setConferenceStatus', status: to })}
        >
          {t.statusActions[`${conference.status}>${to}`] ?? t.status[to]}
        </button>
      ))}
    </div>
  );
}
