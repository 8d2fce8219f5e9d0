import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXTS } from '../../shared/terms/errors.js';

// Every code the server can refuse with, over the socket and over HTTP, has its words in the one
// catalogue (shared/terms/errors.ts), so a console never falls back to the server's text. The
// types already hold HttpError and the acks to catalogue codes; this reads the server's source
// for every code literal in a refusal (an HttpError, an `ok: false` ack, a JSON error body) to
// catch one that reaches the wire untyped.

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REFUSALS = [
  /new HttpError\(\s*[\w.[\]]+,\s*'([A-Z_]+)'/g,
  /ok: false,\s*code: '([A-Z_]+)'/g,
  /json\(\{\s*code: '([A-Z_]+)'/g,
  /send\(\d{3}, '([A-Z_]+)'/g,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.includes('.test') && !e.name.endsWith('.contract.ts') ? [p] : [];
  });
}

describe('the codes the server sends', () => {
  it('are all in the error catalogue, with Vietnamese and English words', () => {
    const found = new Map<string, string>();
    for (const file of sources(SERVER)) {
      const text = readFileSync(file, 'utf8');
      for (const re of REFUSALS) for (const m of text.matchAll(re)) found.set(m[1]!, path.relative(SERVER, file));
    }
    // the scan sees the HTTP-only refusals as well as the socket's
    for (const code of ['UNKNOWN_LINK', 'RECORDING_RUNNING', 'TOKEN_MALFORMED', 'BAD_REQUEST', 'TOO_LARGE']) expect([...found.keys()]).toContain(code);
    const catalogue: Partial<Record<string, { vi: string; en: string }>> = ERROR_TEXTS;
    const missing = [...found].filter(([code]) => !catalogue[code]?.vi || !catalogue[code]?.en).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
