import { runningSpeeches, speechState } from '../../../shared/meeting/selectors.js';
import type { MeetingState, Speech } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { SpeechTimer } from '../common/SpeechTimer.js';
import { useSession } from '../session.js';
import { focusSpeech } from './shortcuts.js';

// Who holds the floor now, with the large timer and the chair's pause / extend / end.

export function CurrentSpeech({ state, now }: { state: MeetingState; now: number }) {
  const t = useT();
  const speeches = runningSpeeches(state);
  const focus = focusSpeech(state);
  return (
    <section class="panel speech" aria-labelledby="speech-title" data-testid="current-speech">
      <h2 id="speech-title" class="panel__title">
        {t.speech.title}
      </h2>
      {speeches.length === 0 ? (
        <p class="empty">{t.speech.none}</p>
      ) : (
        speeches.map((sp) => <SpeechCard key={sp.id} speech={sp} state={state} now={now} focus={sp.id === focus?.id} />)
      )}
    </section>
  );
}

function SpeechCard({ speech, state, now, focus }: { speech: Speech; state: MeetingState; now: number; focus: boolean }) {
  const t = useT();
  const { send } = useSession();
  const paused = speechState(speech, now).phase === 'paused';
  const pointName = state.points[speech.pointId]?.name ?? speech.pointId;
  const warning = state.conference?.limits.warningSeconds ?? 30;
  return (
    <article class="speech__card" data-speech-id={speech.id} data-point-id={speech.pointId}>
      <div class="speech__who">
        <strong class="speech__name" data-testid="speaker-name">
          {speech.speakerName ?? pointName}
        </strong>
        {speech.speakerPosition && <span>{speech.speakerPosition}</span>}
        <span class="speech__point">{pointName}</span>
        <span class={`badge kind-badge kind-badge--${speech.kind}`}>{t.requestKinds[speech.kind]}</span>
        {speech.topic && <span class="speech__topic">{speech.topic}</span>}
      </div>
      <SpeechTimer speech={speech} now={now} warningSeconds={warning} />
      <div class="speech__actions">
        <button
          type="button"
          class="btn"
          aria-keyshortcuts={focus ? 'Space' : undefined}
          onClick={() => void send({ type: paused ? 'resumeSpeech' : 'pauseSpeech', speechId: speech.id })}
        >
          {paused ? t.speech.resume : t.speech.pause}
        </button>
        {/* A speech without a limit (a directive speech) cannot be extended (R-SPEECH-7): no buttons
            that would do nothing; the timer already says "no time limit". */}
        {speech.limitSeconds !== null && (
          <>
            <button type="button" class="btn" onClick={() => void send({ type: 'extendSpeech', speechId: speech.id, seconds: 60 })}>
              {t.speech.extend(1)}
            </button>
            <button type="button" class="btn" onClick={() => void send({ type: 'extendSpeech', speechId: speech.id, seconds: 120 })}>
              {t.speech.extend(2)}
            </button>
          </>
        )}
        <button
          type="button"
          class="btn btn--danger"
          data-testid="end-speech"
          aria-keyshortcuts={focus ? 'E' : undefined}
          onClick={() => void send({ type: 'endSpeech', speechId: speech.id })}
        >
          {t.speech.end} {focus && <kbd>E</kbd>}
        </button>
      </div>
    </article>
  );
}
