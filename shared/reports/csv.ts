// An RFC 4180 writer: CRLF between records, a field quoted when it holds the delimiter, a quote,
// a line break or edge spaces, quotes doubled. Text is NFC and starts with a UTF-8 BOM, the one
// signal that makes Excel read the file as UTF-8 and show the diacritics.
//
// Names in a report were typed by walk-ins, substitutes, floor requests and imported lists; a
// spreadsheet runs a cell that begins with = + - @ (or tab / CR before one) as a formula
// (`=HYPERLINK(…)`, DDE `+cmd|…`). As OWASP recommends, such a text cell gets a leading
// apostrophe, which Excel and LibreOffice read as "this is text", and is quoted. Numbers are
// written by the report itself and left as they are.

export type CsvDelimiter = ',' | ';';

export const BOM = '\uFEFF';

/** The characters OWASP lists as starting a formula (or a DDE call) in Excel, LibreOffice, Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number, delimiter: CsvDelimiter = ','): string {
  const typed = typeof value === 'number' ? String(value) : value.normalize('NFC');
  const formula = typeof value === 'string' && FORMULA_START.test(typed);
  const text = formula ? `'${typed}` : typed;
  const needsQuotes =
    formula || text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvDocument(rows: readonly (readonly (string | number)[])[], delimiter: CsvDelimiter = ','): string {
  return BOM + rows.map((r) => r.map((c) => csvField(c, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
