import { pendingCall } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';

// The organiser called this point during the line test ("xin mời kết nối"): a notice that stays
// until the room answers it.

export function CallNotice({ state, pointId }: { state: MeetingState; pointId: string }) {
  const t = useT();
  const { send } = useSession();
  const call = pendingCall(state, pointId);
  if (!call) return null;
  return (
    <div class="banner banner--warn call-notice" role="alert" data-testid="call-notice">
      <strong>{t.point.called}</strong> {call.message ?? t.point.calledDefault}
      <button type="button" class="btn btn--small btn--primary" onClick={() => void send({ type: 'acknowledgeCall', pointId })} data-testid="call-acknowledge">
        {t.point.answerCall}
      </button>
    </div>
  );
}
