import { useT } from '../../i18n/index.js';
import { ConnectionBadge } from '../common/ConnectionBadge.js';
import { LiveStreamAlert, LiveStreamBadge, LiveStreamControl, RecordingAlert, RecordingBadge, RecordingControl } from '../common/Recording.js';
import { RecordingSize } from '../common/RecordingSize.js';
import { useMeeting, useServerNow, useSession } from '../session.js';
import { LowerThird } from './LowerThird.js';
import { ProgramStage } from './ProgramStage.js';

// Observers, the hall's big screen, the editorial board: the program full screen, the caption,
// no controls. The connection state stays in a corner: a frozen big screen must be noticed.

export function ProgramScreen() {
  const t = useT();
  const { connection } = useSession();
  const state = useMeeting();
  const now = useServerNow(1000);
  return (
    <div class="program-screen" data-testid="program-screen">
      <h1 class="sr-only">{state.conference?.title ?? t.app.name}</h1>
      <ProgramStage state={state} viewerPointId={null} pageSize={8} playAudio testId="program" />
      <LowerThird state={state} now={now} />
      <div class="program-screen__corner">
        <RecordingBadge />
        <LiveStreamBadge />
        <ConnectionBadge connection={connection} />
        {/* The organiser's link lands here (route.ts): its start/stop lives in this corner. */}
        <RecordingControl />
        <LiveStreamControl />
        <RecordingSize />
      </div>
      <div class="program-screen__alert">
        <RecordingAlert />
        <LiveStreamAlert />
      </div>
    </div>
  );
}
