// A real hoinghi node for the signalling benches, in its own process (so the benchmark clients do
// not share its event loop): startServer as server/main.ts does, configured from the environment
// like an operator's node (HOINGHI_DATABASE_URL, HOINGHI_REDIS_URL, HOINGHI_HOST … for a cluster
// node; the embedded SQLite in HOINGHI_DATA_DIR otherwise), media off, the failed-join limiter
// opened wide. Started with spawnServer (test/integration/support/childServer.ts): it prints one
// line {"ready":true,url,serverAdminToken,pid} and stops cleanly on SIGTERM.
import { startServer } from '../server/app.js';
import { loadConfig } from '../server/config/config.js';
import { createLogger } from '../server/log/logger.js';

const config = loadConfig({ HOINGHI_HOST: '127.0.0.1', HOINGHI_PORT: '0', HOINGHI_SEED_DEMO: 'false', HOINGHI_LOG_LEVEL: 'silent', RTC_WORKERS: '1', ...process.env });
const server = await startServer(config, createLogger(config.logLevel), {
  media: false,
  printLinks: false,
  failedJoins: { capacity: 100_000, refillMs: 1 },
});
process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, serverAdminToken: server.serverAdminToken, pid: process.pid })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
