// CSV as offices really save it: Excel with a Vietnamese locale writes ';' (the decimal mark is
// ',') with a BOM and CRLF; LibreOffice and Google Sheets write ','; Excel's "Unicode text" is
// tab-separated. Quoted cells may hold delimiters, doubled quotes and line breaks.
import type { ColumnSet } from './columns.js';
import { findHeader } from './header.js';
import { issue } from './issues.js';
import type { ImportIssue } from './issues.js';
import { cleanCell } from './text.js';
import type { SheetRow } from './types.js';

export type Delimiter = ';' | ',' | '\t';
const DELIMITERS: readonly Delimiter[] = [';', ',', '\t'];

export type CsvSplit = { ok: true; rows: SheetRow[] } | { ok: false; error: ImportIssue };

/**
 * Splits CSV text into records. `line` counts records as a spreadsheet shows them (a cell with a
 * line break stays one row); `textLine` is where the record starts in a text editor.
 * Lenient where Excel is lenient (a stray quote inside an unquoted cell is kept as text);
 * an opening quote that is never closed is an error, since everything after it would be swallowed.
 */
export function splitCsv(text: string, delimiter: Delimiter, sample?: { maxRecords: number }): CsvSplit {
  const maxRecords = sample?.maxRecords ?? Infinity;
  const rows: SheetRow[] = [];
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let i = 0;
  let physLine = 1;
  let cells: string[] = [];
  let recordStart = 1;

  const endRecord = (): void => {
    rows.push({ line: rows.length + 1, textLine: recordStart, cells });
    cells = [];
  };

  while (i < n && rows.length < maxRecords) {
    // One field per iteration.
    let p = i;
    while (p < n && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09) && text.charCodeAt(p) !== delim) p += 1;
    if (p < n && text.charCodeAt(p) === 0x22 /* " */) {
      const quoteLine = physLine;
      const parts: string[] = [];
      let q = p + 1;
      for (;;) {
        const close = text.indexOf('"', q);
        if (close === -1) {
          // A sample cut inside a quoted cell is still good enough to look for the header.
          if (sample !== undefined) return { ok: true, rows };
          return {
            ok: false,
            error: issue(
              'csv_unterminated_quote',
              rows.length + 1,
              'có dấu ngoặc kép (") mở nhưng không đóng; mọi thứ sau đó sẽ bị gộp vào một ô.',
              'a double quote (") is opened but never closed; everything after it would run into one cell.',
              quoteLine,
            ),
          };
        }
        const chunk = text.slice(q, close);
        physLine += countLineBreaks(chunk);
        parts.push(chunk);
        if (text.charCodeAt(close + 1) === 0x22) {
          parts.push('"');
          q = close + 2;
          continue;
        }
        q = close + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as Excel does.
      let end = q;
      while (end < n && !isBreakOrDelim(text.charCodeAt(end), delim)) end += 1;
      parts.push(text.slice(q, end));
      cells.push(parts.join(''));
      i = end;
    } else {
      let end = i;
      while (end < n && !isBreakOrDelim(text.charCodeAt(end), delim)) end += 1;
      cells.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === delim) {
      i += 1;
      if (i >= n) cells.push('');
      continue;
    }
    // A line break (CRLF, LF or a lone CR from old Mac exports) ends the record.
    i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    physLine += 1;
    endRecord();
    recordStart = physLine;
  }
  if (cells.length > 0 && rows.length < maxRecords) endRecord();
  return { ok: true, rows };
}

function isBreakOrDelim(c: number, delim: number): boolean {
  return c === delim || c === 0x0a || c === 0x0d;
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    if (c === 0x0a) count += 1;
    else if (c === 0x0d && s.charCodeAt(k + 1) !== 0x0a) count += 1;
  }
  return count;
}

/**
 * Picks the delimiter under which a header row is recognised (the header may sit below a few
 * title lines); failing that, the one that occurs most in the first non-blank line.
 */
export function detectDelimiter<F extends string>(text: string, set: ColumnSet<F>): Delimiter {
  const sample = text.slice(0, 64 * 1024);
  let best: Delimiter | null = null;
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const split = splitCsv(sample, d, { maxRecords: 40 });
    if (!split.ok) continue;
    const header = findHeader(split.rows.map((r) => r.cells.map((c) => cleanCell(c))), set);
    if (header === null) continue;
    const score = (header.missing.length === 0 ? 100 : 0) + header.columns.size;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  if (best !== null) return best;
  const firstLine = sample.split(/\r\n?|\n/).find((l) => l.trim() !== '') ?? '';
  let most: Delimiter = ',';
  let mostCount = 0;
  for (const d of DELIMITERS) {
    const count = firstLine.split(d).length - 1;
    if (count > mostCount) {
      mostCount = count;
      most = d;
    }
  }
  return most;
}

/** Excel honours a first line "sep=;" and hides it; so do we. */
export function explicitDelimiter(text: string): { delimiter: Delimiter; rest: string } | null {
  const m = /^sep=([;,\t])[ \t]*(\r\n?|\n|$)/i.exec(text);
  if (m === null) return null;
  return { delimiter: m[1] as Delimiter, rest: text.slice(m[0].length) };
}
