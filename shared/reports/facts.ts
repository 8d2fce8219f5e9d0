import type { Id, PointKind } from '../protocol/index.js';
import type { MeetingState } from '../meeting/state.js';
import { POINT_KIND_LABELS } from './labels.js';
import type { ReportLog } from './log.js';
import { formatDateTime, formatIsoDate, formatLongDate } from './time.js';

// The facts every report opens with: which conference, who organised it, where, and "as of" which
// event the document was made.

export interface PointFacts {
  id: Id;
  name: string;
  kind: PointKind;
  kindLabel: string;
}

export interface ConferenceFacts {
  id: Id;
  title: string;
  organiser: string;
  /** 04/01/2021 */
  date: string;
  /** ngày 04 tháng 01 năm 2021 */
  longDate: string;
  venue: string;
  central: PointFacts | null;
  /** Connection points other than the central one, in the conference's order. */
  connectionPoints: PointFacts[];
}

export interface AsOf {
  seq: number;
  at: number;
  /** 04/01/2021 11:30 */
  label: string;
}

export function pointFacts(state: MeetingState): PointFacts[] {
  const out: PointFacts[] = [];
  for (const id of state.pointOrder) {
    const p = state.points[id];
    if (p) out.push({ id, name: p.name, kind: p.kind, kindLabel: POINT_KIND_LABELS[p.kind] });
  }
  return out;
}

export function conferenceFacts(state: MeetingState): ConferenceFacts {
  const c = state.conference;
  const points = pointFacts(state);
  return {
    id: c?.id ?? '',
    title: c?.title ?? '',
    organiser: c?.organiser ?? '',
    date: c ? formatIsoDate(c.date) : '',
    longDate: c ? formatLongDate(c.date) : '',
    venue: c?.venue ?? '',
    central: points.find((p) => p.kind === 'central') ?? null,
    connectionPoints: points.filter((p) => p.kind !== 'central'),
  };
}

export function asOf(log: ReportLog, zone?: string): AsOf {
  return { seq: log.seq, at: log.at, label: formatDateTime(log.at, zone) };
}
