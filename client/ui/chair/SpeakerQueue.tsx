import { useState } from 'preact/hooks';
import { TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { queueInOrder } from '../../../shared/meeting/selectors.js';
import type { FloorRequest, MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';
import { movesForDrag } from './queueMoves.js';

// The speaker queue: requests in speaking order with point, delegate, kind, topic and how long
// they have waited; grant, decline (with a reason), defer, move, drag to reorder, lower all.

export function SpeakerQueue({ state, now }: { state: MeetingState; now: number }) {
  const t = useT();
  const { send } = useSession();
  const queue = queueInOrder(state);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [confirmLower, setConfirmLower] = useState(false);

  const drop = async (to: number) => {
    const from = dragFrom;
    setDragFrom(null);
    const req = from === null ? undefined : queue[from];
    if (from === null || !req) return;
    // One protocol move at a time, stopping at the first refusal (it is shown as a notice).
    for (const move of movesForDrag(from, to)) {
      const ack = await send({ type: 'moveRequest', requestId: req.id, to: move });
      if (!ack.ok) break;
    }
  };

  return (
    <section class="panel queue" aria-labelledby="queue-title" data-testid="speaker-queue">
      <div class="panel__head">
        <h2 id="queue-title" class="panel__title">
          {t.queue.title} <span class="count">({queue.length})</span>
        </h2>
        <span class={`badge ${state.queue.open ? 'badge--ok' : 'badge--muted'}`}>{state.queue.open ? t.queue.open : t.queue.closed}</span>
        <button type="button" class="btn btn--small" onClick={() => void send({ type: state.queue.open ? 'closeQueue' : 'openQueue' })}>
          {state.queue.open ? t.queue.closeQueue : t.queue.openQueue}
        </button>
      </div>
      <div class="queue__bar">
        <button
          type="button"
          class="btn btn--primary"
          disabled={queue.length === 0}
          aria-keyshortcuts="G"
          data-testid="grant-next"
          onClick={() => queue[0] && void send({ type: 'grantFloor', requestId: queue[0].id })}
        >
          {t.queue.grantNext} <kbd>G</kbd>
        </button>
        {confirmLower ? (
          <span class="confirm">
            {t.queue.lowerAllConfirm}
            <button type="button" class="btn btn--small btn--danger" onClick={() => (setConfirmLower(false), void send({ type: 'lowerAll' }))}>
              {t.queue.confirm}
            </button>
            <button type="button" class="btn btn--small" onClick={() => setConfirmLower(false)}>
              {t.queue.cancel}
            </button>
          </span>
        ) : (
          <button type="button" class="btn btn--small" disabled={queue.length === 0} onClick={() => setConfirmLower(true)}>
            {t.queue.lowerAll}
          </button>
        )}
      </div>
      {queue.length === 0 ? (
        <p class="empty">{t.queue.empty}</p>
      ) : (
        <ol class="queue__list" aria-describedby="queue-drag-hint">
          {queue.map((r, i) => (
            <QueueRow
              key={r.id}
              request={r}
              index={i}
              last={i === queue.length - 1}
              state={state}
              now={now}
              dragging={dragFrom === i}
              onDragStart={() => setDragFrom(i)}
              onDrop={() => void drop(i)}
            />
          ))}
        </ol>
      )}
      <p id="queue-drag-hint" class="hint">
        {t.queue.dragHint}
      </p>
    </section>
  );
}

interface RowProps {
  request: FloorRequest;
  index: number;
  last: boolean;
  state: MeetingState;
  now: number;
  dragging: boolean;
  onDragStart: () => void;
  onDrop: () => void;
}

function QueueRow({ request: r, index, last, state, now, dragging, onDragStart, onDrop }: RowProps) {
  const t = useT();
  const { send } = useSession();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const point = state.points[r.pointId]?.name ?? r.pointId;
  const delegate = r.delegateName ? `${r.delegateName}${r.delegatePosition ? `, ${r.delegatePosition}` : ''}` : t.queue.theWholePoint;
  return (
    <li
      class={`queue__row kind--${r.kind} ${dragging ? 'is-dragging' : ''}`}
      draggable
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', r.id);
        onDragStart();
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        onDrop();
      }}
      data-request-id={r.id}
      data-point-id={r.pointId}
    >
      <span class="queue__pos" aria-label={t.queue.position}>
        {index + 1}
      </span>
      <div class="queue__who">
        <strong>{point}</strong>
        <span class="queue__delegate">{delegate}</span>
      </div>
      <div class="queue__what">
        <span class={`badge kind-badge kind-badge--${r.kind}`}>{t.requestKinds[r.kind]}</span>
        <span class="queue__topic">{r.topic}</span>
        {r.deferrals > 0 && <span class="badge badge--muted">{t.queue.deferred(r.deferrals)}</span>}
      </div>
      <span class="queue__waited" title={t.queue.waited}>
        {t.time.waited(t.time.clock(now - r.requestedAt))}
      </span>
      <div class="queue__actions">
        <button type="button" class="btn btn--small btn--primary" onClick={() => void send({ type: 'grantFloor', requestId: r.id })}>
          {t.queue.grant}
        </button>
        <button type="button" class="btn btn--small" disabled={index === 0} onClick={() => void send({ type: 'moveRequest', requestId: r.id, to: 'top' })}>
          <span aria-hidden="true">⤒</span>
          <span class="sr-only">{t.queue.moveTop}</span>
        </button>
        <button type="button" class="btn btn--small" disabled={index === 0} title={t.queue.moveUp} onClick={() => void send({ type: 'moveRequest', requestId: r.id, to: 'up' })}>
          <span aria-hidden="true">↑</span>
          <span class="sr-only">{t.queue.moveUp}</span>
        </button>
        <button type="button" class="btn btn--small" disabled={last} title={t.queue.moveDown} onClick={() => void send({ type: 'moveRequest', requestId: r.id, to: 'down' })}>
          <span aria-hidden="true">↓</span>
          <span class="sr-only">{t.queue.moveDown}</span>
        </button>
        <button type="button" class="btn btn--small" onClick={() => void send({ type: 'deferRequest', requestId: r.id })}>
          {t.queue.defer}
        </button>
        <button type="button" class="btn btn--small btn--danger" aria-expanded={declining} onClick={() => setDeclining(!declining)}>
          {t.queue.decline}
        </button>
      </div>
      {declining && (
        <form
          class="queue__decline"
          onSubmit={(e) => {
            e.preventDefault();
            setDeclining(false);
            void send({ type: 'declineRequest', requestId: r.id, reason: reason.trim() || t.queue.declineDefault });
          }}
        >
          <label>
            {t.queue.declineReason}
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder={t.queue.declineDefault} maxLength={TEXT_LIMITS.reason} />
          </label>
          <button type="submit" class="btn btn--small btn--danger">
            {t.queue.confirm}
          </button>
          <button type="button" class="btn btn--small" onClick={() => setDeclining(false)}>
            {t.queue.cancel}
          </button>
        </form>
      )}
    </li>
  );
}
