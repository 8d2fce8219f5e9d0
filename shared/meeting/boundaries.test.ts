import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The core runs in the browser: scan its source for imports it must not have.

const root = fileURLToPath(new URL('../..', import.meta.url));
const CORE_DIRS = ['shared/protocol', 'shared/meeting', 'shared/demo'];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const p of patterns) for (const m of text.matchAll(p)) out.push(m[1]!);
  return out;
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('the core stays portable', () => {
  const files = CORE_DIRS.flatMap(sources);

  it('R-CORE-6: the scan sees the core files', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('shared/meeting/decide.ts');
    expect(specifiers("import { x } from './a.js';\nexport * from '../b.js';\nimport 'c';\nawait import('node:fs');")).toEqual(['./a.js', '../b.js', 'c', 'node:fs']);
  });

  it('R-CORE-6: no import from server/ or client/, no Node built-in, only zod from outside', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const spec of specifiers(text)) {
        const where = `${file}: ${spec}`;
        if (NODE_BUILTINS.has(spec) || spec.startsWith('node:')) problems.push(`${where} (Node built-in)`);
        else if (spec.startsWith('.')) {
          const target = relative(root, join(root, file, '..', spec));
          if (!target.startsWith('shared/')) problems.push(`${where} (outside shared/)`);
        } else if (spec !== 'zod') problems.push(`${where} (package other than zod)`);
      }
      if (/\b(process\.|Date\.now\(|new Date\(\)|Math\.random\()/.test(text)) problems.push(`${file} reads a clock, randomness or the process`);
    }
    expect(problems).toEqual([]);
  });
});
