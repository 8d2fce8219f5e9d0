import type { Quorum } from '../protocol/index.js';
import type { ReportTally } from './tally.js';

// The quorum line of a report. Same rule as the core's quorumStatus: a percentage counts against
// the invitation list (walk-ins attend but were not invited), attending = present + substitutes.

export interface QuorumLine {
  /** "Tối thiểu 50% đại biểu được triệu tập" / "Tối thiểu 120 đại biểu"; empty when none is set. */
  rule: string;
  required: number | null;
  attending: number;
  met: boolean | null;
  /** One sentence for the document. */
  label: string;
}

export function quorumLine(quorum: Quorum, overall: ReportTally): QuorumLine {
  const attending = overall.attending;
  if (!quorum) {
    return { rule: '', required: null, attending, met: null, label: `Không quy định số đại biểu tối thiểu; có ${attending} đại biểu tham dự.` };
  }
  const required = quorum.kind === 'count' ? quorum.present : Math.ceil((quorum.percent / 100) * overall.invited);
  const rule =
    quorum.kind === 'count' ? `Tối thiểu ${quorum.present} đại biểu` : `Tối thiểu ${quorum.percent}% đại biểu được triệu tập (${required})`;
  const met = attending >= required;
  return {
    rule,
    required,
    attending,
    met,
    label: `${rule}; có ${attending} đại biểu tham dự: ${met ? 'đủ' : 'không đủ'} số lượng.`,
  };
}
