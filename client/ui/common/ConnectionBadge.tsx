import { secondsUntil } from '../../net/backoff.js';
import type { MeetingConnection } from '../../net/connection.js';
import { statusTone } from '../../net/status.js';
import { refusalText, useT } from '../../i18n/index.js';
import { useConnectionState, useTicker } from '../session.js';

// Always visible: connected / catching up / reconnecting with a countdown / offline.

export function ConnectionBadge({ connection }: { connection: MeetingConnection }) {
  const t = useT();
  const c = useConnectionState(connection);
  const now = useTicker(() => Date.now(), 500);
  const s = c.status;
  let text: string;
  switch (s.kind) {
    case 'connecting':
      text = t.connection.connecting;
      break;
    case 'connected':
      text = s.caughtUp ? t.connection.connected : t.connection.syncing;
      break;
    case 'reconnecting':
      text = t.connection.reconnecting(secondsUntil(s.nextAttemptAt, now));
      break;
    case 'offline':
      text = t.connection.offline;
      break;
    case 'refused':
      text = `${t.connection.refused}: ${refusalText(t, s.code)}`;
      break;
    case 'ended':
      text = `${t.connection.ended}: ${refusalText(t, s.code)}`;
      break;
  }
  return (
    <div class={`conn conn--${statusTone(s)}`} role="status" aria-live="polite" data-testid="connection" data-status={s.kind}>
      <span class="conn__dot" aria-hidden="true" />
      <span class="conn__text">{text}</span>
      {s.kind === 'reconnecting' && (
        <button type="button" class="btn btn--small" onClick={() => connection.retryNow()}>
          {t.connection.reconnectNow}
        </button>
      )}
    </div>
  );
}
