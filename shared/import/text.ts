// Text clean-up shared by the CSV and XLSX readers. Offices type Vietnamese with different
// keyboards (Unikey, macOS, phones), so the same name arrives in NFC or NFD, with non-breaking
// spaces pasted from Word, or with zero-width characters from the web.

// Invisible characters never meant as content: zero-width space/joiners, word joiner, BOM, soft
// hyphen, and C0/C1 control characters other than whitespace (junk from copy-paste).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const JUNK = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Any run of whitespace: tab, NBSP, narrow NBSP, ideographic space, line breaks (\s covers them).
const SPACES = /[\s\u0085]+/g;
const HSPACES = /[^\S\n]+/g;
const NEWLINES = /\r\n?|[\u2028\u2029\u0085]/g;
// Printable ASCII, no leading, trailing or doubled space: nothing to do (most cells of most lists
// are not, Vietnamese being non-ASCII, but numbers, codes and English headers are).
const TIDY_ASCII = /^(?:[\x21-\x7E]+(?: [\x21-\x7E]+)*)?$/;

/**
 * NFC, invisible characters removed, runs of spaces collapsed, trimmed. With `keepNewlines`
 * (the note column) line breaks survive, each line trimmed; otherwise they become one space,
 * since a name or an organisation typed with Alt+Enter in Excel is still one name.
 */
export function cleanCell(raw: string, keepNewlines = false): string {
  if (TIDY_ASCII.test(raw)) return raw;
  const text = raw.normalize('NFC').replace(JUNK, '');
  if (!keepNewlines) return text.replace(SPACES, ' ').trim();
  return text
    .replace(NEWLINES, '\n')
    .split('\n')
    .map((line) => line.replace(HSPACES, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
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
  // Vietnamese has no locale-specific case rules (unlike Turkish), so plain toLowerCase is right.
  return cleanCell(text).toLowerCase();
}
