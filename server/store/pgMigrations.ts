// Schema of the PostgreSQL event store, as numbered migrations recorded in `schema_migrations`,
// the same way as the SQLite store (sqliteMigrations.ts). Several nodes may start at once against
// one database: a transaction-scoped advisory lock makes them migrate one after the other.
// Append new migrations at the end; never edit one that has shipped.
import type pg from 'pg';
import { StoreVersionError } from './errors.js';

interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'conferences with their head seq, the event log, snapshots, meta, the group append',
    sql: `
      -- The head lives apart from the rows, as in SQLite: rows lost at the end of the log are then
      -- a gap on read, not a shorter meeting. created_order gives conferences() its order.
      CREATE TABLE conferences (
        id            text   NOT NULL PRIMARY KEY,
        last_seq      bigint NOT NULL CHECK (last_seq >= 1),
        created_at    bigint NOT NULL,
        created_order bigint GENERATED ALWAYS AS IDENTITY UNIQUE
      );
      -- The primary key is the "unique (conference, seq)" that decides who wrote a seq first.
      -- Events are text, not jsonb: a row is returned byte for byte as written and checked on read.
      CREATE TABLE events (
        conference_id text   NOT NULL REFERENCES conferences (id),
        seq           bigint NOT NULL CHECK (seq >= 1),
        event         text   NOT NULL,
        recorded_at   bigint NOT NULL,
        PRIMARY KEY (conference_id, seq)
      );
      CREATE TABLE snapshots (
        conference_id text   NOT NULL PRIMARY KEY REFERENCES conferences (id),
        seq           bigint NOT NULL CHECK (seq >= 1),
        state         text   NOT NULL,
        saved_at      bigint NOT NULL
      );
      CREATE TABLE meta (
        key   text NOT NULL PRIMARY KEY,
        value text NOT NULL
      );

      -- A group of appends, of any conferences, in ONE statement: one round trip and one commit
      -- for all of them. Each append is all or nothing on its own (the BEGIN … EXCEPTION block is
      -- a subtransaction): a seq conflict or a failed insert refuses that append alone, and the
      -- rest of the group commits. Job i appends counts[i] rows of \`rows\`, in order, after
      -- expected_seqs[i]. The head moves by compare-and-set, so a writer that raced us is seen
      -- here, by the database, whatever any process holds in memory.
      CREATE FUNCTION hoinghi_append_group(conference_ids text[], expected_seqs bigint[], counts int[], rows text[], now_ms bigint)
        RETURNS TABLE (ok boolean, first_seq bigint, last_seq bigint, actual_seq bigint, error_code text, error_message text)
        LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        i int;
        offs int := 0;
        cid text;
        expected bigint;
        n int;
      BEGIN
        FOR i IN 1 .. coalesce(array_length(conference_ids, 1), 0) LOOP
          cid := conference_ids[i];
          expected := expected_seqs[i];
          n := counts[i];
          BEGIN
            UPDATE conferences c SET last_seq = expected + n WHERE c.id = cid AND c.last_seq = expected;
            IF NOT FOUND AND expected = 0 THEN
              INSERT INTO conferences (id, last_seq, created_at) VALUES (cid, n, now_ms) ON CONFLICT (id) DO NOTHING;
            END IF;
            IF NOT FOUND THEN
              RETURN QUERY SELECT false, NULL::bigint, NULL::bigint,
                coalesce((SELECT c.last_seq FROM conferences c WHERE c.id = cid), 0), 'SEQ_CONFLICT'::text, NULL::text;
            ELSE
              INSERT INTO events (conference_id, seq, event, recorded_at)
                SELECT cid, expected + k, rows[offs + k], now_ms FROM generate_series(1, n) AS k;
              RETURN QUERY SELECT true, expected + 1, expected + n, NULL::bigint, NULL::text, NULL::text;
            END IF;
          EXCEPTION
            WHEN unique_violation THEN
              RETURN QUERY SELECT false, NULL::bigint, NULL::bigint,
                coalesce((SELECT c.last_seq FROM conferences c WHERE c.id = cid), 0), 'SEQ_CONFLICT'::text, SQLERRM;
            WHEN OTHERS THEN
              RETURN QUERY SELECT false, NULL::bigint, NULL::bigint, NULL::bigint, SQLSTATE::text, SQLERRM;
          END;
          offs := offs + n;
        END LOOP;
      END
      $fn$;
    `,
  },
  {
    version: 2,
    description: 'conference leases with a fencing token; the group append checks the fence',
    sql: `
      -- Which node may write a conference. Times are the database's own clock (now()), so nodes
      -- with skewed clocks still agree on when a lease ran out. token grows at every takeover.
      CREATE TABLE conference_leases (
        conference_id text        NOT NULL PRIMARY KEY,
        owner         text        NOT NULL,
        token         bigint      NOT NULL CHECK (token >= 1),
        expires_at    timestamptz NOT NULL
      );

      -- Version 1's group append, with fence_tokens: where not NULL, an append goes through only
      -- while that token is still the conference's current lease token; each append is then
      -- version 1's own (a one-job call: its subtransaction and seq check unchanged). FOR SHARE
      -- holds the lease row until this statement's transaction ends, so a takeover (an UPDATE of
      -- the row) waits for an append already checked and commits after it: the new owner's replay
      -- includes it. An append after the takeover sees the new token and is refused as LEASE_LOST.
      CREATE FUNCTION hoinghi_append_group(conference_ids text[], expected_seqs bigint[], counts int[], rows text[], now_ms bigint, fence_tokens bigint[])
        RETURNS TABLE (ok boolean, first_seq bigint, last_seq bigint, actual_seq bigint, error_code text, error_message text)
        LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        i int;
        offs int := 0;
        n int;
        current_token bigint;
      BEGIN
        FOR i IN 1 .. coalesce(array_length(conference_ids, 1), 0) LOOP
          n := counts[i];
          current_token := NULL;
          IF fence_tokens[i] IS NOT NULL THEN
            SELECT l.token INTO current_token FROM conference_leases l WHERE l.conference_id = conference_ids[i] FOR SHARE;
          END IF;
          IF fence_tokens[i] IS NOT NULL AND current_token IS DISTINCT FROM fence_tokens[i] THEN
            -- actual_seq carries the current token for a fenced-out append.
            RETURN QUERY SELECT false, NULL::bigint, NULL::bigint, current_token, 'LEASE_LOST'::text, NULL::text;
          ELSE
            RETURN QUERY SELECT * FROM hoinghi_append_group(
              ARRAY[conference_ids[i]], ARRAY[expected_seqs[i]], ARRAY[n], rows[offs + 1 : offs + n], now_ms);
          END IF;
          offs := offs + n;
        END LOOP;
      END
      $fn$;
    `,
  },
  {
    version: 3,
    description: 'the cluster node registry: where each node is reached, its workers and load',
    sql: `
      -- One row per running node (node_id is the lease owner's name, new at every start). A node
      -- refreshes seen_at every tick; a row not seen for a while is a node that died or stopped.
      CREATE TABLE cluster_nodes (
        node_id     text        NOT NULL PRIMARY KEY,
        url         text        NOT NULL,
        workers     int         NOT NULL CHECK (workers >= 0),
        sockets     int         NOT NULL CHECK (sockets >= 0),
        conferences int         NOT NULL CHECK (conferences >= 0),
        started_at  timestamptz NOT NULL DEFAULT now(),
        seen_at     timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    description: 'points\' devices per node (presence across nodes) and each node\'s region (placement)',
    sql: `
      -- How many devices of a point each node holds now (live and standby). A point is online
      -- while some live node (seen lately in cluster_nodes) holds one; a dead node's rows stop
      -- counting when its heartbeat stops, and are removed by the next node that tidies up.
      CREATE TABLE cluster_point_devices (
        node_id       text NOT NULL,
        conference_id text NOT NULL,
        point_id      text NOT NULL,
        live          int  NOT NULL CHECK (live >= 0),
        standby       int  NOT NULL CHECK (standby >= 0),
        PRIMARY KEY (conference_id, point_id, node_id)
      );
      CREATE INDEX cluster_point_devices_node ON cluster_point_devices (node_id);
      -- Where a node serves (HOINGHI_REGION, e.g. a province's code); null: any region.
      ALTER TABLE cluster_nodes ADD COLUMN region text;
    `,
  },
  {
    version: 5,
    description: 'each node\'s public URL (where browsers reach it: failover and placement)',
    sql: `
      -- Where browsers reach a node (HOINGHI_PUBLIC_URL), told to clients so they move to another
      -- node when theirs dies, and allowed as an origin by the others; null: the node's url.
      -- The region column of migration 4 is written from HOINGHI_NODE_REGION.
      ALTER TABLE cluster_nodes ADD COLUMN public_url text;
    `,
  },
  {
    version: 6,
    description: 'when each node\'s live device of a point became live (one live device per point across nodes)',
    sql: `
      -- By the database's clock, when this node's device of the point became the live one (null:
      -- the node holds standbys only). Of two nodes that both hold a live device of a point (a
      -- takeover through another node, or a node that was thought dead), the later one is the
      -- point's live device and the other steps down (server/cluster/devicesAcrossNodes.ts).
      ALTER TABLE cluster_point_devices ADD COLUMN live_since timestamptz;
    `,
  },
  {
    version: 7,
    description: 'a version on each meta value, so a node re-reads a big value (a conference\'s join links) only when it changed',
    sql: `
      -- Every write of a meta value takes a new number from this sequence: a node that holds the
      -- value of a version asks for the value only when the version differs (StoreMeta.getChanged).
      -- A sequence rather than a counter per row: a row deleted and written again never repeats one.
      CREATE SEQUENCE meta_version;
      ALTER TABLE meta ADD COLUMN version bigint NOT NULL DEFAULT nextval('meta_version');
    `,
  },
  {
    version: 8,
    description: 'each waiting standby device of a point, and since when (the oldest is promoted across nodes)',
    sql: `
      -- One row per standby device a node holds, dated by the database's clock when it began to
      -- wait (under the point's lock, at its admission). When a point has no live device on any
      -- live node, the oldest row on a live node is the one promoted, wherever it is: the counts of
      -- cluster_point_devices say how many wait, not which waited longest
      -- (server/store/pgPointDevices.ts, promoteOldest).
      CREATE TABLE cluster_point_standbys (
        conference_id text        NOT NULL,
        point_id      text        NOT NULL,
        node_id       text        NOT NULL,
        device_id     text        NOT NULL,
        waiting_since timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (conference_id, point_id, node_id, device_id)
      );
      CREATE INDEX cluster_point_standbys_node ON cluster_point_standbys (node_id);
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** A fixed key for pg_advisory_xact_lock: "hoin" in ASCII. */
const MIGRATION_LOCK = 0x686f696e;

/** Brings the database up to PG_SCHEMA_VERSION; all of it in one transaction. */
export async function migratePg(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     int    NOT NULL PRIMARY KEY,
      description text   NOT NULL,
      applied_at  bigint NOT NULL
    )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    const from = rows[0]?.version ?? 0;
    if (from > PG_SCHEMA_VERSION) throw new StoreVersionError(from, PG_SCHEMA_VERSION);
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.description,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    return { from, to: PG_SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
