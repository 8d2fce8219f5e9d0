// Compiles the benchmark's C helpers (bench/native/*.c) with Debian's gcc, once per source hash,
// into a cache outside the repo. Nothing native is committed as a binary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');

export function buildNative(name: string, libs: string[] = []): string {
  const src = join(nativeDir, `${name}.c`);
  const hash = createHash('sha256').update(readFileSync(src)).update(libs.join(' ')).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'hoinghi-bench-native');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `${name}-${hash}`);
  if (!existsSync(bin)) {
    execFileSync('gcc', ['-O2', '-march=native', '-Wall', '-Wno-deprecated-declarations', '-o', `${bin}.part`, src, ...libs], { stdio: ['ignore', 'inherit', 'inherit'] });
    renameSync(`${bin}.part`, bin);
  }
  return bin;
}
