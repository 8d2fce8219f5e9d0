import type { MeetingState, Speech } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { SpeechTimer } from '../common/SpeechTimer.js';
import { useSession } from '../session.js';

// The unmistakable "you have the floor" state: full width, high contrast, with the timer.

export function FloorBanner({ speech, state, now }: { speech: Speech; state: MeetingState; now: number }) {
  const t = useT();
  const { send } = useSession();
  return (
    <section class="floor-banner" role="alert" data-testid="you-have-the-floor">
      <div class="floor-banner__text">
        <strong class="floor-banner__title">{t.point.youHaveTheFloor}</strong>
        <span>{t.point.youHaveTheFloorHint}</span>
        {speech.topic && <span class="floor-banner__topic">{speech.topic}</span>}
        {speech.speakerName && <span>{speech.speakerName}</span>}
      </div>
      <SpeechTimer speech={speech} now={now} warningSeconds={state.conference?.limits.warningSeconds ?? 30} />
      <button type="button" class="btn btn--light" onClick={() => void send({ type: 'endSpeech', speechId: speech.id })}>
        {t.point.finished}
      </button>
    </section>
  );
}
