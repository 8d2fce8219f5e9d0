import { useState } from 'preact/hooks';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { REQUEST_KINDS, type RequestKind } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';
import { myFloor, pointSpeakers } from './floor.js';

// Requesting the floor from a point: topic, kind, who speaks (from the point's attendee list);
// then the place in the queue and "withdraw"; a declined request says why.

export function FloorBox({ state, pointId }: { state: MeetingState; pointId: string }) {
  const t = useT();
  const { send } = useSession();
  const mine = myFloor(state, pointId);
  const speakers = pointSpeakers(state, pointId);
  const [topic, setTopic] = useState('');
  const [kind, setKind] = useState<RequestKind>('contribution');
  const [speaker, setSpeaker] = useState(-1);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!topic.trim() || busy) return;
    const who = speakers[speaker];
    setBusy(true);
    const ack = await send({
      type: 'requestFloor',
      pointId,
      topic: topic.trim(),
      kind,
      ...(who ? { delegateName: who.name, ...(who.position ? { delegatePosition: who.position } : {}) } : {}),
    });
    setBusy(false);
    if (ack.ok) setTopic('');
  };

  // While the point holds the floor, the banner above says everything; the form would only distract.
  if (mine.speech) return null;
  return (
    <section class="panel floor-box" aria-labelledby="floor-title" data-testid="floor-box">
      <h2 id="floor-title" class="panel__title">
        {t.point.requestTitle}
      </h2>
      {mine.waiting.map(({ request, position }) => (
        <div key={request.id} class="floor-box__waiting" data-testid="queue-position" role="status">
          <strong>{position === 1 ? t.point.nextUp : t.point.queuePosition(position, mine.queueLength)}</strong>
          <span>
            {t.requestKinds[request.kind]} — {request.topic}
          </span>
          <button type="button" class="btn btn--small" onClick={() => void send({ type: 'withdrawRequest', requestId: request.id })}>
            {t.point.withdraw}
          </button>
        </div>
      ))}
      {mine.declined && (
        <p class="banner banner--warn" role="status" data-testid="declined">
          {t.point.declined(mine.declined.declineReason ?? '')}
        </p>
      )}
      {!state.queue.open && <p class="hint">{t.point.queueClosed}</p>}
      {mine.waiting.length === 0 && (
        <form class="form" onSubmit={(e) => void submit(e)}>
          <label>
            {t.point.topic}
            <input
              name="topic"
              value={topic}
              required
              maxLength={TEXT_LIMITS.title}
              placeholder={t.point.topicPlaceholder}
              onInput={(e) => setTopic(e.currentTarget.value)}
            />
          </label>
          <div class="form__row">
            <label>
              {t.point.kind}
              <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as RequestKind)}>
                {REQUEST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.requestKinds[k]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t.point.delegate}
              <select name="delegate" value={String(speaker)} onChange={(e) => setSpeaker(Number(e.currentTarget.value))}>
                <option value="-1">{t.queue.theWholePoint}</option>
                {speakers.map((s, i) => (
                  <option key={i} value={String(i)}>
                    {s.name}
                    {s.position ? ` — ${s.position}` : ''}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <button type="submit" class="btn btn--primary" disabled={busy || !topic.trim()} data-testid="request-floor">
            {t.point.request}
          </button>
        </form>
      )}
    </section>
  );
}
