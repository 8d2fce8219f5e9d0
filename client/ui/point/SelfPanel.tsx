import { microphoneBlock, microphoneGivenTo, pointAudio } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { healthOf, linkNumbers, linkVerdict } from '../common/linkHealth.js';
import { asPointHealth } from '../common/ownLinkHealth.js';
import { VideoTile } from '../common/VideoTile.js';
import { useMedia } from '../media.js';
import { useSession } from '../session.js';

// The point's own side: self-view, its microphone (and whether the chair holds it), its link.

export function SelfPanel({ state, pointId }: { state: MeetingState; pointId: string }) {
  const t = useT();
  const { send } = useSession();
  const media = useMedia();
  const audio = pointAudio(state, pointId);
  const held = audio.heldBy !== undefined;
  // Under the chairGrants discipline (R-MEDIA-8) the core refuses an unmute without the floor:
  // say so beside the button rather than let a click fail.
  const needsFloor = audio.muted && microphoneBlock(state, pointId) === 'notGranted';
  const given = microphoneGivenTo(state) === pointId;
  // The SFU's view when we have it (chair-side numbers), else what this browser measures itself.
  const own = media.ownLink();
  const h = healthOf(media.health(), pointId) ?? (own ? asPointHealth(pointId, own) : undefined);
  const verdict = linkVerdict(h);
  const nums = linkNumbers(h);
  return (
    <section class="panel self" aria-label={t.point.myPoint} data-testid="self-panel">
      <VideoTile stream={media.localStream()} label={t.program.selfView} self />
      <div class="self__mic" data-testid="mic-state" data-muted={String(audio.muted)} data-held={String(held)}>
        <span class={`mic mic--${held ? 'held' : audio.muted ? 'muted' : 'open'}`} role="status">
          {held ? t.point.heldByChair : audio.muted ? t.point.micMuted : t.point.micOpen}
        </span>
        <button
          type="button"
          class="btn"
          disabled={held || needsFloor}
          aria-pressed={!audio.muted}
          aria-describedby={needsFloor ? 'mic-needs-floor' : undefined}
          onClick={() => void send({ type: 'setSelfMute', pointId, muted: !audio.muted })}
        >
          {audio.muted ? t.point.unmute : t.point.mute}
        </button>
        {needsFloor && (
          <p class="hint self__mic-why" id="mic-needs-floor" data-testid="mic-needs-floor">
            {t.point.micNeedsFloor}
          </p>
        )}
        {given && <p class="hint self__mic-why">{t.point.micGiven}</p>}
      </div>
      <div class="self__link" data-testid="own-link" data-verdict={verdict}>
        <span class={`link link--${verdict}`} aria-hidden="true" />
        <span>
          {t.point.linkHealth}: {t.wall.health[verdict]}
        </span>
        <span class="hint">{verdict === 'none' ? t.wall.noMediaHint(h?.transportConnected ?? false) : t.wall.healthNumbers(nums.rtt, nums.loss, nums.bitrate)}</span>
      </div>
    </section>
  );
}
