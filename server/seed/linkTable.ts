import { ROLE_TERMS } from '../../shared/terms/index.js';
import type { JoinLink } from '../auth/linkRegistry.js';

// The join links as a table a person reads in a terminal: who the link is for, and the URL to
// open. Vietnamese first, English second, like everything a user reads.

export interface LinkRow {
  readonly link: JoinLink;
  readonly url: string;
  /** the point's name, for point links */
  readonly pointName?: string | undefined;
}

export function roleLabel(role: JoinLink['role']): string {
  return `${ROLE_TERMS[role].vi} / ${ROLE_TERMS[role].en}`;
}

/** Display width of a string: Vietnamese letters with combining marks count once. */
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

export function formatLinkTable(title: string, rows: readonly LinkRow[]): string {
  const cells = rows.map((r) => [roleLabel(r.link.role), r.pointName ?? r.link.label ?? '', r.url]);
  const header = ['Vai trò / Role', 'Điểm cầu / Point', 'Đường dẫn tham gia / Join link'];
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i] ?? ''))));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => pad(v, widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [``, title, rule, line(header), rule, ...cells.map(line), rule, ``].join('\n');
}
