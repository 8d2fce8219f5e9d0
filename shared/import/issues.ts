// Problems found while reading a list (an invitation list, danh sách triệu tập; a list of points). Every problem carries a
// stable code (for the UI and tests), a Vietnamese message (the clerk reads it first) and an English one.

export type ImportIssueCode =
  // the file as a whole
  | 'file_empty'
  | 'file_too_large'
  | 'file_truncated'
  | 'not_utf8'
  | 'utf16_without_bom'
  | 'double_encoded'
  | 'unsupported_format'
  | 'xlsx_corrupt'
  | 'xlsx_no_sheet'
  | 'csv_unterminated_quote'
  | 'too_many_rows'
  | 'too_many_errors'
  | 'internal_error'
  // the header row
  | 'no_header'
  | 'missing_columns'
  | 'duplicate_column'
  | 'no_rows'
  // one row
  | 'missing_name'
  | 'missing_point'
  | 'unknown_point_kind'
  | 'field_too_long'
  | 'wrong_column_count'
  | 'duplicate_row'
  // warnings (the import still succeeds)
  | 'unknown_column'
  | 'section_row_skipped'
  | 'other_sheets_ignored'
  | 'formula_without_value';

export type ImportIssue = { line: number | null; code: ImportIssueCode; message: string; messageVi: string };

/**
 * Builds an issue; `line` prefixes both messages so a list of issues reads on its own. For a CSV
 * whose multi-line cells shift the text-editor line away from the spreadsheet row, `textLine`
 * names both, since the clerk may open the file in either.
 */
export function issue(
  code: ImportIssueCode,
  line: number | null,
  messageVi: string,
  message: string,
  textLine?: number,
): ImportIssue {
  if (line === null) return { line, code, message, messageVi };
  const alsoVi = textLine !== undefined && textLine !== line ? ` (dòng ${textLine} khi mở bằng trình soạn thảo văn bản)` : '';
  const alsoEn = textLine !== undefined && textLine !== line ? ` (line ${textLine} in a text editor)` : '';
  // "of the file": a bare "Row 10" reads like the preview table's own row number.
  return { line, code, message: `${lineOfFile.en(line)}${alsoEn}: ${message}`, messageVi: `${lineOfFile.vi(line)}${alsoVi}: ${messageVi}` };
}

/** How an issue names the spreadsheet row it is about, in both languages. */
export const lineOfFile = {
  vi: (line: number) => `Dòng ${line} của tệp`,
  en: (line: number) => `Line ${line} of the file`,
};

export const LIMITS = {
  /** Bytes of the uploaded file. */
  fileBytes: 5 * 1024 * 1024,
  /** Invitation rows (not counting the header, title and blank rows). */
  rows: 20_000,
  /** Characters in one cell, after trimming. */
  fieldChars: 300,
  /** Decompressed XML we are willing to read from one XLSX (zip-bomb guard). */
  xlsxXmlBytes: 32 * 1024 * 1024,
  /** Row errors listed before we stop and say "and more". */
  reportedErrors: 200,
} as const;

export function fileTooLarge(bytes: number): ImportIssue {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return issue(
    'file_too_large',
    null,
    `Tệp quá lớn (${mb} MB); giới hạn là 5 MB.`,
    `The file is too large (${mb} MB); the limit is 5 MB.`,
  );
}

export function tooManyRows(limit: number = LIMITS.rows): ImportIssue {
  return issue(
    'too_many_rows',
    null,
    `Danh sách có hơn ${limit.toLocaleString('vi-VN')} dòng; hãy chia thành nhiều tệp.`,
    `The list has more than ${limit.toLocaleString('en-US')} rows; split it into several files.`,
  );
}

export function internalError(): ImportIssue {
  return issue(
    'internal_error',
    null,
    'Không đọc được tệp do lỗi không lường trước; hãy lưu lại dưới dạng CSV (UTF-8) hoặc XLSX rồi thử lại.',
    'The file could not be read because of an unexpected error; save it again as CSV (UTF-8) or XLSX and retry.',
  );
}
