import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { programCaption } from '../../../shared/media/program-view.js';

// The caption under the program: who speaks, their position and point, and the agenda step.

export function LowerThird({ state, now }: { state: MeetingState; now: number }) {
  const t = useT();
  const c = programCaption(state, now);
  return (
    <div class="lower-third" data-testid="lower-third" aria-live="polite">
      {c.name && (
        <div class="lower-third__speaker">
          <strong class="lower-third__name" data-testid="caption-name">
            {c.name}
          </strong>
          {c.position && <span class="lower-third__position">{c.position}</span>}
          {c.pointName && <span class="lower-third__point">{c.pointName}</span>}
          {c.kind && <span class="lower-third__kind">{t.requestKinds[c.kind]}</span>}
        </div>
      )}
      <div class="lower-third__step" data-testid="caption-step">
        <span class="lower-third__label">{t.program.currentStep}:</span> {c.stepTitle ?? t.program.noStep}
      </div>
    </div>
  );
}
