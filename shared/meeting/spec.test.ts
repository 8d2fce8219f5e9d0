import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

// SPEC.md and the tests keep each other honest: every rule is cited by a test name, every cited
// rule exists, and every error code is asserted by some test through expectRefused (which checks
// the code decide really returned).

const here = fileURLToPath(new URL('.', import.meta.url));
const spec = readFileSync(join(here, 'SPEC.md'), 'utf8');
const testDirs = [here, join(here, '../demo'), join(here, '../protocol')];
const tests = testDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8')),
);

const RULE = /R-[A-Z]+-\d+/g;
const rules = [...new Set([...spec.matchAll(/\*\*(R-[A-Z]+-\d+)\*\*/g)].map((m) => m[1]!))];
const testNames = tests.flatMap((t) => [...t.matchAll(/\bit\(\s*(`[^`]*`|'(?:[^'\\]|\\.)*'|"[^"]*")/g)].map((m) => m[1]!));
const cited = new Set(testNames.flatMap((n) => n.match(RULE) ?? []));

describe('SPEC.md ↔ tests', () => {
  it('R-CORE-1: SPEC.md lists its rules once each, and tests exist', () => {
    const all = [...spec.matchAll(/\*\*(R-[A-Z]+-\d+)\*\*/g)].map((m) => m[1]!);
    expect(all.length).toBe(rules.length);
    expect(rules.length).toBeGreaterThan(60);
    expect(testNames.length).toBeGreaterThan(80);
  });

  it('R-CORE-1: every rule in SPEC.md is cited in some test name', () => {
    expect(rules.filter((r) => !cited.has(r))).toEqual([]);
  });

  it('R-CORE-1: every rule a test cites is in SPEC.md', () => {
    expect([...cited].filter((r) => !rules.includes(r))).toEqual([]);
  });

  it('R-CORE-2: every error code is asserted by some test', () => {
    const asserted = new Set(tests.flatMap((t) => [...t.matchAll(/expectRefused\([\s\S]*?,\s*'([A-Z_]+)'\s*\)/g)].map((m) => m[1]!)));
    expect(ERROR_CODES.filter((c) => !asserted.has(c))).toEqual([]);
    expect([...asserted].filter((c) => !(ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
