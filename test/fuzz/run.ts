import { z } from 'zod';
import { COMMAND_TYPES } from '../../shared/protocol/index.js';
import { HTTP_ROUTES } from '../../server/gateway/protocolDoc/httpRoutes.js';
import { runFuzz } from './harness.js';

// `npm run fuzz`: the harness for as long as asked. HOINGHI_FUZZ_SECONDS (default 120) and
// HOINGHI_FUZZ_SEED (default: from the clock, printed so a finding can be replayed) are checked
// with zod; exits 1 when anything was found.

const Env = z.object({
  HOINGHI_FUZZ_SECONDS: z.coerce.number().int().min(5).max(24 * 3600).default(120),
  HOINGHI_FUZZ_SEED: z.coerce.number().int().min(0).max(2 ** 32 - 1).optional(),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  process.stderr.write(`npm run fuzz: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
  process.exit(2);
}
const seconds = parsed.data.HOINGHI_FUZZ_SECONDS;
const seed = parsed.data.HOINGHI_FUZZ_SEED ?? Date.now() % 2 ** 32;
console.log(`fuzzing for ${seconds} s with seed ${seed} (replay: HOINGHI_FUZZ_SEED=${seed} HOINGHI_FUZZ_SECONDS=${seconds} npm run fuzz)`);
const report = await runFuzz({ seed, seconds, restart: true, progress: (line) => console.log(line) });
const sorted = (m: Map<string | number, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(' ');
console.log(`
seed ${report.seed}, ${report.seconds.toFixed(1)} s of fuzzing in ${report.cycles} cycle(s)
socket: ${report.socket.messages} messages (${report.rate.socket}/s), ${report.socket.refused} refused, ${report.socket.handshakes} broken handshakes
  command types sent ${report.socket.typesSent.size}/${COMMAND_TYPES.length}, accepted at least once ${report.socket.typesAccepted.size}
  refusal codes: ${sorted(report.socket.codes)}
  mean ack time (ms): ${[...report.socket.latency].map(([name, [n, ms]]) => `${name} ${(ms / n).toFixed(1)}`).join(', ')}
http: ${report.http.requests} requests (${report.rate.http}/s) to ${report.http.routes.size}/${HTTP_ROUTES.length} routes; statuses ${sorted(report.http.statuses)}
  slowest routes (mean/max ms): ${[...report.http.latency].sort((a, b) => b[1][1] - a[1][1]).slice(0, 5).map(([route, [n, total, max]]) => `${route} ${(total / n).toFixed(0)}/${max}`).join(', ')}
import: ${report.imports.uploads} uploads (${report.rate.imports}/s); statuses ${sorted(report.imports.statuses)}
all inputs: ${report.rate.all}/s; server heap after GC ${report.heapMb.start.toFixed(0)} → peak ${report.heapMb.peak.toFixed(0)} → end ${report.heapMb.end.toFixed(0)} MB (RSS at the end ${report.heapMb.rssEnd.toFixed(0)} MB)
findings: ${report.findings.length === 0 ? 'none' : ''}`);
for (const f of report.findings) console.log(`- ${f.kind} ×${f.count} (first at step ${f.firstStep}): ${f.example}`);
process.exit(report.findings.length === 0 ? 0 : 1);
