import type { ImportIssue } from '../../../shared/import/issues.js';
import { matchPointName } from '../../../shared/import/points.js';
import type { ImportResult } from '../../../shared/import/types.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import type { InvitationRow } from '../../../shared/protocol/values.js';

// What an import will do, shown before it is done: the rows the parser read, each linked to one
// of the conference's points, and every problem by line. A row whose point cannot be linked is
// an error here, so the clerk fixes the file before the server refuses it. The rows sent carry the
// point's id, so the server and this preview cannot link a row differently.

export interface PreviewRow {
  row: InvitationRow;
  pointId: string;
  pointName: string;
}

/** A problem: the parser's own (already in both languages), or one found linking rows to points. */
export type PreviewIssue =
  | { kind: 'parser'; line: number | null; vi: string; en: string }
  | { kind: 'noPoint'; line: number; point: string }
  | { kind: 'ambiguousPoint'; line: number; point: string; candidates: string[] }
  | { kind: 'noOrganisation'; line: number };

export interface ImportPreview {
  rows: PreviewRow[];
  errors: PreviewIssue[];
  warnings: PreviewIssue[];
}

const say = (i: ImportIssue): PreviewIssue => ({ kind: 'parser', line: i.line, vi: i.messageVi, en: i.message });

export function previewImport(result: ImportResult, state: MeetingState): ImportPreview {
  // A file with bad rows still shows its good ones (linked to points like any other), beside every
  // error; the panel refuses to import while there is any error (R-IMPORT-2).
  const read = result.ok ? result.rows : (result.goodRows ?? []);
  const points = state.pointOrder.flatMap((id) => {
    const p = state.points[id];
    return p ? [p] : [];
  });
  const rows: PreviewRow[] = [];
  const errors: ImportPreview['errors'] = result.ok ? [] : result.errors.map(say);
  for (const r of read) {
    const match = matchPointName(r.point, points);
    if (!match.ok) {
      errors.push(
        match.reason === 'ambiguous'
          ? { kind: 'ambiguousPoint', line: r.line, point: r.point, candidates: match.candidates.map((p) => p.name) }
          : { kind: 'noPoint', line: r.line, point: r.point },
      );
      continue;
    }
    if (r.organisation.trim() === '') {
      errors.push({ kind: 'noOrganisation', line: r.line });
      continue;
    }
    const { note, email, phone, ...rest } = r;
    const row: InvitationRow = {
      ...rest,
      point: match.point.id,
      ...(note ? { note: note.slice(0, 300) } : {}),
      ...(email ? { email: email.slice(0, 300) } : {}),
      ...(phone ? { phone: phone.slice(0, 300) } : {}),
    };
    rows.push({ row, pointId: match.point.id, pointName: match.point.name });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { rows, errors, warnings: result.ok ? result.warnings.map(say) : [] };
}
