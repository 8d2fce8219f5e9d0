import { existsSync } from 'node:fs';
import pg from 'pg';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';
import { startRedis } from './redis.js';

// The test services themselves: each test that needs PostgreSQL or Redis relies on these starting
// on a free loopback port, surviving a stop/start on the same data, and leaving nothing behind.

describe('test services', () => {
  it('starts PostgreSQL 15 as an unprivileged user, keeps data across a restart, and removes it all', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const version = await client.query<{ v: string; user: string }>("SELECT current_setting('server_version_num') AS v, current_user AS user");
      expect(Number(version.rows[0]!.v)).toBeGreaterThanOrEqual(150000);
      expect(Number(version.rows[0]!.v)).toBeLessThan(160000);
      await client.query('CREATE TABLE t (x text)');
      await client.query("INSERT INTO t VALUES ('Hội nghị trực tuyến')");
      await client.end();

      await server.stop();
      expect(server.running).toBe(false);
      await expect(new pg.Client({ connectionString: url }).connect()).rejects.toThrow(/ECONNREFUSED/);
      await server.start();
      const again = new pg.Client({ connectionString: url });
      await again.connect();
      expect((await again.query<{ x: string }>('SELECT x FROM t')).rows).toEqual([{ x: 'Hội nghị trực tuyến' }]);
      await again.end();
    } finally {
      await server.dispose();
    }
    await expect(new pg.Client({ connectionString: server.url }).connect()).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('starts Redis 7 with a generated config on a free port and stops it', async () => {
    const server = await startRedis();
    try {
      const client = createClient({ url: server.url });
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      const info = await client.info('server');
      expect(/redis_version:(\d+)/.exec(info)?.[1]).toBe('7');
      expect(await client.configGet('bind')).toEqual({ bind: '127.0.0.1' });
      await client.quit();
    } finally {
      await server.dispose();
    }
    expect(server.running).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });
});
