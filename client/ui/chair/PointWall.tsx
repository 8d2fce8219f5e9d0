import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { VideoTile } from '../common/VideoTile.js';
import { useMedia } from '../media.js';
import { TakeStillButton } from '../stills/TakeStill.js';
import { useConnectionState, useSession } from '../session.js';
import { wallTiles, type WallTile } from './wallTiles.js';

// The wall of all points: video, name, online/lost, link health (colour; numbers on hover),
// attendance, readiness, muted/held, talking. Clicking the picture spotlights the point; the
// microphone button holds or releases its microphone.

export function PointWall({ state, now }: { state: MeetingState; now: number }) {
  const t = useT();
  const { send, connection } = useSession();
  useConnectionState(connection);
  const media = useMedia();
  const tiles = wallTiles(state, media.health(), now);
  return (
    <section class="panel wall" aria-labelledby="wall-title" data-testid="point-wall">
      <div class="panel__head">
        <h2 id="wall-title" class="panel__title">
          {t.wall.title}
        </h2>
        <button type="button" class="btn btn--small" onClick={() => void send({ type: 'muteAllButSpeaker' })}>
          {t.wall.muteAllButSpeaker}
        </button>
      </div>
      <ul class="wall__grid">
        {tiles.map((tile) => (
          <WallTileView key={tile.pointId} tile={tile} standby={connection.devices.get(tile.pointId)?.standby ?? 0} />
        ))}
      </ul>
    </section>
  );
}

function WallTileView({ tile, standby }: { tile: WallTile; standby: number }) {
  const t = useT();
  const { send } = useSession();
  const media = useMedia();
  const presenceText = { online: t.wall.online, noMedia: t.wall.noMedia, lost: t.wall.lost, offline: t.wall.offline, neverJoined: t.wall.neverJoined }[tile.presence];
  // A point that is not in the conference has no microphone open (issue 12: the central point's said "open").
  const micText = tile.held ? t.wall.held : !tile.hasMicrophone ? t.wall.noMicrophone : tile.muted ? t.wall.muted : t.wall.open;
  const healthText =
    tile.link === 'none'
      ? `${t.wall.health.none} — ${t.wall.noMediaHint(tile.transportConnected)}`
      : `${t.wall.health[tile.link]} — ${t.wall.healthNumbers(tile.numbers.rtt, tile.numbers.loss, tile.numbers.bitrate)}`;
  return (
    <li
      class={`wall__tile presence--${tile.presence} ${tile.talking ? 'is-talking' : ''} ${tile.hasFloor ? 'has-floor' : ''} ${tile.spotlighted ? 'is-spotlit' : ''}`}
      data-point-id={tile.pointId}
      data-presence={tile.presence}
    >
      <button
        type="button"
        class="wall__picture"
        aria-pressed={tile.spotlighted}
        aria-label={`${tile.name}: ${tile.spotlighted ? t.wall.unspotlight : t.wall.spotlight}`}
        onClick={() => void send({ type: 'spotlightPoint', pointId: tile.spotlighted ? null : tile.pointId })}
      >
        <VideoTile stream={media.stream(tile.pointId, 'camera')} label={tile.name} />
      </button>
      <div class="wall__info">
        <span class="wall__name" title={tile.name}>
          {tile.name}
        </span>
        {/* a coloured dot: an image with a name for screen readers (axe: a bare span may not carry aria-label) */}
        <span class={`link link--${tile.link}`} role="img" title={healthText} aria-label={healthText} tabIndex={0} />
        {/* "Chụp ảnh": an icon beside the name, so the tile keeps its height (ten points at 1366×768). */}
        <TakeStillButton request={{ source: 'point', pointId: tile.pointId }} label={t.stills.takePoint(tile.name)} compact />
      </div>
      <div class="wall__badges">
        <span class={`badge presence-badge presence-badge--${tile.presence}`} title={tile.presence === 'noMedia' ? healthText : undefined}>
          {presenceText}
        </span>
        <span class="badge" data-testid="wall-attendance">
          {t.wall.attendance(tile.attending, tile.invited)}
        </span>
        <span class={`badge ${tile.headcount === null ? 'badge--muted' : 'badge--ok'}`} data-testid="wall-readiness">
          {tile.headcount === null ? t.wall.notReady : t.wall.ready(tile.headcount)}
        </span>
        {tile.talking && <span class="badge badge--talking">{t.wall.talking}</span>}
        {tile.spotlighted && <span class="badge badge--accent">{t.wall.spotlighted}</span>}
        {standby > 0 && <span class="badge badge--warn">{t.wall.devices(standby)}</span>}
      </div>
      <div class="wall__mics">
        <button
          type="button"
          class={`btn btn--small mic ${tile.held ? 'mic--held' : !tile.hasMicrophone || tile.muted ? 'mic--muted' : 'mic--open'}`}
          aria-label={`${tile.name}: ${micText}. ${tile.held ? t.wall.release : t.wall.hold}`}
          title={tile.held ? t.wall.release : t.wall.hold}
          onClick={() => void send(tile.held ? { type: 'releaseMicrophone', pointId: tile.pointId } : { type: 'holdMicrophone', pointId: tile.pointId })}
        >
          {micText}
        </button>
        {/* No "give the microphone" to a room that is not there: nothing to open, and the tile
            keeps its buttons on one row so all ten points fit at 1366×768. */}
        {!tile.central && !tile.hasFloor && !tile.held && tile.hasMicrophone && (
          <button
            type="button"
            class="btn btn--small"
            data-testid="wall-give-mic"
            title={tile.micGiven ? undefined : t.wall.giveMicrophoneHint}
            aria-label={`${tile.name}: ${tile.micGiven ? t.wall.closeMicrophone : t.wall.giveMicrophone}`}
            onClick={() => void send({ type: tile.micGiven ? 'closeMicrophone' : 'giveMicrophone', pointId: tile.pointId })}
          >
            {tile.micGiven ? t.wall.closeMicrophone : t.wall.giveMicrophone}
          </button>
        )}
      </div>
    </li>
  );
}
