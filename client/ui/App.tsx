import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Command } from '../../shared/protocol/index.js';
import { refusalText, useT } from '../i18n/index.js';
import { MeetingConnection } from '../net/connection.js';
import { MeetingReplica } from '../state/replica.js';
import { ServerClock } from '../state/serverClock.js';
import { ChairConsole } from './chair/ChairConsole.js';
import { ClerkConsole } from './clerk/ClerkConsole.js';
import { ConnectionBadge } from './common/ConnectionBadge.js';
import { LanguageSwitch } from './common/LanguageSwitch.js';
import { Shell } from './common/Shell.js';
import { MediaContext, NO_MEDIA, type MediaView } from './media.js';
import { NoticeBoard } from './notices.js';
import { PointConsole } from './point/PointConsole.js';
import { PreFlight, type PreFlightResult } from './preflight/PreFlight.js';
import { ProgramScreen } from './program/ProgramScreen.js';
import { consoleFor, sendsMedia } from './route.js';
import { SessionContext, useConnectionState, useReplicaState, type Session } from './session.js';

// One joined console: the connection, the replica folded from it, and the console its
// principal lands in (after the pre-flight for a room that sends media).

export function JoinedApp({ token, conferenceId }: { token: string; conferenceId?: string }) {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const [parts] = useState(() => {
    const replica = new MeetingReplica();
    const clock = new ServerClock();
    const connection = new MeetingConnection({ token, replica, clock, ...(conferenceId ? { conferenceId } : {}) });
    return { replica, clock, connection, notices: new NoticeBoard() };
  });
  const { replica, clock, connection, notices } = parts;
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  useConnectionState(connection);
  const state = useReplicaState(replica);
  const [preflight, setPreflight] = useState<PreFlightResult | null>(null);

  const welcome = connection.welcome;
  const session = useMemo<Session | null>(() => {
    if (!welcome) return null;
    const send = async (command: Command) => {
      const ack = await connection.send(command);
      if (!ack.ok) notices.push('error', tRef.current.app.commandFailed(ack.code, refusalText(tRef.current, ack.code, ack.message)));
      return ack;
    };
    return { replica, connection, clock, principal: welcome.principal, send };
  }, [welcome?.principal.role, welcome?.principal.pointId, welcome?.conferenceId]);

  const media = useMemo<MediaView>(() => localOnlyMedia(preflight?.stream ?? null), [preflight]);

  if (!session || !welcome) {
    const s = connection.status;
    return (
      <div class="joining" data-testid="joining">
        <header class="topbar">
          <span class="topbar__title">{t.app.name}</span>
          <ConnectionBadge connection={connection} />
          <LanguageSwitch />
        </header>
        <p class="joining__text">{s.kind === 'refused' ? refusalText(t, s.code, s.message) : t.app.waitingForConference}</p>
      </div>
    );
  }

  const kind = consoleFor(welcome.principal, location.pathname);
  const pointId = welcome.principal.pointId ?? '';
  const pointName = state.points[pointId]?.name ?? pointId;
  if (sendsMedia(kind) && !preflight && !welcome.standby) {
    return <PreFlight pointName={pointName} onJoin={setPreflight} />;
  }
  return (
    <SessionContext.Provider value={session}>
      <MediaContext.Provider value={media}>
        {kind === 'program' ? (
          <ProgramScreen />
        ) : (
          <Shell notices={notices} role={kind}>
            {state.conference === null ? (
              <p class="joining__text">{t.app.waitingForConference}</p>
            ) : kind === 'chair' ? (
              <ChairConsole />
            ) : kind === 'clerk' ? (
              <ClerkConsole />
            ) : (
              <PointConsole pointId={pointId} />
            )}
          </Shell>
        )}
      </MediaContext.Provider>
    </SessionContext.Provider>
  );
}

/** Until the media layer is connected: only our own camera, for the self-view. */
function localOnlyMedia(stream: MediaStream | null): MediaView {
  return { ...NO_MEDIA, localStream: () => stream };
}
