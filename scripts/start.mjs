// `npm start`: runs the built server. The build comes from scripts/setup.sh (or `npm run build`);
// without it, say what to do instead of failing on a missing module.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'dist/server/main.js');
if (!existsSync(main) || !existsSync(path.join(root, 'dist/client/index.html'))) {
  process.stderr.write('hoinghi chưa được build / hoinghi is not built yet: run `bash scripts/setup.sh` (or `npm run build`).\n');
  process.exit(1);
}
await import(pathToFileURL(main).href);
