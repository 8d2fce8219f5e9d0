import { currentAgendaStep } from '../../../shared/meeting/selectors.js';
import { useT } from '../../i18n/index.js';
import { LowerThird } from '../program/LowerThird.js';
import { ProgramStage } from '../program/ProgramStage.js';
import { useMeeting, useServerNow } from '../session.js';
import { CallNotice } from './CallNotice.js';
import { FloorBanner } from './FloorBanner.js';
import { FloorBox } from './FloorBox.js';
import { myFloor } from './floor.js';
import { ReadinessBox } from './ReadinessBox.js';
import { SelfPanel } from './SelfPanel.js';
import { THUMBNAIL_PAGE } from './thumbnails.js';

// A district room's console: the program large, our own camera and microphone, the floor
// (request, wait, speak) and readiness.

export function PointConsole({ pointId }: { pointId: string }) {
  const t = useT();
  const state = useMeeting();
  const now = useServerNow(250);
  const mine = myFloor(state, pointId);
  const step = currentAgendaStep(state, now);
  return (
    <div class="point" data-testid="point-console" data-point-id={pointId}>
      <CallNotice state={state} pointId={pointId} />
      {mine.speech && <FloorBanner speech={mine.speech} state={state} now={now} />}
      <div class="point__body">
        <div class="point__program">
          <ProgramStage state={state} viewerPointId={pointId} pageSize={THUMBNAIL_PAGE} playAudio testId="program" />
          <LowerThird state={state} now={now} />
        </div>
        <aside class="point__side">
          <SelfPanel state={state} pointId={pointId} />
          <FloorBox state={state} pointId={pointId} />
          <ReadinessBox state={state} pointId={pointId} />
          <section class="panel" aria-label={t.agenda.title}>
            <h2 class="panel__title">{t.program.currentStep}</h2>
            <p data-testid="point-current-step">{step ? `${step.index + 1}. ${step.step.title}` : t.program.noStep}</p>
          </section>
        </aside>
      </div>
    </div>
  );
}
