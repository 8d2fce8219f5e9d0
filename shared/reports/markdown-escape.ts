// Text that people typed (delegate names, positions, topics, reasons, notes) printed into the
// Markdown minutes as text and nothing else. A renderer must find no HTML, no link or image, no
// emphasis or code, no list or heading and no extra table column in it, whichever renderer the
// office uses: CommonMark's, GitHub's (bare URLs become links) or markdown-it with linkify on.

/** Characters that open inline syntax anywhere: emphasis, code, links, images, HTML, entities, strikethrough, table cells. */
const INLINE = /[\\`*_[\]<>|&~!]/g;
/** What makes a line a heading, quote, list, setext underline or ordered list when it starts one. */
const BLOCK_START = /^([-+*#>=]|\d+[.)])/;

/**
 * One line of typed text, escaped. Whitespace runs (line breaks included) become one space: a
 * break would end a table row or a list item and start a block of the attacker's choosing.
 * Linkifiers look for a scheme (`http:` `//`), an e-mail (`@`) or a domain (`a.b`): a backslash
 * before `:` `/`, `@` and an in-word `.` leaves each of them plain text, shown the same.
 */
export function markdownText(typed: string | number): string {
  const line = String(typed).normalize('NFC').replace(/\s+/g, ' ').trim();
  return line
    .replace(INLINE, '\\$&')
    .replace(/:(?=\/)/g, '\\:')
    .replace(/@/g, '\\@')
    .replace(/(?<=\w)\.(?=\w)/gu, '\\.')
    .replace(BLOCK_START, (m) => (m.length === 1 ? `\\${m}` : `${m.slice(0, -1)}\\${m.slice(-1)}`));
}

/** Several lines of typed text (a minutes note), each escaped, kept as lines of one paragraph. */
export function markdownLines(typed: string): string[] {
  return typed
    .split(/\r?\n/)
    .map(markdownText)
    .filter((l) => l.length > 0);
}
