// An RFC 4180 writer: CRLF between records, a field quoted when it holds the delimiter, a quote,
// a line break or edge spaces, quotes doubled. Text is NFC and starts with a UTF-8 BOM, the one
// signal that makes Excel read the file as UTF-8 and show the diacritics.

export type CsvDelimiter = ',' | ';';

export const BOM = '\uFEFF';

export function csvField(value: string | number, delimiter: CsvDelimiter = ','): string {
  const text = typeof value === 'number' ? String(value) : value.normalize('NFC');
  const needsQuotes =
    text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvDocument(rows: readonly (readonly (string | number)[])[], delimiter: CsvDelimiter = ','): string {
  return BOM + rows.map((r) => r.map((c) => csvField(c, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
