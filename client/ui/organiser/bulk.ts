// Lists pasted by the organiser: one name a line, as copied from a Word table, an e-mail or a
// spreadsheet column. Only the shape of the text is read here (lines, tabs, numbering);
// whether a name may be added is the core's decision, line by line.

/** The names in pasted text: one a line, blank lines skipped, a leading "1." / "1)" / "-" dropped, the first cell of a tab-separated row. */
export function pastedNames(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line.split('\t')[0] ?? '').normalize('NFC').trim())
    .map((line) => line.replace(/^(\d{1,4}[.)]|[-•*])\s+/, '').trim())
    .filter((line) => line !== '');
}

/** The outcome of one pasted line: added, or the core's refusal. */
export interface LineOutcome {
  line: number;
  name: string;
  ok: boolean;
  error?: string;
}

/** The order with the item at `index` moved by `delta` places; null when it cannot move that way. */
export function moved<T>(order: readonly T[], index: number, delta: number): T[] | null {
  const to = index + delta;
  if (index < 0 || index >= order.length || to < 0 || to >= order.length || delta === 0) return null;
  const next = [...order];
  const [item] = next.splice(index, 1) as [T];
  next.splice(to, 0, item);
  return next;
}
