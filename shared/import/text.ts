// Text clean-up shared by the CSV and XLSX readers. Offices type Vietnamese with different
// keyboards (Unikey, macOS, phones), so the same name arrives in NFC or NFD, with non-breaking
// spaces pasted from Word, or with zero-width characters from the web.

// Zero-width space/joiners, word joiner, BOM, soft hyphen: invisible, never meant as content.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Horizontal whitespace of any kind (tab, NBSP, narrow NBSP, ideographic space...).
const HSPACE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const NEWLINES = /\r\n?|[\n\u2028\u2029\u0085]/g;
// C0/C1 control characters other than tab/newline: junk from copy-paste, never content.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/**
 * NFC, invisible characters removed, runs of spaces collapsed, trimmed. With `keepNewlines`
 * (the note column) line breaks survive, each line trimmed; otherwise they become one space,
 * since a name or an organisation typed with Alt+Enter in Excel is still one name.
 */
export function cleanCell(raw: string, keepNewlines = false): string {
  const text = raw.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, '').replace(NEWLINES, '\n');
  if (keepNewlines) {
    return text
      .split('\n')
      .map((line) => line.replace(HSPACE, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  return text.replace(/\n/g, ' ').replace(HSPACE, ' ').trim();
}

/**
 * Case- and diacritic-insensitive key: "Điểm cầu Thới Bình" → "diem cau thoi binh".
 * Punctuation becomes a space, so "Cơ quan, đơn vị" and "Cơ quan / Đơn vị" fold alike.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@#]+/gu, ' ')
    .trim();
}

/** Case-insensitive but diacritic-sensitive key: Lê Quân and Lê Quan are different people. */
export function caseKey(text: string): string {
  return cleanCell(text).toLocaleLowerCase('vi');
}
