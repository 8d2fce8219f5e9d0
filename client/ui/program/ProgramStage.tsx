import { useEffect, useRef } from 'preact/hooks';
import { floorHolderPointIds } from '../../../shared/meeting/selectors.js';
import type { Tile } from '../../../shared/media/layout-plan.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useMedia } from '../media.js';
import { VideoTile } from '../common/VideoTile.js';
import { programPlan } from '../../../shared/media/program-view.js';

// The program: the layout plan drawn. Large tiles share the stage, thumbnails line the strip.
// Every tile says which point it is and its size in data attributes, so the browser test checks
// what is on screen ("the floor holder is large here") and not only what went over the network.

export interface ProgramStageProps {
  state: MeetingState;
  viewerPointId: string | null;
  pageSize?: number;
  /** play the points' sound (off for the chair's small preview: the wall plays it) */
  playAudio?: boolean;
  testId?: string;
  compact?: boolean;
}

export function ProgramStage({ state, viewerPointId, pageSize = 8, playAudio = false, testId = 'program', compact = false }: ProgramStageProps) {
  const t = useT();
  const media = useMedia();
  const plan = programPlan(state, media.videos(), { viewerPointId, pageSize });
  const holders = new Set(floorHolderPointIds(state));
  const large = plan.tiles.filter((x) => x.size === 'large' || x.size === 'grid');
  const thumbs = plan.tiles.filter((x) => x.size === 'thumbnail');
  const tile = (x: Tile) => {
    const point = state.points[x.pointId];
    const name = point?.name ?? x.pointId;
    const talking = state.media.activeSpeakerPointId === x.pointId;
    const sizeText = x.size === 'thumbnail' ? t.program.thumbnail : t.program.large;
    return (
      <li key={x.key} class={`stage__tile stage__tile--${x.size}`} data-point-id={x.pointId} data-source={x.source} data-size={x.size}>
        <VideoTile stream={media.stream(x.pointId, x.source)} label={name} className={talking ? 'video--talking' : ''}>
          <span class="tile__name">
            {name}
            <span class="sr-only"> ({sizeText})</span>
          </span>
          {holders.has(x.pointId) && <span class="tile__flag tile__flag--floor">{t.program.speaking}</span>}
        </VideoTile>
      </li>
    );
  };
  return (
    <section class={`stage stage--${plan.tiles.some((x) => x.size === 'grid') ? 'grid' : 'program'} ${compact ? 'stage--compact' : ''}`} data-testid={testId} data-layout={state.media.layout} aria-label={t.program.title}>
      <ul class={`stage__large stage__large--n${Math.min(large.length, 4)}`}>{large.map(tile)}</ul>
      {thumbs.length > 0 && <ul class="stage__strip">{thumbs.map(tile)}</ul>}
      {large.length === 0 && thumbs.length === 0 && <p class="stage__empty">{t.program.noVideo}</p>}
      {playAudio && <AudioSinks state={state} viewerPointId={viewerPointId} />}
    </section>
  );
}

/** One hidden <audio> per other point: the SFU forwards only the microphones the floor opens. */
function AudioSinks({ state, viewerPointId }: { state: MeetingState; viewerPointId: string | null }) {
  const media = useMedia();
  return (
    <div hidden>
      {state.pointOrder
        .filter((id) => id !== viewerPointId)
        .map((id) => (
          <AudioSink key={id} stream={media.audio(id)} />
        ))}
    </div>
  );
}

function AudioSink({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) void el.play().catch(() => {});
  }, [stream]);
  return <audio ref={ref} autoplay />;
}
