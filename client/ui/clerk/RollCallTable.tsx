import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentMark } from '../../../shared/meeting/selectors.js';
import type { Attendee, MeetingState } from '../../../shared/meeting/state.js';
import { TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { ATTENDANCE_STATUSES } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { useSession } from '../session.js';
import { filterAttendees, markOf, moveCursor, needsDetails, NO_FILTER, organisationsAt, rollCallKey, substituteOf, type DetailMark, type DetailStatus, type MarkStatus, type RollCallFilter } from './rollCall.js';

// The roll-call table: filter by point, organisation, status and name; mark fast with the
// keyboard (↑ ↓ to choose, P / E / A / S to mark). Excused asks for a reason and substitute for
// the substitute's name, in a line under the row, with sensible defaults ready.

type Detail = { attendeeId: string; status: DetailStatus } | null;

/** The mark buttons carry the key that does the same, so the mouse teaches the keyboard. */
const MARK_BUTTONS = [
  ['present', 'P'],
  ['excused', 'E'],
  ['absent', 'A'],
  ['substitute', 'S'],
] as const;

export function RollCallTable({ state }: { state: MeetingState }) {
  const t = useT();
  const { send } = useSession();
  const [filter, setFilter] = useState<RollCallFilter>(NO_FILTER);
  const [cursor, setCursor] = useState(0);
  const [detail, setDetail] = useState<Detail>(null);
  const rows = filterAttendees(state, filter);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const at = Math.min(cursor, Math.max(0, rows.length - 1));

  // Keep the focused row in view and focused, so the keys act where the eye is.
  useEffect(() => {
    const row = tableRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${at}"]`);
    if (row && tableRef.current?.contains(document.activeElement)) row.focus();
  }, [at]);

  const mark = (a: Attendee, status: MarkStatus) => {
    if (needsDetails(status)) return setDetail({ attendeeId: a.id, status });
    void send({ type: 'markAttendance', attendeeId: a.id, mark: markOf(status) });
  };

  const onKey = (e: KeyboardEvent) => {
    if (detail) return;
    const target = e.target as HTMLElement;
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
    const k = rollCallKey(e.key, e.ctrlKey || e.altKey || e.metaKey);
    if (!k) return;
    e.preventDefault();
    if (k.kind === 'move') return setCursor(moveCursor(at, k.to, rows.length));
    const a = rows[at];
    if (a) mark(a, k.status);
  };

  const orgName = (id: string) => state.organisations[id]?.name ?? id;
  const pointName = (id: string) => state.points[id]?.name ?? id;
  const set = (patch: Partial<RollCallFilter>) => (setFilter({ ...filter, ...patch }), setCursor(0));

  return (
    <section class="panel rollcall" aria-labelledby="rollcall-title" data-testid="roll-call">
      <h2 id="rollcall-title" class="panel__title">
        {t.clerk.rollCallTitle}
      </h2>
      <div class="filters" role="group" aria-label={t.clerk.filters}>
        <select
          aria-label={t.clerk.point}
          value={filter.pointId}
          // An organisation chosen at another point would match nobody here: start that filter afresh.
          onChange={(e) => {
            const pointId = e.currentTarget.value;
            set({ pointId, organisationId: organisationsAt(state, pointId).includes(filter.organisationId) ? filter.organisationId : '' });
          }}
          data-testid="filter-point"
        >
          <option value="">{t.clerk.allPoints}</option>
          {state.pointOrder.map((id) => (
            <option key={id} value={id}>
              {pointName(id)}
            </option>
          ))}
        </select>
        <select aria-label={t.clerk.organisation} value={filter.organisationId} onChange={(e) => set({ organisationId: e.currentTarget.value })} data-testid="filter-organisation">
          <option value="">{t.clerk.allOrganisations}</option>
          {organisationsAt(state, filter.pointId).map((id) => (
            <option key={id} value={id}>
              {orgName(id)}
            </option>
          ))}
        </select>
        <select aria-label={t.clerk.status} value={filter.status} onChange={(e) => set({ status: e.currentTarget.value as RollCallFilter['status'] })}>
          <option value="">{t.clerk.allStatuses}</option>
          {ATTENDANCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.attendance[s]}
            </option>
          ))}
        </select>
        <input type="search" aria-label={t.clerk.search} placeholder={t.clerk.search} value={filter.search} onInput={(e) => set({ search: e.currentTarget.value })} />
      </div>
      <p class="hint">{t.shortcuts.rollCall}</p>
      {state.attendeeOrder.length === 0 ? (
        <p class="empty">{t.clerk.empty}</p>
      ) : rows.length === 0 ? (
        <p class="empty">{t.clerk.noMatch}</p>
      ) : (
        <div class="table-wrap">
          <table class="table rollcall__table" aria-describedby="rollcall-title">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t.clerk.name}</th>
                <th scope="col">{t.clerk.position}</th>
                <th scope="col">{t.clerk.organisation}</th>
                <th scope="col">{t.clerk.point}</th>
                <th scope="col">{t.clerk.status}</th>
              </tr>
            </thead>
            <tbody ref={tableRef} onKeyDown={onKey}>
              {rows.map((a, i) => {
                const status = currentMark(a);
                const sub = substituteOf(a);
                const open = detail?.attendeeId === a.id;
                return (
                  <Fragment key={a.id}>
                    <tr
                      data-index={i}
                      data-attendee-id={a.id}
                      data-status={status}
                      tabIndex={i === at ? 0 : -1}
                      aria-selected={i === at}
                      class={`status--${status} ${i === at ? 'is-cursor' : ''}`}
                      onClick={() => setCursor(i)}
                    >
                      <td>{i + 1}</td>
                      <td>
                        {a.name}
                        {a.walkIn && <span class="badge badge--muted">{t.clerk.walkIn}</span>}
                      </td>
                      <td>{a.position}</td>
                      <td>{orgName(a.organisationId)}</td>
                      <td>{pointName(a.pointId)}</td>
                      <td class="rollcall__status">
                        <span class={`status-badge status-badge--${status}`}>{t.attendance[status]}</span>
                        <div class="marks" role="group" aria-label={`${a.name}: ${t.attendance[status]}`}>
                          {MARK_BUTTONS.map(([s, key]) => (
                            <button
                              type="button"
                              key={s}
                              tabIndex={-1}
                              class={`mark mark--${s} ${status === s ? 'is-on' : ''}`}
                              aria-pressed={status === s}
                              aria-label={t.attendance[s]}
                              title={`${key} — ${t.attendance[s]}`}
                              onClick={() => (setCursor(i), mark(a, s))}
                            >
                              {key}
                            </button>
                          ))}
                        </div>
                        {sub && <span class="hint rollcall__sub">{t.clerk.substituteFor(sub)}</span>}
                      </td>
                    </tr>
                    {open && detail && (
                      <tr class="rollcall__detail">
                        <td colSpan={6}>
                          <DetailForm
                            status={detail.status}
                            onCancel={() => setDetail(null)}
                            onSave={(mark) => {
                              setDetail(null);
                              void send({ type: 'markAttendance', attendeeId: a.id, mark });
                              tableRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`)?.focus();
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DetailForm({ status, onSave, onCancel }: { status: DetailStatus; onSave: (m: DetailMark) => void; onCancel: () => void }) {
  const t = useT();
  const [a, setA] = useState(status === 'excused' ? t.clerk.reasonDefault : '');
  const [b, setB] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.select(), []);
  const ok = a.trim() !== '' && (status === 'excused' || b.trim() !== '');
  return (
    <form
      class="form form--inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ok) return;
        onSave(status === 'excused' ? { status, reason: a.trim() } : { status, substituteName: a.trim(), substitutePosition: b.trim() });
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        {status === 'excused' ? t.clerk.reason : t.clerk.substituteName}
        <input ref={first} value={a} maxLength={status === 'excused' ? TEXT_LIMITS.reason : TEXT_LIMITS.name} onInput={(e) => setA(e.currentTarget.value)} required />
      </label>
      {status === 'substitute' && (
        <label>
          {t.clerk.substitutePosition}
          <input value={b} maxLength={TEXT_LIMITS.name} onInput={(e) => setB(e.currentTarget.value)} required />
        </label>
      )}
      <button type="submit" class="btn btn--primary btn--small" disabled={!ok}>
        {t.clerk.save}
      </button>
      <button type="button" class="btn btn--small" onClick={onCancel}>
        {t.clerk.cancel}
      </button>
    </form>
  );
}
