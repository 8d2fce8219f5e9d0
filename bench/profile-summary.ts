// npm run bench:profile -- <file.cpuprofile> [top=25]: the top functions of a V8 CPU profile
// (node --cpu-prof, e.g. bench:signal's BENCH_SERVER_PROF) by self time, with their share of the
// profile's wall time and of its busy (non-idle) time, and the same grouped by package / source
// folder, so a before/after pair of profiles can be compared at a glance.
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npm run bench:profile -- <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const total = profile.endTime - profile.startTime;
const isIdle = (n: Node) => ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName) && n.callFrame.url === '';
let idle = 0;
for (const [id, us] of selfUs) if (byId.get(id)!.callFrame.functionName === '(idle)') idle += us;
const busy = total - idle;

/** A place short enough to read: the package under node_modules, else the path from the repo. */
function where(url: string): string {
  if (url === '') return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const repo = /\/(server|shared|bench|client)\//.exec(url);
  return repo ? url.slice(repo.index + 1) : url.replace(/^file:\/\//, '');
}
function pkg(url: string): string {
  const w = where(url);
  if (w.startsWith('(')) return w;
  const parts = w.split('/');
  if (url.includes('node_modules/')) return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  if (url.startsWith('node:')) return 'node:internal';
  return parts.slice(0, 2).join('/');
}

const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const key = isIdle(n) ? f.functionName : `${f.functionName || '(anonymous)'}  ${where(f.url)}:${f.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const p = isIdle(n) ? f.functionName : pkg(f.url);
  pkgs.set(p, (pkgs.get(p) ?? 0) + us);
}
const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
const print = (title: string, m: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n   self ms   wall   busy\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${(us / 1000).toFixed(0).padStart(10)} ${pct(us, total)} ${k === '(idle)' ? '      ' : pct(us, busy)}  ${k}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s of wall time, ${(busy / 1e6).toFixed(1)} s busy (${pct(busy, total).trim()}), ${profile.samples.length} samples\n`);
print('by function (self time)', fns, top);
print('by package / folder (self time)', pkgs, 15);
