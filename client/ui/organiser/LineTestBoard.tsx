import { useState } from 'preact/hooks';
import { lineTestBoard, type LineTestRow } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { useT } from '../../i18n/index.js';
import { healthOf, linkNumbers, linkVerdict } from '../common/linkHealth.js';
import { VideoTile } from '../common/VideoTile.js';
import { useMedia } from '../media.js';
import { FieldError, useCommand } from './useCommand.js';
import { TableHead } from '../common/TableHead.js';

// The line test (kiểm tra đường truyền) before the conference: every point live — link opened,
// pre-flight result, online, measured link health, readiness and headcount. Points that need
// attention stand out (and can be shown alone); "call" puts a notice on that point's console;
// "check" shows and plays one point here, privately, not in the program.

export function LineTestBoard({ state, checking, setChecking }: { state: MeetingState; checking: string | null; setChecking: (pointId: string | null) => void }) {
  const t = useT();
  const b = t.organiser.lineTest;
  const media = useMedia();
  const health = media.health();
  const rows = lineTestBoard(state);
  const [onlyAttention, setOnlyAttention] = useState(false);
  const shown = onlyAttention ? rows.filter((r) => r.attention) : rows;
  const count = (f: (r: LineTestRow) => boolean) => rows.filter(f).length;
  const checked = checking ? state.points[checking] : undefined;
  return (
    <div class="linetest" data-testid="line-test">
      <section class="panel org-section" aria-labelledby="linetest-title">
        <div class="panel__head">
          <h2 id="linetest-title" class="panel__title">
            {b.title}
          </h2>
          <span class="badge" data-testid="linetest-summary">
            {b.summary(count((r) => r.online), count((r) => r.ready), rows.length)}
          </span>
          <span class={`badge ${count((r) => r.attention) ? 'badge--warn' : 'badge--ok'}`} data-testid="linetest-attention">
            {b.attention(count((r) => r.attention))}
          </span>
          <label class="check">
            <input type="checkbox" checked={onlyAttention} onChange={(e) => setOnlyAttention(e.currentTarget.checked)} /> {b.onlyAttention}
          </label>
        </div>
        <div class="table-wrap">
          <table class="table table--compact org-table linetest__table" data-testid="linetest-table">
            <TableHead columns={[t.organiser.points.name, b.link, b.preflight, b.online, b.health, b.ready]} />
            <tbody>
              {shown.map((r) => (
                <BoardRow key={r.pointId} row={r} health={healthOf(health, r.pointId)} checking={checking === r.pointId} setChecking={setChecking} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <aside class="panel linetest__check" aria-labelledby="check-title" data-testid="private-check">
        <h2 id="check-title" class="panel__title">
          {b.checkTitle}
        </h2>
        {checked ? (
          <>
            <VideoTile stream={media.stream(checked.id, 'camera')} label={checked.name} />
            <PrivateAudio stream={media.audio(checked.id)} />
            <p class="hint">{b.checkHint(checked.name)}</p>
            <button type="button" class="btn btn--small" onClick={() => setChecking(null)}>
              {b.checkStop}
            </button>
          </>
        ) : (
          <p class="empty">{b.checkNone}</p>
        )}
      </aside>
    </div>
  );
}

function PrivateAudio({ stream }: { stream: MediaStream | null }) {
  return (
    <audio
      autoPlay
      ref={(el) => {
        if (el && el.srcObject !== stream) el.srcObject = stream;
      }}
    />
  );
}

function BoardRow({ row, health, checking, setChecking }: { row: LineTestRow; health: ReturnType<typeof healthOf>; checking: boolean; setChecking: (id: string | null) => void }) {
  const t = useT();
  const b = t.organiser.lineTest;
  const call = useCommand();
  const verdict = row.signalLost ? 'poor' : linkVerdict(health);
  const numbers = linkNumbers(health);
  const time = (ms: number | null) => (ms ? new Date(ms).toLocaleTimeString(t.locale, { hour: '2-digit', minute: '2-digit' }) : '');
  const pf = row.preflight;
  return (
    <tr class={row.attention ? 'is-attention' : ''} data-point-id={row.pointId} data-online={String(row.online)} data-attention={String(row.attention)}>
      <th scope="row">{row.name}</th>
      <td data-testid="lt-link">{row.linkOpened ? <span class="badge badge--ok">{b.openedAt(time(row.linkOpenedAt))}</span> : <span class="badge badge--warn">{b.notOpened}</span>}</td>
      <td data-testid="lt-preflight">
        {pf === null ? (
          <span class="badge badge--muted">{b.notYet}</span>
        ) : (
          <span class={`badge ${row.preflightPassed ? 'badge--ok' : 'badge--warn'}`} title={b.preflightDetail(t.organiser.deviceChecks[pf.camera], t.organiser.deviceChecks[pf.microphone], pf.network ? `${pf.network.rttMs} ms` : b.unreachable)}>
            {row.preflightPassed ? b.passed : b.failed}
          </span>
        )}
      </td>
      <td data-testid="lt-online">{row.online ? <span class="badge presence-badge--online">{t.wall.online}</span> : <span class="badge badge--warn">{row.linkOpened ? t.wall.offline : t.wall.neverJoined}</span>}</td>
      <td data-testid="lt-health">
        <span class={`link link--${verdict}`} aria-hidden="true" /> {t.wall.health[verdict]}
        {health && <span class="hint"> · {t.wall.healthNumbers(numbers.rtt, numbers.loss, numbers.bitrate)}</span>}
      </td>
      <td data-testid="lt-ready">{row.ready ? <span class="badge badge--ok">{t.wall.ready(row.headcount ?? 0)}</span> : <span class="badge badge--muted">{t.wall.notReady}</span>}</td>
      <td class="row-actions">
        <button type="button" class="btn btn--small" disabled={call.busy} onClick={() => void call.run({ type: 'callPoint', pointId: row.pointId })} data-testid="lt-call">
          {row.pendingCall ? b.called : b.call}
        </button>
        <button type="button" class={`btn btn--small ${checking ? 'btn--on' : ''}`} aria-pressed={checking} onClick={() => setChecking(checking ? null : row.pointId)} data-testid="lt-check">
          {b.check}
        </button>
        <FieldError error={call.error} />
      </td>
    </tr>
  );
}
