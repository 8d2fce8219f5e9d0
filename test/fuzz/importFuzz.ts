import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Fuzz } from '../../shared/meeting/fuzz-commands.js';
import { INVITATIONS_CSV } from '../integration/support/fixture.js';
import type { PhaseContext } from './context.js';

// The invitation-list import, end to end (HTTP upload → parser → core command), on mutated real
// files: the importer's CSV and XLSX fixtures and the conference's own list, changed the way a
// spreadsheet program, a bad copy or an attacker would change them. XLSX files are mutated
// inside their zip (the sheet's XML, the shared strings), so the parser reads past the zip layer.

const FIXTURES = path.resolve(import.meta.dirname, '../../shared/import/fixtures');
const HOSTILE = ['=HYPERLINK("http://x")', '<script>alert(1)</script>', '"', '""', '\u0000', '\r', ';;;', 'ư'.repeat(400), '&amp;', ']]>', '<!--'];
const XML_BREAKS: ((xml: string, f: Fuzz) => string)[] = [
  (xml) => xml.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
  (xml, f) => xml.slice(0, f.int(xml.length)),
  (xml) => xml.replace(/<\/row>/, ''),
  (xml) => xml.replace(/r="([A-Z]+)(\d+)"/, 'r="XFD1048576"'),
  (xml, f) => xml.replace(/<v>[^<]*<\/v>/, `<v>${f.pick(['99999999', '-1', 'NaN', '1e400', 'x'])}</v>`),
  (xml, f) => xml.replace(/<t([^>]*)>[^<]*<\/t>/, `<t$1>${f.pick(HOSTILE).replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</t>`),
  (xml) => xml.replace(/(<row[^>]*>.*?<\/row>)/s, '$1$1$1'),
];

function seeds(): { name: string; bytes: Uint8Array }[] {
  const files = readdirSync(FIXTURES).filter((f) => /\.(csv|xlsx|txt)$/.test(f));
  return [{ name: 'conference.csv', bytes: strToU8(INVITATIONS_CSV) }, ...files.map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, f))) }))];
}

function mutateCsv(f: Fuzz, bytes: Uint8Array): [string, Uint8Array] {
  const text = strFromU8(bytes, true);
  const lines = text.split(/\r?\n/);
  const i = f.int(lines.length);
  switch (f.int(7)) {
    case 0:
      lines[i] = `${lines[i]},${f.pick(HOSTILE)}`;
      return ['hostile cell', strToU8(lines.join('\r\n'))];
    case 1:
      lines.splice(i, 0, ...Array.from({ length: 50 }, () => lines[i] ?? ''));
      return ['row repeated', strToU8(lines.join('\n'))];
    case 2:
      return ['delimiters swapped', strToU8(text.replace(/,/g, f.pick([';', '\t', '|', '","'])))];
    case 3:
      return ['unbalanced quote', strToU8(text.replace(/,/, ',"'))];
    case 4:
      return ['header only', strToU8(lines[0] ?? '')];
    case 5:
      return ['long line', strToU8(`${text}\n${'x,'.repeat(20_000)}`)];
    default: {
      const copy = bytes.slice();
      for (let n = 1 + f.int(8); n > 0; n--) if (copy.length > 0) copy[f.int(copy.length)] = f.int(256);
      return ['bytes flipped', copy];
    }
  }
}

function mutateXlsx(f: Fuzz, bytes: Uint8Array): [string, Uint8Array] {
  // A zip bomb is mutated as bytes only: inflating it here would take seconds, long enough for the
  // server to close the idle keep-alive connection the next upload reuses (a race in the client,
  // not a server fault: the first run of this harness reported it as 'fetch failed').
  const bomb = (() => {
    let big = false;
    unzipSync(bytes, { filter: (file) => ((big ||= file.originalSize > 8 * 1024 * 1024), false) });
    return big;
  })();
  if (bomb || f.chance(0.2)) {
    const copy = bytes.slice(0, f.chance(0.5) ? f.int(bytes.length) : bytes.length);
    for (let n = f.int(6); n > 0; n--) if (copy.length > 0) copy[f.int(copy.length)] = f.int(256);
    return ['zip bytes broken', copy];
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    return ['not a zip', bytes];
  }
  const xmlNames = Object.keys(entries).filter((n) => /sheet\d*\.xml$|sharedStrings\.xml$|workbook\.xml$/.test(n));
  if (xmlNames.length === 0) return ['no sheet', bytes];
  const name = f.pick(xmlNames);
  const breakIt = f.pick(XML_BREAKS);
  entries[name] = strToU8(breakIt(strFromU8(entries[name]!), f));
  if (f.chance(0.1)) delete entries[f.pick(Object.keys(entries))];
  return [`${name} changed`, zipSync(entries)];
}

export interface ImportStats {
  uploads: number;
  readonly statuses: Map<number, number>;
}

export function newImportStats(): ImportStats {
  return { uploads: 0, statuses: new Map() };
}

export class ImportFuzzer {
  readonly #seeds = seeds();
  readonly #c: PhaseContext;
  readonly stats: ImportStats;
  step = 0;

  constructor(context: PhaseContext, options: { stats: ImportStats }) {
    this.#c = context;
    this.stats = options.stats;
  }

  /** One mutated upload as the conference's admin: 200 or a coded 4xx, fast, and a 4xx changes nothing. */
  async upload(): Promise<void> {
    this.step++;
    const f = this.#c.fuzz;
    const seed = f.pick(this.#seeds);
    // now and then the file as it is, so the path that imports is walked too
    const [mutation, bytes] = f.chance(0.15) ? ['as is', seed.bytes] : seed.name.endsWith('.xlsx') ? mutateXlsx(f, seed.bytes) : mutateCsv(f, seed.bytes);
    const mode = f.pick(['replace', 'append']);
    const what = `${seed.name} (${mutation}, ${bytes.length} bytes, ${mode})`;
    const before = this.#c.log.heads();
    const started = Date.now();
    const res = await fetch(`${this.#c.url}/api/conferences/${this.#c.conference.conferenceId}/invitations?mode=${mode}&fileName=${encodeURIComponent(seed.name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#c.conference.tokens.get('admin')}`, 'content-type': seed.name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' },
      body: bytes as BodyInit,
      signal: AbortSignal.timeout(30_000),
    }).catch((error: Error) => error);
    if (res instanceof Error) {
      this.#c.findings.add('import upload failed', `${what}: ${res.message} (${(res.cause as Error | undefined)?.message ?? ''})`, this.step);
      return;
    }
    const text = await res.text();
    this.stats.uploads++;
    this.stats.statuses.set(res.status, (this.stats.statuses.get(res.status) ?? 0) + 1);
    if (Date.now() - started > 10_000) this.#c.findings.add('slow import', `${what}: ${Date.now() - started} ms`, this.step);
    if (res.status >= 500) this.#c.findings.add(`import answered ${res.status}`, `${what}: ${text.slice(0, 300)}`, this.step);
    else if (res.status >= 400) {
      if (!/"code":"[A-Z_]+"/.test(text)) this.#c.findings.add('import refusal without a code', `${what}: ${text.slice(0, 200)}`, this.step);
      for (const row of this.#c.log.caused(before)) this.#c.findings.add('refused import changed the log', `${what}: ${row.event.type}`, this.step);
    }
  }
}
