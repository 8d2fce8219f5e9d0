// Test helpers for the import tests (not product code: reads fixtures with node:fs).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ImportIssue, ImportResult, InvitationRow } from './index.js';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir, name)));
}

/** The rows of a successful import; fails the test with the file's errors otherwise. */
export function rowsOf(result: ImportResult): InvitationRow[] {
  if (!result.ok) expect.fail(`import failed: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.rows;
}

export function warningsOf(result: ImportResult): ImportIssue[] {
  if (!result.ok) expect.fail(`import failed: ${result.errors.map((e) => e.message).join(' | ')}`);
  return result.warnings;
}

export function errorsOf(result: ImportResult): ImportIssue[] {
  if (result.ok) expect.fail(`import unexpectedly succeeded with ${result.rows.length} rows`);
  return result.errors;
}
