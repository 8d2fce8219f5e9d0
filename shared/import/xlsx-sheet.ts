// Reading cells out of worksheet XML. Excel and LibreOffice put text in the shared-string table
// (t="s"); other writers use inline strings (t="inlineStr") or formula strings (t="str"). Empty
// cells are usually absent, rows and cells may omit their "r" reference, and nothing promises
// document order matches sheet order.
import { LIMITS } from './issues.js';
import { scanXml } from './xml.js';

export type Merge = { top: number; left: number; bottom: number; right: number };

export type SheetCells = {
  /** Row number (1-based) → column index (0-based) → text. Only non-empty cells. */
  rows: Map<number, Map<number, string>>;
  merges: Merge[];
  formulasWithoutValue: number;
  cellsBeyondLastColumn: number;
};

/** Columns past IV (the old Excel limit) are ignored: no invitation list is that wide. */
export const MAX_COLUMNS = 256;

export class TooManyRows extends Error {}

/** Text of each <si>, rich-text runs joined, phonetic hints (<rPh>) left out. */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let parts: string[] = [];
  scanXml(xml, {
    open(name, _a, selfClosing) {
      if (name === 'si') {
        inSi = !selfClosing;
        parts = [];
        if (selfClosing) out.push('');
      } else if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (name === 't' && inSi && phonetic === 0) inT = !selfClosing;
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'si' && inSi) {
        out.push(parts.join(''));
        inSi = false;
      }
    },
    text(v) {
      if (inT) parts.push(v);
    },
  });
  return out;
}

/** "AB12" → { col: 27, row: 12 }; either part may be missing. */
export function parseRef(ref: string): { col: number | null; row: number | null } {
  const m = /^\$?([A-Za-z]{0,3})\$?(\d{0,7})$/.exec(ref.trim());
  if (m === null) return { col: null, row: null };
  const letters = (m[1] ?? '').toUpperCase();
  let col: number | null = null;
  if (letters !== '') {
    col = 0;
    for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
    col -= 1;
  }
  const digits = m[2] ?? '';
  return { col, row: digits === '' ? null : Number(digits) };
}

/** Numbers as Excel shows them in a General cell: 15 significant digits, no float noise. */
export function formatNumber(v: string): string {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) return v;
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(15)));
}

/**
 * Reads the worksheet. Stops with TooManyRows once more rows hold data than any list may have
 * (the header and a few title lines are allowed on top), so a huge sheet is not held in memory.
 */
export function readWorksheet(xml: string, shared: readonly string[]): SheetCells {
  const rows = new Map<number, Map<number, string>>();
  const merges: Merge[] = [];
  let formulasWithoutValue = 0;
  let cellsBeyondLastColumn = 0;

  let rowNo = 0;
  let nextCol = 0;
  // The cell being read.
  let cell: { col: number; type: string } | null = null;
  let value: string[] = [];
  let inline: string[] = [];
  let hasValue = false;
  let hasFormula = false;
  let inV = false;
  let inIs = false;
  let inT = false;
  let phonetic = 0;

  const put = (col: number, text: string): void => {
    if (text === '') return;
    if (col >= MAX_COLUMNS) {
      cellsBeyondLastColumn += 1;
      return;
    }
    let row = rows.get(rowNo);
    if (row === undefined) {
      if (rows.size >= LIMITS.rows + 100) throw new TooManyRows();
      row = new Map();
      rows.set(rowNo, row);
    }
    row.set(col, text);
  };

  const finishCell = (): void => {
    if (cell === null) return;
    const v = value.join('');
    let text: string;
    switch (cell.type) {
      case 's': {
        const index = Number(v);
        text = Number.isInteger(index) ? (shared[index] ?? '') : '';
        break;
      }
      case 'inlineStr':
        text = inline.join('');
        break;
      case 'str':
      case 'e':
      case 'd':
        text = v;
        break;
      case 'b':
        text = v === '' ? '' : v.trim() === '1' ? 'TRUE' : 'FALSE';
        break;
      default:
        text = formatNumber(v);
    }
    if (hasFormula && !hasValue && cell.type !== 'inlineStr') formulasWithoutValue += 1;
    put(cell.col, text);
    cell = null;
  };

  scanXml(xml, {
    open(name, a, selfClosing) {
      switch (name) {
        case 'row': {
          const r = a.r !== undefined ? Number(a.r) : NaN;
          rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
          nextCol = 0;
          break;
        }
        case 'c': {
          const ref = a.r !== undefined ? parseRef(a.r) : { col: null, row: null };
          if (rowNo === 0) rowNo = ref.row ?? 1;
          const col = ref.col ?? nextCol;
          nextCol = col + 1;
          cell = { col, type: a.t ?? 'n' };
          value = [];
          inline = [];
          hasValue = false;
          hasFormula = false;
          break;
        }
        case 'v':
          inV = !selfClosing && cell !== null;
          if (cell !== null) hasValue = true;
          break;
        case 'f':
          hasFormula = true;
          break;
        case 'is':
          inIs = !selfClosing;
          break;
        case 'rPh':
          if (!selfClosing) phonetic += 1;
          break;
        case 't':
          inT = !selfClosing && inIs && phonetic === 0;
          break;
        case 'mergeCell': {
          const [from, to] = (a.ref ?? '').split(':');
          const p = parseRef(from ?? '');
          const q = parseRef(to ?? from ?? '');
          if (p.col !== null && p.row !== null && q.col !== null && q.row !== null) {
            merges.push({
              top: Math.min(p.row, q.row),
              bottom: Math.max(p.row, q.row),
              left: Math.min(p.col, q.col),
              right: Math.max(p.col, q.col),
            });
          }
          break;
        }
        default:
      }
    },
    close(name) {
      if (name === 'v') inV = false;
      else if (name === 't') inT = false;
      else if (name === 'is') inIs = false;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'c') finishCell();
    },
    text(t) {
      if (inV) value.push(t);
      else if (inT) inline.push(t);
    },
  });
  return { rows, merges, formulasWithoutValue, cellsBeyondLastColumn };
}
