import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { Command } from '../../shared/protocol/index.js';
import { refusalText, useT } from '../i18n/index.js';
import { MeetingConnection } from '../net/connection.js';
import { takeEarlySocket } from '../net/earlySocket.js';
import { MeetingReplica } from '../state/replica.js';
import { ServerClock } from '../state/serverClock.js';
import { LazyChairConsole, LazyClerkConsole } from './common/lazy.js';
import { ConnectionBadge } from './common/ConnectionBadge.js';
import { LanguageSwitch } from './common/LanguageSwitch.js';
import { Shell } from './common/Shell.js';
import { MediaContext, NO_MEDIA, type MediaView } from './media.js';
import type { LiveMedia } from './mediaAdapter.js';
import { takeEarlyMedia } from './earlyJoin.js';
import { hintsPreflight, joinHintFromToken } from './joinHint.js';
import { loadMedia } from './mediaLoader.js';
import { NoticeBoard } from './notices.js';
import { PointConsole } from './point/PointConsole.js';
import { THUMBNAIL_PAGE } from './point/thumbnails.js';
import { PreFlight, type PreFlightResult } from './preflight/PreFlight.js';
import { ProgramScreen } from './program/ProgramScreen.js';
import { ProgramStage } from './program/ProgramStage.js';
import { LazyOrganiserConsole } from './organiser/lazy.js';
import { consoleFor, sendsMedia, type ConsoleKind } from './route.js';
import { SessionContext, useConnectionState, useReplicaState, type Session } from './session.js';

// One joined console: the connection, the replica folded from it, and the console its
// principal lands in (after the pre-flight for a room that sends media).

export function JoinedApp({ token, conferenceId }: { token: string; conferenceId?: string }) {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const [parts] = useState(() => {
    // Fetch the media layer now, in parallel with connecting; nothing waits for it yet.
    void loadMedia().catch(() => {});
    const replica = new MeetingReplica();
    const clock = new ServerClock();
    // A cluster places a point by its point's region (the record); /join?region=CM#t=… counts where that has none.
    const region = new URLSearchParams(location.search).get('region');
    // A point's link: the page's first script already asked for its placement and connected this
    // token's socket (earlyJoin.ts); the connection adopts it.
    const early = conferenceId ? null : takeEarlySocket(token);
    const connection = new MeetingConnection({ token, replica, clock, early, ...(conferenceId ? { conferenceId } : {}), ...(region ? { region } : {}) });
    return { replica, clock, connection, notices: new NoticeBoard() };
  });
  const { replica, clock, connection, notices } = parts;
  // Connect as soon as the first screen is built, without waiting for it to be painted.
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    connection.start();
    // An adopted early socket may have brought the welcome and the catch-up already, before the
    // subscriptions below exist: draw them now rather than at the next event.
    if (connection.welcome) redraw(undefined);
    return () => connection.stop();
  }, [connection]);
  useConnectionState(connection);
  const state = useReplicaState(replica);
  const [preflight, setPreflight] = useState<PreFlightResult | null>(null);
  // A point's link: show the pre-flight (and open the camera) while the socket still connects.
  const [hint] = useState(() => joinHintFromToken(token));
  const early = hintsPreflight(hint, location.pathname);

  const welcome = connection.welcome;
  const session = useMemo<Session | null>(() => {
    if (!welcome) return null;
    const send = async (command: Command, options?: { inPlace?: boolean }) => {
      const ack = await connection.send(command);
      if (!ack.ok && !options?.inPlace) notices.push('error', tRef.current.app.commandFailed(ack.code, refusalText(tRef.current, ack.code)));
      return ack;
    };
    return { replica, connection, clock, principal: welcome.principal, conferenceId: welcome.conferenceId, token, send };
  }, [welcome?.principal.role, welcome?.principal.pointId, welcome?.conferenceId]);

  // The point tells the organiser's line test what its pre-flight found, once it joins.
  useEffect(() => {
    const pointId = welcome?.principal.role === 'point' ? welcome.principal.pointId : undefined;
    if (preflight && session && pointId) void session.send({ type: 'reportPreflight', pointId, ...preflight.report }, { inPlace: true });
  }, [preflight, session]);

  // Before the welcome, a point's link (read from its token) is taken for a point's console, so its
  // media starts with the socket: the server answers media requests as soon as it has admitted the
  // socket, and the program can play in the pre-flight while the rest of the page is still coming.
  const kind = welcome ? consoleFor(welcome.principal, location.pathname) : early ? 'point' : null;
  const waitingForPreflight = kind !== null && sendsMedia(kind) && !preflight && !welcome?.standby;
  // Media starts with the console: for a point still in its pre-flight, the program's pictures
  // play and its sound is held (nothing sent) until it joins.
  const media = useLiveMedia(
    connection,
    kind === null
      ? null
      : {
          kind,
          local: welcome?.standby ? null : (preflight?.stream ?? null),
          inPreflight: waitingForPreflight,
          standby: welcome?.standby ?? false,
          // The organiser watches no program, only one point at a time (OrganiserConsole's view).
          pageSize: kind === 'chair' ? Math.max(8, state.pointOrder.length) : kind === 'organiser' ? 1 : THUMBNAIL_PAGE,
          ownView: kind === 'organiser',
        },
  );

  if (!session || !welcome) {
    const s = connection.status;
    if (early && s.kind !== 'refused' && s.kind !== 'ended') {
      // Same element type and place as the pre-flight below, so it stays mounted (and keeps its
      // camera) when the welcome arrives; "join" waits for the welcome.
      return (
        <MediaContext.Provider value={media}>
          <PreFlight pointName={state.points[hint.pointId]?.name ?? hint.pointId} onJoin={setPreflight} ready={false} program={<ProgramStage state={state} viewerPointId={hint.pointId} pageSize={THUMBNAIL_PAGE} compact testId="preflight-program" />} />
        </MediaContext.Provider>
      );
    }
    return (
      <div class="joining" data-testid="joining">
        <header class="topbar">
          <span class="topbar__title">{t.app.name}</span>
          <ConnectionBadge connection={connection} />
          <LanguageSwitch />
        </header>
        <p class="joining__text">{s.kind === 'refused' ? refusalText(t, s.code) : t.app.waitingForConference}</p>
      </div>
    );
  }

  const pointId = welcome.principal.pointId ?? '';
  const pointName = state.points[pointId]?.name ?? pointId;
  if (waitingForPreflight || !kind) {
    return (
      <MediaContext.Provider value={media}>
        <PreFlight pointName={pointName} onJoin={setPreflight} ready program={<ProgramStage state={state} viewerPointId={pointId} pageSize={THUMBNAIL_PAGE} compact testId="preflight-program" />} />
      </MediaContext.Provider>
    );
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
              <LazyChairConsole />
            ) : kind === 'clerk' ? (
              <LazyClerkConsole />
            ) : kind === 'organiser' ? (
              <LazyOrganiserConsole {...(conferenceId ? { backToList: `${location.pathname}#t=${token}` } : {})} />
            ) : (
              <PointConsole pointId={pointId} />
            )}
          </Shell>
        )}
      </MediaContext.Provider>
    </SessionContext.Provider>
  );
}

/**
 * Media for the console once it is ready for it: the SFU through client/media, signalling over
 * the console's one socket. Null options (still in the pre-flight) mean no media yet.
 */
function useLiveMedia(connection: MeetingConnection, opts: { kind: ConsoleKind; local: MediaStream | null; inPreflight: boolean; standby: boolean; pageSize: number; ownView?: boolean } | null): MediaView {
  const [media, setMedia] = useState<LiveMedia | null>(null);
  const wanted = opts !== null;
  useEffect(() => {
    // The socket exists by now: the connection starts in a layout effect, which runs first.
    const socket = connection.socket;
    if (!wanted || !opts || !socket) return;
    let live: LiveMedia | null = null;
    let cancelled = false;
    // A point's pre-flight takes the media its page's first script started (earlyJoin.ts).
    const begin = () =>
      takeEarlyMedia(socket, { hold: opts.inPreflight, pageSize: opts.pageSize }) ??
      loadMedia().then((m) => m.startMedia(socket, { local: opts.inPreflight ? null : opts.local, pageSize: opts.pageSize, hold: opts.inPreflight }));
    const start = () =>
      begin().then(
        (started) => {
          if (cancelled) return started.close();
          live = started;
          setMedia(live);
        },
        // The chunk could not be fetched (the link dropped): try again shortly.
        () => void (cancelled || setTimeout(() => void start(), 2000)),
      );
    void start();
    return () => {
      cancelled = true;
      live?.close();
      setMedia(null);
    };
    // A welcome that contradicts the link's hint (another console, a standby device) starts it afresh.
  }, [wanted, opts?.kind, opts?.standby]);
  // The point leaves the pre-flight: let the conference flow and send its camera and microphone.
  useEffect(() => {
    if (media && opts && !opts.inPreflight) media.join(opts.local);
  }, [media, opts?.inPreflight, opts?.local]);
  // The chair's wall shows every point: widen the page when points are added.
  useEffect(() => {
    if (media && opts && !opts.ownView) void media.client.setView({ page: 0, pageSize: opts.pageSize }).catch(() => {});
  }, [media, opts?.pageSize]);
  return media ?? NO_MEDIA;
}
