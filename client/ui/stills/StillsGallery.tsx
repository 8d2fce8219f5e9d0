import { useEffect, useState } from 'preact/hooks';
import { stillCaption, stillFigureCaption, stillsInOrder } from '../../../shared/meeting/selectors-stills.js';
import type { MeetingState, Still } from '../../../shared/meeting/state.js';
import { StillCaptionSchema } from '../../../shared/protocol/stills.js';
import { formatTimeSeconds } from '../../../shared/reports/time.js';
import { useT } from '../../i18n/index.js';
import { useStillsDesk, useStillImage, type StillsDesk } from './desk.js';

// The stills gallery (ảnh hội nghị) of the chair's and the clerk's consoles: every still, newest
// first, with its time, point, speaker and agenda step; "Đưa vào biên bản" puts it in the minutes
// (or takes it out) and the caption the minutes print under it can be written over. The default
// caption is the core's, in the words of the province's press report. Everything shown is the
// meeting's state (stillTaken / stillSelected from the log); the pictures are fetched with the
// join token into object URLs.

export function StillsGallery({ state }: { state: MeetingState }) {
  const t = useT();
  const desk = useStillsDesk();
  const stills = stillsInOrder(state).reverse();
  const chosen = stills.filter((s) => s.inMinutes).length;
  useEffect(() => () => desk.dispose(), [desk]);
  const message = desk.message;
  return (
    <section class="panel stills" aria-labelledby="stills-title" data-testid="stills-gallery">
      <div class="panel__head">
        <h2 id="stills-title" class="panel__title">
          {t.stills.title}
        </h2>
        <span class="hint" data-testid="stills-count">
          {t.stills.count(stills.length, chosen)}
        </span>
      </div>
      {message && (
        <p class={message.tone === 'error' ? 'field-error' : 'hint'} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="stills-message">
          {message.text}
        </p>
      )}
      {stills.length === 0 ? (
        <p class="hint">{t.stills.none}</p>
      ) : (
        <ul class="stills__list" tabIndex={0} aria-labelledby="stills-title">
          {stills.map((s) => (
            <StillCard key={s.id} desk={desk} state={state} still={s} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StillCard({ desk, state, still }: { desk: StillsDesk; state: MeetingState; still: Still }) {
  const t = useT();
  const image = useStillImage(desk, still.id);
  const pointName = still.source === 'program' ? `${t.stills.program} · ${state.points[still.pointId]?.name ?? still.pointId}` : (state.points[still.pointId]?.name ?? still.pointId);
  const time = formatTimeSeconds(still.at);
  const step = still.stepId ? state.agenda.steps[still.stepId]?.title : undefined;
  // The default caption: the core's, as if none had been chosen.
  const defaultCaption = stillCaption(state, { ...still, caption: null });
  const [draft, setDraft] = useState(still.caption ?? '');
  useEffect(() => setDraft(still.caption ?? ''), [still.caption]);
  const parsed = StillCaptionSchema.safeParse(draft);
  const changed = parsed.success && parsed.data !== still.caption;
  const captionId = `still-caption-${still.id}`;
  return (
    <li class={`still ${still.inMinutes ? 'still--chosen' : ''}`} data-still-id={still.id} data-testid="still">
      <div class="still__picture">
        {image === null ? (
          <span class="hint">{t.stills.loading}</span>
        ) : image === 'failed' ? (
          <span class="hint">{t.stills.loadFailed}</span>
        ) : (
          <img src={image} alt={t.stills.picture(pointName, time)} width={still.width} height={still.height} />
        )}
      </div>
      <div class="still__facts">
        <span class="still__time">{time}</span> <span class="still__point">{pointName}</span>
        {still.speakerName && <span class="still__line">{t.stills.speaker(still.speakerName)}</span>}
        {step && <span class="still__line">{t.stills.step(step)}</span>}
        {still.trigger === 'speechStart' && <span class="still__line hint">{t.stills.bySpeechStart}</span>}
      </div>
      <label class="still__choose">
        <input type="checkbox" checked={still.inMinutes} data-testid="still-in-minutes" onChange={(e) => void desk.select(t, still.id, e.currentTarget.checked)} />
        {t.stills.useInMinutes}
      </label>
      <form
        class="still__caption"
        onSubmit={(e) => {
          e.preventDefault();
          if (changed) void desk.select(t, still.id, still.inMinutes, parsed.data);
        }}
      >
        <label for={captionId}>{t.stills.caption}</label>
        <input id={captionId} type="text" maxLength={StillCaptionSchema.maxLength ?? undefined} value={draft} placeholder={defaultCaption} data-testid="still-caption" onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="btn btn--small" disabled={!changed} data-testid="still-caption-save">
          {t.stills.saveCaption}
        </button>
      </form>
      <p class="still__figure" data-testid="still-figure-caption">
        {stillFigureCaption(state, still)}
      </p>
    </li>
  );
}
