import { useRef, useState } from 'preact/hooks';
import { centralPoint } from '../../../shared/meeting/selectors.js';
import type { MeetingState, Point } from '../../../shared/meeting/state.js';
import { POINT_KINDS, type PointKind } from '../../../shared/protocol/values.js';
import { REGION_MAX, REGION_PATTERN } from '../../../shared/protocol/nodes.js';
import { useT } from '../../i18n/index.js';
import { pointsFromPastedText } from '../../../shared/meeting/organiser-input.js';
import { moved } from './bulk.js';
import { OrderButtons } from './PanelSection.js';
import { PointImport } from './PointImport.js';
import { FieldError, useCommand, useEditable } from './useCommand.js';
import { TableHead } from '../common/TableHead.js';

// The connection points: a table that edits in place (no dialog per row), a paste box that adds
// a whole list at once, the office's spreadsheet imported with a preview, and the keyboard: Enter saves a name and goes to the next row, ↑ ↓ move
// between rows. A hundred communes are as quick as ten. A point's region (R-SETUP-10) is set
// here once, for a pasted list at once or per row: in a cluster it places the point's links.

/** What a region field holds: '' for none, the region, or null when it is not a region's form. */
function regionFrom(text: string): string | null | '' {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return REGION_PATTERN.test(trimmed) ? trimmed : null;
}

export function PointsSection({ state }: { state: MeetingState }) {
  const t = useT();
  const editable = useEditable('addPoint');
  const reorder = useCommand();
  const move = (index: number, delta: number) => {
    const next = moved(state.pointOrder, index, delta);
    if (next) void reorder.run({ type: 'reorderPoints', pointIds: next });
  };
  const rows = useRef<HTMLTableSectionElement>(null);
  const focusRow = (index: number) => {
    const inputs = rows.current?.querySelectorAll<HTMLInputElement>('input[name=point-name]');
    inputs?.[Math.max(0, Math.min(index, inputs.length - 1))]?.focus();
  };
  return (
    <section class="panel org-section" aria-labelledby="points-title" data-testid="points-section">
      <div class="panel__head">
        <h2 id="points-title" class="panel__title">
          {t.organiser.points.title} <span class="count">({state.pointOrder.length})</span>
        </h2>
      </div>
      {editable && <BulkAddPoints state={state} />}
      {editable && <PointImport state={state} />}
      {state.pointOrder.length === 0 ? (
        <p class="empty">{t.organiser.points.empty}</p>
      ) : (
        <div class="table-wrap">
          <table class="table table--compact org-table" data-testid="points-table">
            <TableHead columns={['#', t.organiser.points.name, t.organiser.points.kind, t.organiser.points.contact, t.organiser.points.region]} />
            <tbody ref={rows}>
              {state.pointOrder.map((id, i) => {
                const p = state.points[id];
                return p ? <PointRow key={id} point={p} index={i} count={state.pointOrder.length} editable={editable} focusRow={focusRow} move={move} /> : null;
              })}
            </tbody>
          </table>
        </div>
      )}
      <FieldError error={reorder.error} />
      <p class="hint">{t.organiser.points.keys}</p>
      <p class="hint">{t.organiser.points.regionHint}</p>
    </section>
  );
}

function BulkAddPoints({ state }: { state: MeetingState }) {
  const t = useT();
  const cmd = useCommand();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<PointKind>('district');
  const hasCentral = centralPoint(state) !== null;
  const [firstIsCentral, setFirstIsCentral] = useState(true);
  const [added, setAdded] = useState<number | null>(null);
  const [regionText, setRegionText] = useState('');
  const region = regionFrom(regionText);
  const pasted = pointsFromPastedText(text, kind);
  const points = pasted.points.map((p, i) => ({
    ...p,
    ...(i === 0 && firstIsCentral && !hasCentral ? { kind: 'central' as const } : {}),
    ...(region ? { region } : {}),
  }));

  const add = async (e: Event) => {
    e.preventDefault();
    // One command for the whole list: all added in order, or none (the core names the duplicates).
    const ack = await cmd.run({ type: 'addPoints', points });
    if (ack.ok) {
      setAdded(points.length);
      setText('');
    } else setAdded(null);
  };

  return (
    <form class="bulk" onSubmit={(e) => void add(e)} data-testid="points-bulk">
      <label class="bulk__text">
        {t.organiser.points.pasteLabel}
        <textarea name="point-names" rows={4} value={text} placeholder={t.organiser.points.pastePlaceholder} onInput={(e) => (setAdded(null), setText(e.currentTarget.value))} />
      </label>
      <div class="bulk__side">
        <label>
          {t.organiser.points.kind}
          <select name="point-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as PointKind)}>
            {POINT_KINDS.filter((k) => k !== 'central').map((k) => (
              <option key={k} value={k}>
                {t.organiser.pointKinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.organiser.points.regionBulk}
          <input
            name="point-region"
            value={regionText}
            maxLength={REGION_MAX}
            placeholder={t.organiser.points.regionPlaceholder}
            aria-invalid={region === null}
            onInput={(e) => setRegionText(e.currentTarget.value)}
          />
        </label>
        {region === null && <span class="field-error">{t.organiser.points.regionInvalid}</span>}
        {!hasCentral && (
          <label class="check">
            <input type="checkbox" name="first-central" checked={firstIsCentral} onChange={(e) => setFirstIsCentral(e.currentTarget.checked)} /> {t.organiser.points.firstIsCentral}
          </label>
        )}
        <button type="submit" class="btn btn--primary" disabled={cmd.busy || points.length === 0 || region === null} data-testid="points-add">
          {t.organiser.points.add(points.length)}
        </button>
        {pasted.overflow > 0 && <span class="field-error">{t.organiser.points.overflow(pasted.overflow)}</span>}
      </div>
      <div class="bulk__result" role="status" data-testid="points-bulk-result">
        {added !== null && <span class="saved">{t.organiser.points.added(added)}</span>}
        <FieldError error={cmd.error} />
      </div>
    </form>
  );
}

function PointRow(props: { point: Point; index: number; count: number; editable: boolean; focusRow: (i: number) => void; move: (i: number, d: number) => void }) {
  const { point, index, count, editable, focusRow, move } = props;
  const t = useT();
  const cmd = useCommand();
  const [name, setName] = useState(point.name);
  const [contact, setContact] = useState(point.contact);
  const [regionText, setRegionText] = useState(point.region ?? '');
  const [regionRefused, setRegionRefused] = useState(false);
  const saveRegion = async () => {
    const region = regionFrom(regionText);
    setRegionRefused(region === null);
    if (region === null) return;
    // An empty field takes the region off (null); only a change is sent.
    const next = region === '' ? null : region;
    if (next === point.region) return;
    const ack = await cmd.run({ type: 'updatePoint', pointId: point.id, region: next });
    if (!ack.ok) setRegionText(point.region ?? '');
  };
  const saveName = async () => {
    if (name.trim() === point.name) return;
    const ack = await cmd.run({ type: 'updatePoint', pointId: point.id, name });
    if (!ack.ok) setName(point.name);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(index, e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Leaving the field saves it (onBlur), once.
      (e.currentTarget as HTMLInputElement).blur();
      focusRow(index + 1);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(index + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Escape') {
      setName(point.name);
    }
  };
  return (
    <tr data-point-id={point.id}>
      <td class="num">{index + 1}</td>
      <td>
        <input
          name="point-name"
          class="cell-input"
          value={name}
          disabled={!editable}
          aria-label={t.organiser.points.name}
          onInput={(e) => setName(e.currentTarget.value)}
          onBlur={() => void saveName()}
          onKeyDown={onKey}
        />
        <FieldError error={cmd.error} />
      </td>
      <td>
        <select
          name="point-kind"
          value={point.kind}
          disabled={!editable}
          aria-label={t.organiser.points.kind}
          onChange={(e) => void cmd.run({ type: 'updatePoint', pointId: point.id, kind: e.currentTarget.value as PointKind })}
        >
          {POINT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t.organiser.pointKinds[k]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          name="point-contact"
          class="cell-input"
          value={contact}
          disabled={!editable}
          aria-label={t.organiser.points.contact}
          onInput={(e) => setContact(e.currentTarget.value)}
          onBlur={() => contact.trim() !== point.contact && void cmd.run({ type: 'updatePoint', pointId: point.id, contact })}
        />
      </td>
      <td>
        <input
          name="point-region"
          class="cell-input"
          value={regionText}
          maxLength={REGION_MAX}
          disabled={!editable}
          placeholder={t.organiser.points.regionPlaceholder}
          aria-label={t.organiser.points.region}
          aria-invalid={regionRefused}
          onInput={(e) => setRegionText(e.currentTarget.value)}
          onBlur={() => void saveRegion()}
        />
        {regionRefused && <span class="field-error">{t.organiser.points.regionInvalid}</span>}
      </td>
      <td class="row-actions">
        <OrderButtons index={index} count={count} disabled={!editable} move={move} label={point.name} />
        <button type="button" class="btn btn--small btn--danger" disabled={!editable || cmd.busy} onClick={() => void cmd.run({ type: 'removePoint', pointId: point.id })}>
          {t.organiser.remove}
          <span class="sr-only"> {point.name}</span>
        </button>
      </td>
    </tr>
  );
}
