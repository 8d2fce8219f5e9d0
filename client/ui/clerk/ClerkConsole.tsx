import { AgendaPanel } from '../chair/AgendaPanel.js';
import { useMeeting, useServerNow } from '../session.js';
import { ImportPanel } from './ImportPanel.js';
import { ReadinessList } from './ReadinessList.js';
import { RollCallTable } from './RollCallTable.js';
import { Tallies } from './Tallies.js';
import { WalkInForm } from './WalkInForm.js';

// The clerk's console: the roll-call table takes the width; tallies, readiness, walk-ins, the
// import and the agenda sit beside it.

export function ClerkConsole() {
  const state = useMeeting();
  const now = useServerNow(1000);
  return (
    <div class="clerk" data-testid="clerk-console">
      <div class="clerk__main">
        <RollCallTable state={state} />
      </div>
      <aside class="clerk__side">
        <Tallies state={state} />
        <ReadinessList state={state} />
        <WalkInForm state={state} />
        <AgendaPanel state={state} now={now} controls={false} />
        <ImportPanel state={state} />
      </aside>
    </div>
  );
}
