import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's root folder: the nearest folder at or above `from` with a package.json. The
 * server runs both from its sources (server/…) and from the build (dist/server/…), so a fixed
 * number of `..` would be right for only one of them.
 */
export function findRepoRoot(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}
