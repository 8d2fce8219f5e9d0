// A real hoinghi node for the signalling benches, in its own process (so the benchmark clients do
// not share its event loop): startServer as server/main.ts does, configured from the environment
// like an operator's node (HOINGHI_DATABASE_URL, HOINGHI_REDIS_URL, HOINGHI_HOST … for a cluster
// node; the embedded SQLite in HOINGHI_DATA_DIR otherwise), media off, the failed-join limiter
// opened wide. Started with spawnServer (test/integration/support/childServer.ts): it prints one
// line {"ready":true,url,serverAdminToken,pid} and stops cleanly on SIGTERM.
// With BENCH_SERVER_PROF=<dir>, SIGUSR2 starts a V8 CPU profile of this process's main thread and
// the next SIGUSR2 writes it to <dir>/server-<pid>-<n>.cpuprofile: the coordinator profiles each
// measured phase alone (not the set-up and the joins). With BENCH_SERVER_LOOP=<dir>, the same
// signals bracket a measure of the event loop's delay and the GC's pauses (bench/lib/loop-watch.ts),
// written to <dir>/server-<pid>-<n>.loop.json.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { startServer } from '../server/app.js';
import { loadConfig } from '../server/config/config.js';
import { LoopWatch } from './lib/loop-watch.js';
import { createLogger } from '../server/log/logger.js';

const config = loadConfig({ HOINGHI_HOST: '127.0.0.1', HOINGHI_PORT: '0', HOINGHI_SEED_DEMO: 'false', HOINGHI_LOG_LEVEL: 'silent', RTC_WORKERS: '1', ...process.env });
const server = await startServer(config, createLogger(config.logLevel), {
  media: false,
  printLinks: false,
  failedJoins: { capacity: 100_000, refillMs: 1 },
});
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, serverAdminToken: server.serverAdminToken, pid: process.pid })}\n`);
const profDir = process.env.BENCH_SERVER_PROF;
if (profDir) {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on('SIGUSR2', () => {
    const toggle = running
      ? session.post('Profiler.stop').then(({ profile }) => writeFileSync(join(profDir, `server-${process.pid}-${++n}.cpuprofile`), JSON.stringify(profile)))
      : session.post('Profiler.enable').then(() => session.post('Profiler.start'));
    running = !running;
    toggle.catch((error: unknown) => process.stderr.write(`profile: ${String(error)}\n`));
  });
}
const loopDir = process.env.BENCH_SERVER_LOOP;
if (loopDir) {
  const watch = new LoopWatch();
  let watching = false;
  let n = 0;
  process.on('SIGUSR2', () => {
    if (watching) writeFileSync(join(loopDir, `server-${process.pid}-${++n}.loop.json`), JSON.stringify(watch.stop()));
    else watch.start();
    watching = !watching;
  });
}
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
