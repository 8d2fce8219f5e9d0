import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The consoles bound what people type with the protocol's own limits (TEXT_LIMITS, MAX_HEADCOUNT
// of shared/protocol), never with a number of their own that can drift from the schema.

const UI = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.tsx') && !e.name.includes('.test.') ? [full] : [];
  });
}

describe('console input limits', () => {
  it('no input carries a literal maxLength or max', () => {
    const literal = /\b(maxLength|max)=\{\s*[\d_]+\s*\}/g;
    const found = sources(UI).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(literal)].map((m) => `${path.relative(UI, file)}: ${m[0]}`));
    expect(found).toEqual([]);
  });
});
