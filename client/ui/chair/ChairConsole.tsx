import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { LowerThird } from '../program/LowerThird.js';
import { ProgramStage } from '../program/ProgramStage.js';
import { useMeeting, useServerNow, useSession } from '../session.js';
import { StillsGallery } from '../stills/StillsGallery.js';
import { TakeStillButton } from '../stills/TakeStill.js';
import { AgendaPanel } from './AgendaPanel.js';
import { CurrentSpeech } from './CurrentSpeech.js';
import { LayoutSwitch } from './LayoutSwitch.js';
import { PointWall } from './PointWall.js';
import { PresidingPanel } from './PresidingPanel.js';
import { chairAction, chairCommand } from './shortcuts.js';
import { SpeakerQueue } from './SpeakerQueue.js';
import { StatusControls } from './StatusControls.js';

// The central point's console: program preview and layout, the presiding panel, the wall of
// points, the speaker queue with the current speaker, the agenda and the stills (ảnh hội nghị). G grants the next request,
// E ends the speech, Space pauses it.

export function ChairConsole() {
  const t = useT();
  const { send } = useSession();
  const state = useMeeting();
  const now = useServerNow(250);
  // The key handler reads the latest state through a ref, so it is registered once.
  const latest = useRef({ state, now });
  latest.current = { state, now };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const action = chairAction({
        key: e.key,
        ctrlKey: e.ctrlKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
        targetTag: target?.tagName ?? 'BODY',
        targetEditable: target?.isContentEditable ?? false,
      });
      if (!action || e.repeat) return;
      e.preventDefault();
      const command = chairCommand(action, latest.current.state, latest.current.now);
      if (command) void send(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);

  return (
    <div class="chair" data-testid="chair-console">
      <div class="chair__left">
        <section class="panel program-preview" aria-labelledby="preview-title">
          <h2 id="preview-title" class="panel__title">
            {t.program.previewTitle}
          </h2>
          <div class="program-preview__body">
            <div class="program-preview__stage">
              <ProgramStage state={state} viewerPointId={null} pageSize={6} testId="program-preview" playAudio compact />
              <LowerThird state={state} now={now} />
            </div>
            <div class="program-preview__controls">
              {/* "Chụp ảnh" beside the layout: under the picture it would push the wall's second row out of view at 1366×768. */}
              <div class="program-preview__row">
                <LayoutSwitch mode={state.media.layout} />
                <TakeStillButton request={{ source: 'program' }} label={t.stills.takeProgram} compact />
              </div>
              {state.conference && <StatusControls conference={state.conference} />}
              <PresidingPanel state={state} now={now} controls />
            </div>
          </div>
        </section>
        <PointWall state={state} now={now} />
      </div>
      <div class="chair__right">
        <CurrentSpeech state={state} now={now} />
        <SpeakerQueue state={state} now={now} />
        <AgendaPanel state={state} now={now} controls />
        <StillsGallery state={state} />
        <p class="hint shortcuts" aria-label={t.app.keyboardHelp}>
          {t.shortcuts.grantNext} · {t.shortcuts.endSpeech} · {t.shortcuts.pauseSpeech}
        </p>
      </div>
    </div>
  );
}
