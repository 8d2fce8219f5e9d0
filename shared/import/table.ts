// A file of any list (invitation list, list of points) read as a table of cells with the row
// numbers the user sees. Pure TypeScript for the browser and the server alike: bytes in, a table
// or the file's problems out, never a throw. What the rows mean is each kind's business (rows.ts).
import { z } from 'zod';
import type { ColumnSet } from './columns.js';
import { detectDelimiter, explicitDelimiter, splitCsv } from './csv.js';
import { checkText, decodeText } from './decode.js';
import { LIMITS, fileTooLarge, internalError, issue } from './issues.js';
import type { ImportIssue } from './issues.js';
import type { TableResult } from './types.js';
import { readXlsxTable } from './xlsx.js';

const fail = (...errors: ImportIssue[]): TableResult => ({ ok: false, errors });

const argsSchema = z.object({
  bytes: z.union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)]),
  fileName: z.string().max(1000).optional(),
});

const startsWith = (b: Uint8Array, magic: readonly number[]): boolean => magic.every((x, i) => b[i] === x);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46];

function unsupported(vi: string, en: string): TableResult {
  return fail(issue('unsupported_format', null, vi, en));
}

/**
 * Reads a file as a table. The format is sniffed from the content (a zip is XLSX, anything else
 * is tried as CSV text); `fileName` only sharpens the error when the two disagree. `columns` is
 * the kind of list expected: a CSV's delimiter is the one under which its header is recognised.
 */
export function readTable<F extends string>(bytes: Uint8Array | ArrayBuffer, columns: ColumnSet<F>, fileName?: string): TableResult {
  try {
    const args = argsSchema.safeParse({ bytes, fileName });
    if (!args.success) {
      return fail(issue('unsupported_format', null, 'Dữ liệu tệp không hợp lệ.', 'The file data is not valid (expected bytes).'));
    }
    const data = args.data.bytes instanceof Uint8Array ? args.data.bytes : new Uint8Array(args.data.bytes);
    if (data.length === 0) return fail(issue('file_empty', null, 'Tệp rỗng.', 'The file is empty.'));
    if (data.length > LIMITS.fileBytes) return fail(fileTooLarge(data.length));

    if (startsWith(data, ZIP) || startsWith(data, ZIP_EMPTY)) return readXlsxTable(data);
    if (startsWith(data, OLE2)) {
      return unsupported(
        'Đây là tệp Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu. Hãy bỏ mật khẩu và lưu thành .xlsx hoặc "CSV UTF-8".',
        'This is an Excel 97-2003 (.xls) file or a password-protected workbook. Remove the password and save as .xlsx or "CSV UTF-8".',
      );
    }
    if (startsWith(data, PDF)) {
      return unsupported('Đây là tệp PDF; cần bảng tính .xlsx hoặc .csv.', 'This is a PDF; a .xlsx or .csv spreadsheet is needed.');
    }
    const name = (args.data.fileName ?? '').toLowerCase();
    if (/\.xls[xm]$/.test(name)) {
      return fail(
        issue(
          'xlsx_corrupt',
          null,
          'Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính XLSX. Hãy mở bằng Excel và lưu lại.',
          'The file is named .xlsx but its content is not an XLSX workbook. Open it in Excel and save it again.',
        ),
      );
    }
    const decoded = decodeText(data);
    if (!decoded.ok) return fail(decoded.error);
    // Many web systems "export to Excel" as an HTML or XML table named .xls.
    const head = decoded.text.slice(0, 1024).trimStart().toLowerCase();
    if (head.startsWith('<html') || head.startsWith('<!doctype html') || head.startsWith('<table') || head.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
      return unsupported(
        'Tệp là trang HTML/XML được đặt tên như tệp Excel. Hãy mở bằng Excel và lưu thành .xlsx.',
        'The file is an HTML/XML page named like an Excel file. Open it in Excel and save it as .xlsx.',
      );
    }
    return csvTable(decoded.text, columns);
  } catch {
    return fail(internalError());
  }
}

/** Reads a list already held as text (e.g. pasted, or read with FileReader.readAsText). */
export function readTableText<F extends string>(text: string, columns: ColumnSet<F>): TableResult {
  try {
    if (typeof text !== 'string') return fail(issue('unsupported_format', null, 'Dữ liệu không phải văn bản.', 'The input is not text.'));
    // Vietnamese takes 2–3 bytes a letter in UTF-8; measure bytes only when it could matter.
    if (text.length > LIMITS.fileBytes) return fail(fileTooLarge(text.length));
    if (text.length * 3 > LIMITS.fileBytes) {
      const size = new TextEncoder().encode(text).length;
      if (size > LIMITS.fileBytes) return fail(fileTooLarge(size));
    }
    const checked = checkText(text);
    if (!checked.ok) return fail(checked.error);
    return csvTable(checked.text, columns);
  } catch {
    return fail(internalError());
  }
}

function csvTable<F extends string>(text: string, columns: ColumnSet<F>): TableResult {
  if (text.trim() === '') return fail(issue('file_empty', null, 'Tệp không có dữ liệu.', 'The file has no data.'));
  const explicit = explicitDelimiter(text);
  const body = explicit?.rest ?? text;
  const delimiter = explicit?.delimiter ?? detectDelimiter(body, columns);
  const split = splitCsv(body, delimiter);
  if (!split.ok) return fail(split.error);
  // Excel hides the "sep=" line, so row numbers stay as Excel shows them; text lines shift by one.
  const rows = explicit === null ? split.rows : split.rows.map((r) => ({ ...r, textLine: (r.textLine ?? r.line) + 1 }));
  return { ok: true, table: { format: 'csv', rows, strictColumnCount: true, warnings: [] } };
}
