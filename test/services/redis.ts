import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRestartable, startService, type RestartableService } from './serviceProcess.js';

// A Redis 7 server of the test's own: Debian's redis-server with a generated config, on 127.0.0.1
// at a free port, in a temp dir, gone after dispose(). No persistence: what the cluster keeps in
// Redis is a message bus and can be lost (clients catch up from the log).

export const REDIS_SERVER = process.env['HOINGHI_REDIS_SERVER'] ?? '/usr/bin/redis-server';

/** stop() is a clean SIGTERM; start() brings it back, empty, on the same port. */
export interface RedisServer extends RestartableService {
  readonly url: string;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hoinghi-redis-'));
  const launch = (port: number) => {
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
  const service = await startRestartable(dir, launch, 'SIGTERM');
  return Object.assign(service, { url: `redis://127.0.0.1:${service.port}` });
}
