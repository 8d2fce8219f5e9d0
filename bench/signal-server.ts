// The real hoinghi server for bench:signal, in its own process (so the 1,000 benchmark clients do
// not share its event loop): startServer on port 0 with a temp SQLite data dir, media off.
// Prints one JSON line {url, serverAdminToken, pid} and runs until its stdin closes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../server/app.js';
import { loadConfig } from '../server/config/config.js';
import { createLogger } from '../server/log/logger.js';

const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'hoinghi-bench-signal-'));
const config = loadConfig({
  HOINGHI_HOST: '127.0.0.1',
  HOINGHI_PORT: '0',
  HOINGHI_DATA_DIR: dataDir,
  HOINGHI_SEED_DEMO: 'false',
  HOINGHI_LOG_LEVEL: 'silent',
  RTC_WORKERS: '1',
});
const server = await startServer(config, createLogger('silent'), {
  media: false,
  printLinks: false,
  failedJoins: { capacity: 100_000, refillMs: 1 },
});
process.stdout.write(`${JSON.stringify({ url: server.url, serverAdminToken: server.serverAdminToken, pid: process.pid, dataDir })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => {
    if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
