// XLSX lists (invitation lists, lists of points), as Excel and LibreOffice save them: the first
// visible worksheet is the list; merged cells are read as if every covered cell held the value (clerks merge the
// "Điểm cầu" or "Cơ quan" cell over a group of people); a row that is one merged cell across the
// table is a group heading ("II. ĐIỂM CẦU HUYỆN THỚI BÌNH") and is skipped.
import { LIMITS, internalError, issue, tooManyRows } from './issues.js';
import type { ImportIssue } from './issues.js';
import type { SheetRow, TableResult } from './types.js';
import { openXlsx } from './xlsx-package.js';
import { MAX_COLUMNS, TooManyRows, readSharedStrings, readWorksheet } from './xlsx-sheet.js';
import type { SheetCells } from './xlsx-sheet.js';
import { ZipTooLarge } from './zip.js';

/** Most cells a merge may fill in (a merge over a whole sheet must not blow up memory). */
const MAX_FILLED_CELLS = 1_000_000;

/** The first worksheet as rows of cells; every problem of the workbook itself as an issue. */
export function readXlsxTable(bytes: Uint8Array): TableResult {
  try {
    const opened = openXlsx(bytes);
    if (!opened.ok) return { ok: false, errors: [opened.error] };
    const { parts } = opened;
    const shared = parts.sharedStringsXml === null ? [] : readSharedStrings(parts.sharedStringsXml);
    const cells = readWorksheet(parts.sheetXml, shared);
    const warnings: ImportIssue[] = [];
    if (parts.otherSheets.length > 0) {
      const names = parts.otherSheets.map((n) => `“${n}”`).join(', ');
      warnings.push(
        issue(
          'other_sheets_ignored',
          null,
          `Chỉ đọc trang tính đầu tiên “${parts.sheetName}”; bỏ qua ${names}.`,
          `Only the first worksheet “${parts.sheetName}” was read; ${names} ignored.`,
        ),
      );
    }
    if (cells.formulasWithoutValue > 0) {
      warnings.push(
        issue(
          'formula_without_value',
          null,
          `${cells.formulasWithoutValue} ô có công thức chưa được tính (trống); hãy mở tệp bằng Excel và lưu lại.`,
          `${cells.formulasWithoutValue} formula cell(s) have no computed value and were read as empty; open and save the file in Excel.`,
        ),
      );
    }
    if (cells.cellsBeyondLastColumn > 0) {
      warnings.push(
        issue(
          'unknown_column',
          null,
          `Bỏ qua ${cells.cellsBeyondLastColumn} ô nằm ngoài cột thứ ${MAX_COLUMNS}.`,
          `Ignored ${cells.cellsBeyondLastColumn} cell(s) beyond column ${MAX_COLUMNS}.`,
        ),
      );
    }
    return { ok: true, table: { format: 'xlsx', rows: toRows(cells), strictColumnCount: false, warnings } };
  } catch (e) {
    if (e instanceof TooManyRows) return { ok: false, errors: [tooManyRows()] };
    if (e instanceof ZipTooLarge) {
      return {
        ok: false,
        errors: [
          issue(
            'file_too_large',
            null,
            `Nội dung tệp XLSX sau khi giải nén vượt quá ${LIMITS.xlsxXmlBytes / 1024 / 1024} MB.`,
            `The XLSX content exceeds ${LIMITS.xlsxXmlBytes / 1024 / 1024} MB once decompressed.`,
          ),
        ],
      };
    }
    // fflate and the XML scanner throw on damaged or truncated input.
    if (e instanceof Error) {
      return {
        ok: false,
        errors: [
          issue(
            'xlsx_corrupt',
            null,
            'Tệp XLSX bị hỏng hoặc không đầy đủ. Hãy mở bằng Excel hoặc LibreOffice và lưu lại.',
            'The XLSX file is damaged or incomplete. Open it in Excel or LibreOffice and save it again.',
          ),
        ],
      };
    }
    return { ok: false, errors: [internalError()] };
  }
}

/** Sheet cells → rows in sheet order, merges filled in and group headings marked. */
export function toRows(cells: SheetCells): SheetRow[] {
  const numbers = [...cells.rows.keys()].sort((a, b) => a - b);
  const sections = new Set<number>();
  const spanned = new Map<number, number[]>();
  let filled = 0;
  for (const m of cells.merges) {
    const top = cells.rows.get(m.top);
    const value = top?.get(m.left);
    if (top === undefined || value === undefined) continue;
    if (m.top === m.bottom && m.right > m.left && [...top.keys()].every((c) => c >= m.left && c <= m.right)) {
      sections.add(m.top);
    }
    // Only rows that exist: a merge never creates a row of its own.
    for (let k = lowerBound(numbers, m.top); k < numbers.length && (numbers[k] as number) <= m.bottom; k += 1) {
      const row = cells.rows.get(numbers[k] as number);
      if (row === undefined) continue;
      for (let c = m.left; c <= Math.min(m.right, MAX_COLUMNS - 1); c += 1) {
        if (row.has(c)) continue;
        if (++filled > MAX_FILLED_CELLS) return finish(cells, numbers, sections, spanned);
        row.set(c, value);
        if (c > m.left) {
          const copies = spanned.get(numbers[k] as number) ?? [];
          copies.push(c);
          spanned.set(numbers[k] as number, copies);
        }
      }
    }
  }
  return finish(cells, numbers, sections, spanned);
}

function finish(cells: SheetCells, numbers: number[], sections: Set<number>, spanned: Map<number, number[]>): SheetRow[] {
  return numbers.map((line) => {
    const row = cells.rows.get(line) ?? new Map<number, string>();
    const width = Math.max(-1, ...row.keys()) + 1;
    const out: string[] = new Array<string>(width).fill('');
    for (const [c, v] of row) out[c] = v;
    const sheetRow: SheetRow = { line, cells: out };
    if (sections.has(line)) sheetRow.section = true;
    const copies = spanned.get(line);
    if (copies !== undefined) sheetRow.spanned = copies;
    return sheetRow;
  });
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
