import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../../server/app.js';
import { loadConfig } from '../../../server/config/config.js';
import { createLogger } from '../../../server/log/logger.js';

// A real server on port 0 with a real SQLite file in a temp dir, as the integration tests use it.

export interface TestServer extends RunningServer {
  readonly dataDir: string;
  /** stops the server and removes its data dir */
  dispose(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'hoinghi-it-'));
}

export async function startTestServer(
  options: StartOptions & { dataDir?: string; env?: Record<string, string>; keepData?: boolean; log?: { level: string; destination: NodeJS.WritableStream } } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const config = loadConfig({
    HOINGHI_HOST: '127.0.0.1',
    HOINGHI_PORT: '0',
    HOINGHI_DATA_DIR: dataDir,
    HOINGHI_SEED_DEMO: 'false',
    HOINGHI_LOG_LEVEL: 'silent',
    RTC_WORKERS: '1',
    ...options.env,
  });
  const logger = options.log ? createLogger(options.log.level, options.log.destination) : createLogger(process.env['HOINGHI_TEST_LOG'] ?? 'silent');
  const server = await startServer(config, logger, {
    media: false,
    printLinks: false,
    presenceGraceMs: 300,
    failedJoins: { capacity: 1000, refillMs: 1000 },
    ...options,
  });
  return {
    ...server,
    dataDir,
    dispose: async () => {
      await server.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
