import { rmSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { Api } from '../../integration/support/api.js';
import { spawnServer, type ChildServer } from '../../integration/support/childServer.js';
import { tempDataDir } from '../../integration/support/testServer.js';
import { startPostgres, type PostgresServer } from '../../services/postgres.js';
import { startRedis, type RedisServer } from '../../services/redis.js';

// Three hoinghi nodes as separate processes (server/main.ts, as an operator runs it), each on its
// own loopback address, on one PostgreSQL and one Redis that the test starts in temp dirs.

export const ADDRESSES = { A: '127.0.0.2', B: '127.0.0.3', C: '127.0.0.4' } as const;
export type NodeName = keyof typeof ADDRESSES;

export interface TestCluster {
  readonly postgres: PostgresServer;
  readonly redis: RedisServer;
  /** the test's own connection to the cluster's database */
  readonly db: pg.Pool;
  /** the nodes running now (a killed one is removed with `forget`) */
  readonly nodes: Map<NodeName, ChildServer>;
  /**
   * `entry`: another server entry (e.g. one with synthetic points sending into its SFU);
   * `restart`: on the data dir the node had before (it comes back with what it recorded)
   */
  startNode(node: NodeName, env?: Record<string, string>, entry?: string, options?: { restart?: boolean }): Promise<ChildServer>;
  url(node: NodeName): string;
  /** the node's data dir (recordings, stills and the live program's HLS are written under it) */
  dataDir(node: NodeName): string;
  /** the node's HTTP API as the server admin */
  api(node: NodeName): Api;
  /** who writes a conference now, by its lease and the node registry (null while nobody does) */
  ownerUrl(conferenceId: string): Promise<string | null>;
  dispose(): Promise<void>;
}

/** A cluster of the three nodes most tests use: A first (it writes what is set up through it), then B and C together. */
export async function startThreeNodes(): Promise<TestCluster> {
  const cluster = await startCluster();
  await cluster.startNode('A');
  await Promise.all([cluster.startNode('B'), cluster.startNode('C')]);
  return cluster;
}

export async function startCluster(): Promise<TestCluster> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase();
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  db.on('error', () => undefined); // PostgreSQL may be restarted on purpose
  const nodes = new Map<NodeName, ChildServer>();
  const started: [NodeName, ChildServer][] = [];
  const dataDirs: string[] = [];
  const dataDirOf = new Map<NodeName, string>();
  const url = (node: NodeName) => nodes.get(node)!.url;
  return {
    postgres,
    redis,
    db,
    nodes,
    url,
    dataDir: (node) => dataDirOf.get(node)!,
    api: (node) => new Api(url(node), nodes.get(node)!.serverAdminToken),
    startNode: async (node, env = {}, entry, options = {}) => {
      const before = options.restart ? dataDirOf.get(node) : undefined;
      const dataDir = before ?? tempDataDir();
      if (!before) dataDirs.push(dataDir);
      dataDirOf.set(node, dataDir);
      const child = await spawnServer(dataDir, {
        HOINGHI_HOST: ADDRESSES[node],
        RTC_LISTEN_IP: ADDRESSES[node],
        HOINGHI_DATABASE_URL: databaseUrl,
        HOINGHI_REDIS_URL: redis.url,
        ...env,
      }, entry);
      nodes.set(node, child);
      started.push([node, child]);
      return child;
    },
    ownerUrl: async (conferenceId) => {
      const { rows } = await db.query<{ url: string }>(
        `SELECT n.url FROM conference_leases l JOIN cluster_nodes n ON n.node_id = l.owner WHERE l.conference_id = $1 AND l.expires_at > now()`,
        [conferenceId],
      );
      return rows[0]?.url ?? null;
    },
    dispose: async () => {
      // The nodes' logs, for a failure's diagnosis (HOINGHI_CLUSTER_TEST_LOGS=dir).
      const logs = process.env['HOINGHI_CLUSTER_TEST_LOGS'];
      if (logs) for (const [name, node] of started) writeFileSync(`${logs}/node-${name}.log`, `${node.stdout()}\n--- stderr ---\n${node.stderr()}`);
      await Promise.all(started.map(([, n]) => n.stop()));
      await db.end();
      await Promise.all([postgres.dispose(), redis.dispose()]);
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it holds; `more` says what a timeout should report. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, more: () => unknown = () => ''): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${JSON.stringify(more())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
