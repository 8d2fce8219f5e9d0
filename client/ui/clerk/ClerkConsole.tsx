import { useT } from '../../i18n/index.js';
import { AgendaPanel } from '../chair/AgendaPanel.js';
import { LowerThird } from '../program/LowerThird.js';
import { ProgramStage } from '../program/ProgramStage.js';
import { useMeeting, useServerNow } from '../session.js';
import { StillsGallery } from '../stills/StillsGallery.js';
import { TakeStillButton } from '../stills/TakeStill.js';
import { ImportPanel } from './ImportPanel.js';
import { MinutesNotes } from './MinutesNotes.js';
import { ReadinessList } from './ReadinessList.js';
import { RollCallTable } from './RollCallTable.js';
import { Tallies } from './Tallies.js';
import { WalkInForm } from './WalkInForm.js';

// The clerk's console: the roll-call table takes the width; the program (to follow who speaks),
// the notes and stills for the minutes, tallies, readiness, walk-ins, the agenda and the import sit beside it.

export function ClerkConsole() {
  const t = useT();
  const state = useMeeting();
  const now = useServerNow(1000);
  return (
    <div class="clerk" data-testid="clerk-console">
      <div class="clerk__main">
        <RollCallTable state={state} />
      </div>
      <aside class="clerk__side">
        {/* The clerk writes the minutes: it sees and hears who speaks. */}
        <section class="panel program-preview" aria-label={t.program.title}>
          <ProgramStage state={state} viewerPointId={null} pageSize={4} playAudio compact testId="clerk-program" />
          <LowerThird state={state} now={now} />
          <TakeStillButton request={{ source: 'program' }} label={t.stills.takeProgram} />
        </section>
        <MinutesNotes state={state} now={now} />
        <StillsGallery state={state} />
        <Tallies state={state} />
        <ReadinessList state={state} />
        <WalkInForm state={state} />
        <AgendaPanel state={state} now={now} controls={false} />
        <ImportPanel state={state} />
      </aside>
    </div>
  );
}
