import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from './render-all.js';
import { MULTILINE_NOTE, hostileMeeting, type HostileMeeting } from './hostile-meeting.js';

// Finding 2 of the security review (issue 14): delegate names, positions and topics went into
// minutes.md's tables raw, so `<img onerror>` and `[x](javascript:…)` reached whoever rendered the
// web view. The hostile meeting's minutes are rendered here by a real renderer, markdown-it, in
// its most permissive setting (raw HTML on, bare URLs linkified): no HTML, link or image may
// appear (the minutes mean none), only the tags the minutes' own layout uses, and every hostile
// string must come out as the literal text that was typed.

const LAYOUT_TAGS = new Set(['p', 'strong', 'em', 'h1', 'h2', 'h3', 'h4', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'br']);

let meeting: HostileMeeting;
let tokens: Token[];
beforeAll(async () => {
  meeting = hostileMeeting();
  const md = (await render(meeting.events, { report: 'minutes', format: 'md' })).toString('utf8');
  tokens = new MarkdownIt({ html: true, linkify: true }).parse(md, {});
});

const flat = (ts: readonly Token[]): Token[] => ts.flatMap((t) => [t, ...flat(t.children ?? [])]);

/** The literal text of each inline run; any markup inside it breaks the run (shown as ␀). */
const inlineTexts = (): string[] =>
  tokens.filter((t) => t.type === 'inline').map((t) => (t.children ?? []).map((c) => (c.type === 'text' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : '\u0000')).join(''));

describe('Markdown minutes escape what delegates typed (issue 14, finding 2)', () => {
  it('no raw HTML, link or image survives', () => {
    const all = flat(tokens);
    expect(all.filter((t) => ['html_inline', 'html_block', 'link_open', 'image', 'code_inline', 'code_block', 'fence', 's_open'].includes(t.type)).map((t) => `${t.type} ${t.content}`)).toEqual([]);
  });

  it('only the layout of the minutes themselves: headings, lists, tables, quotes, emphasis', () => {
    const tags = new Set(flat(tokens).map((t) => t.tag).filter(Boolean));
    expect([...tags].filter((t) => !LAYOUT_TAGS.has(t))).toEqual([]);
  });

  it('every hostile string comes out as the text that was typed', () => {
    const texts = inlineTexts();
    for (const s of meeting.strings) expect(texts.some((t) => t.includes(s)), s).toBe(true);
  });

  it('a note of several lines stays one quoted paragraph: none of its lines starts a block', () => {
    expect(tokens.filter((t) => t.type === 'heading_open').map((t) => t.tag).filter((t) => t === 'h1')).toHaveLength(1);
    const lines = MULTILINE_NOTE.split('\n').map((l) => l.trim());
    expect(inlineTexts()).toContain(lines.join(' '));
  });

  it('each speech row keeps its eight cells (a pipe in a name does not add a column)', () => {
    const rows: number[] = [];
    let cells = 0;
    for (const t of tokens) {
      if (t.type === 'tr_open') cells = 0;
      if (t.type === 'td_open' || t.type === 'th_open') cells++;
      if (t.type === 'tr_close') rows.push(cells);
    }
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((n) => ![2, 7, 8].includes(n))).toEqual([]);
  });
});
