import type { ImportIssue } from '../../../shared/import/issues.js';
import type { PointListResult } from '../../../shared/import/point-list.js';
import { nameKey } from '../../../shared/meeting/env.js';
import { centralPoint } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import type { NewPoint } from '../../../shared/protocol/commands-organiser.js';
import type { PointKind } from '../../../shared/protocol/values.js';

// What importing a list of points will do, shown before it is done, as the clerk's invitation
// import shows its list: the points read, every problem by line of the file, and nothing added
// while there is any error. The core decides (addPoints, R-ORG-1: all or nothing, DUPLICATE_NAME,
// CENTRAL_POINT_EXISTS); this only says it beforehand, line by line, so the file can be fixed.

export interface PointPreviewRow {
  line: number;
  point: NewPoint;
}

export type PointPreviewIssue =
  | { kind: 'parser'; line: number | null; vi: string; en: string }
  | { kind: 'existingPoint'; line: number; name: string }
  | { kind: 'secondCentral'; line: number; name: string };

export interface PointImportPreview {
  rows: PointPreviewRow[];
  errors: PointPreviewIssue[];
  warnings: PointPreviewIssue[];
}

const say = (i: ImportIssue): PointPreviewIssue => ({ kind: 'parser', line: i.line, vi: i.messageVi, en: i.message });

/** `defaultKind`: the kind of a row whose file says none (the organiser's choice beside the file). */
export function previewPointImport(result: PointListResult, state: MeetingState, defaultKind: PointKind): PointImportPreview {
  const read = result.ok ? result.rows : (result.goodRows ?? []);
  const taken = new Set(Object.values(state.points).map((p) => nameKey(p.name)));
  let central = centralPoint(state) !== null;
  const rows: PointPreviewRow[] = [];
  const errors: PointPreviewIssue[] = result.ok ? [] : result.errors.map(say);
  for (const r of read) {
    if (taken.has(nameKey(r.name))) {
      errors.push({ kind: 'existingPoint', line: r.line, name: r.name });
      continue;
    }
    const kind = r.kind ?? defaultKind;
    if (kind === 'central' && central) {
      errors.push({ kind: 'secondCentral', line: r.line, name: r.name });
      continue;
    }
    central ||= kind === 'central';
    rows.push({ line: r.line, point: { name: r.name, kind, ...(r.contact !== undefined ? { contact: r.contact } : {}) } });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { rows, errors, warnings: result.ok ? result.warnings.map(say) : [] };
}
