import { speechState } from '../../../shared/meeting/selectors.js';
import type { Speech } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';

// The large speaking timer: time left when there is a limit (turns amber within the warning
// window, red past the limit), time spoken when there is none. Derived from the speech's
// timestamps on every tick, never counted locally, so every console shows the same second.

export function SpeechTimer({ speech, now, warningSeconds, large = true }: { speech: Speech; now: number; warningSeconds: number; large?: boolean }) {
  const t = useT();
  const v = speechState(speech, now, warningSeconds);
  const tone = v.overtime ? 'over' : v.warning ? 'warn' : 'ok';
  const shown = v.remainingMs ?? v.spokenMs;
  return (
    <div class={`timer timer--${tone} ${v.phase === 'paused' ? 'timer--paused' : ''} ${large ? 'timer--large' : ''}`} data-testid="speech-timer" data-tone={tone} data-phase={v.phase}>
      <span class="timer__label">{v.remainingMs === null ? t.speech.elapsed : t.speech.remaining}</span>
      <span class="timer__clock" role="timer" aria-live="off">
        {t.time.clock(shown)}
      </span>
      <span class="timer__note">
        {v.phase === 'paused' ? t.speech.paused : v.overtime ? t.speech.overtime : v.warning ? t.speech.warning : v.limitMs === null ? t.speech.unlimited : t.speech.limit(t.time.clock(v.limitMs))}
      </span>
    </div>
  );
}
