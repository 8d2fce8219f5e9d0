import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './freePort.js';
import { startService, ServiceStartError, type ServiceProcess } from './serviceProcess.js';
import { handOver, unprivilegedUser } from './unprivileged.js';

// A PostgreSQL 15 server of the test's own: Debian's binaries, a cluster made by initdb in a temp
// dir, listening on 127.0.0.1 at a free port (no Unix socket), gone after dispose(). No system
// cluster or service is used. Tests that need one start it in beforeAll (about 1–2 s).

export const PG_BIN = process.env['HOINGHI_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const USER = 'hoinghi';

export interface PostgresServer {
  /** the temp dir holding the cluster */
  readonly dir: string;
  readonly port: number;
  /** the cluster's `postgres` database (for admin statements) */
  readonly url: string;
  /** a new empty database; returns its URL */
  createDatabase(): Promise<string>;
  /** fast shutdown (SIGINT): sessions are cut, the data stays; start() brings it back */
  stop(): Promise<void>;
  /** starts it again on the same data and port after stop() */
  start(): Promise<void>;
  readonly running: boolean;
  /** stops it and removes its directory */
  dispose(): Promise<void>;
}

let databases = 0;

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hoinghi-pg-'));
  handOver(dir);
  const dataDir = join(dir, 'data');
  const user = unprivilegedUser();
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  // LC_ALL pins the cluster's locale: the conference texts are Vietnamese UTF-8 whatever the host says.
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
  try {
    await promisify(execFile)(
      join(PG_BIN, 'initdb'),
      ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
      { ...asUser, env, cwd: dir },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }

  let port = 0;
  let service: ServiceProcess | null = null;
  const launch = () =>
    startService(
      join(PG_BIN, 'postgres'),
      [
        '-D', dataDir,
        '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=',
        // The tests kill hoinghi, not the machine: COMMIT semantics stay exact, only the flush to
        // the platter is skipped, which costs seconds on a shared 2-core CI box.
        '-c', 'fsync=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
      ],
      { ...asUser, env, cwd: dir, ready: /ready to accept connections/, portTaken: /could not bind|Address already in use/ },
    );

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

  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  const server: PostgresServer = {
    dir,
    port,
    url: urlOf('postgres'),
    get running() {
      return service !== null;
    },
    createDatabase: async () => {
      const name = `hoinghi_test_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    stop: async () => {
      const s = service;
      service = null;
      await s?.stop('SIGINT');
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
