import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { startService, ServiceStartError, type ServiceProcess } from './serviceProcess.js';

// A Redis 7 server of the test's own: Debian's redis-server with a generated config, on 127.0.0.1
// at a free port, in a temp dir, gone after dispose(). No persistence: what the cluster keeps in
// Redis is a message bus and can be lost (clients catch up from the log).

export const REDIS_SERVER = process.env['HOINGHI_REDIS_SERVER'] ?? '/usr/bin/redis-server';

export interface RedisServer {
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  /** stops it (SIGTERM); start() brings it back, empty, on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
  dispose(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hoinghi-redis-'));
  let port = 0;
  let service: ServiceProcess | null = null;
  const launch = () => {
    const config = join(dir, 'redis.conf');
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        'protected-mode yes',
        `dir ${dir}`,
        'save ""',
        'appendonly no',
        'daemonize no',
        'logfile ""',
        'databases 1',
      ].join('\n') + '\n',
    );
    return startService(REDIS_SERVER, [config], { cwd: dir, ready: /Ready to accept connections/, portTaken: /Address already in use|bind/i });
  };
  try {
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      try {
        service = await launch();
        break;
      } catch (error) {
        if (!(error instanceof ServiceStartError && error.portTaken && attempt < 5)) throw error;
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const server: RedisServer = {
    dir,
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return service !== null;
    },
    stop: async () => {
      const s = service;
      service = null;
      await s?.stop('SIGTERM');
    },
    start: async () => {
      if (service) return;
      service = await launch();
    },
    dispose: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
