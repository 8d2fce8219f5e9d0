import type { ComponentChildren } from 'preact';
import { useT } from '../../i18n/index.js';
import { mediaBadgeState, useMedia } from '../media.js';
import { ExportMenu } from '../reports/ExportMenu.js';
import { useNotices, type NoticeBoard } from '../notices.js';
import { useConnectionState, useMeeting, useSession } from '../session.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { LiveStreamAlert, LiveStreamBadge, LiveStreamControl, RecordingAlert, RecordingBadge, RecordingControl } from './Recording.js';
import { ProgramRecordingsMenu } from './ProgramRecordings.js';
import { LivePushStatus } from './LivePush.js';
import { RecordingSize } from './RecordingSize.js';

// The frame of every console: who and where I am, the conference and its status, the link to the
// server (always visible), whether the conference is being recorded, the language, and the
// notices of refused commands.

export function Shell({ notices, children, role }: { notices: NoticeBoard; children: ComponentChildren; role: string }) {
  const t = useT();
  const { connection, principal, token } = useSession();
  const state = useMeeting();
  useConnectionState(connection);
  const conf = state.conference;
  const pointName = principal.pointId ? state.points[principal.pointId]?.name : undefined;
  return (
    <div class={`shell shell--${role}`}>
      <header class="topbar">
        <div class="topbar__who">
          <span class="topbar__role" data-testid="role">
            {t.roles[principal.role]}
            {pointName ? ` · ${pointName}` : ''}
          </span>
          {conf && (
            <span class="topbar__title" title={conf.title}>
              {conf.title}
            </span>
          )}
        </div>
        {conf && (
          <span class={`badge badge--status badge--${conf.status}`} data-testid="conference-status">
            {t.status[conf.status]}
          </span>
        )}
        <RecordingBadge />
        <LiveStreamBadge />
        <RecordingControl />
        <LiveStreamControl />
        <LivePushStatus />
        <RecordingSize />
        <ProgramRecordingsMenu />
        {(principal.role === 'chair' || principal.role === 'clerk') && <ExportMenu conferenceId={connection.welcome?.conferenceId ?? ''} token={token} />}
        <ConnectionBadge connection={connection} />
        {principal.role !== 'admin' && <MediaBadge />}
        <LanguageSwitch />
      </header>
      {connection.welcome?.standby && (
        <p class="banner banner--warn" role="status">
          {t.app.standby}
        </p>
      )}
      <RecordingAlert />
      <LiveStreamAlert />
      <NoticeList board={notices} />
      <main class="shell__main" id="main">
        {children}
      </main>
    </div>
  );
}

function NoticeList({ board }: { board: NoticeBoard }) {
  const t = useT();
  const list = useNotices(board);
  return (
    <div class="notices" role="alert" aria-live="assertive" data-testid="notices">
      {list.map((n) => (
        <div key={n.id} class={`notice notice--${n.tone}`}>
          <span>{n.text}</span>
          <button type="button" class="btn btn--small btn--ghost" onClick={() => board.dismiss(n.id)} aria-label={t.app.dismiss}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/**
 * The SFU link, beside the server link: a room must know when it is not seen or heard. Not on the
 * organiser's console: it sends nothing, so "no media from this console" would only alarm.
 */
function MediaBadge() {
  const t = useT();
  const media = useMedia();
  const status = media.status();
  if (status === 'off') return null;
  const shown = mediaBadgeState(status, media.ownLink());
  const tone = shown === 'connected' ? 'ok' : shown === 'closed' || shown === 'unreachable' || shown === 'noMedia' ? 'bad' : 'warn';
  const hint = shown === 'unreachable' || shown === 'noMedia' ? t.mediaHint[shown] : undefined;
  return (
    <span class={`conn conn--${tone}`} role="status" data-testid="media-status" data-status={shown} title={hint}>
      <span class="conn__dot" aria-hidden="true" />
      {t.media[shown]}
      {hint && <span class="sr-only">. {hint}</span>}
    </span>
  );
}
