import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startRestartable, startService, type RestartableService } from './serviceProcess.js';
import { handOver, unprivilegedUser } from './unprivileged.js';

// A PostgreSQL 15 server of the test's own: Debian's binaries, a cluster made by initdb in a temp
// dir, listening on 127.0.0.1 at a free port (no Unix socket), gone after dispose(). No system
// cluster or service is used. Tests that need one start it in beforeAll (about 1–2 s).

export const PG_BIN = process.env['HOINGHI_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const USER = 'hoinghi';

export interface PostgresServer extends RestartableService {
  /** the cluster's `postgres` database (for admin statements) */
  readonly url: string;
  /** a new empty database; returns its URL */
  createDatabase(): Promise<string>;
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

  const launch = (port: number) =>
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

  // Fast shutdown (SIGINT): sessions are cut, the data stays.
  const service = await startRestartable(dir, launch, 'SIGINT');
  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${service.port}/${database}`;
  return Object.assign(service, {
    url: urlOf('postgres'),
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
  });
}

/** One statement on its own connection, as an operator with psql would run it (a test's back door). */
export async function sqlOnce(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
