// The promise behind every ack: a SIGKILLed server loses no append that resolved, and keeps no
// torn batch. A real child process appends to a real SQLite file, or a real PostgreSQL database,
// and is killed mid-loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import type { EventStore } from './EventStore.js';
import { PgEventStore } from './pgEventStore.js';
import { SqliteEventStore } from './sqliteEventStore.js';
import { testEventSchema, type TestEvent } from './testing/testEvents.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const fixture = join(here, 'testing', 'appendUntilKilled.ts');
const CONFERENCE = 'hn-crash-test';

interface Run {
  readonly lastAckedSeq: number;
  readonly lastAckedBatch: number;
  readonly acks: number;
  readonly stderr: string;
}

/** Starts the appender, waits for `killAfter` acks, SIGKILLs it, and collects every ack it printed. */
function appendThenKill(target: string, killAfter: number): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, target], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let acks = 0;
    let lastAckedSeq = 0;
    let lastAckedBatch = 0;
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^acked (\d+) (\d+)$/.exec(line);
        if (!match) continue;
        acks++;
        lastAckedSeq = Number(match[1]);
        lastAckedBatch = Number(match[2]);
      }
      if (!killed && acks >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`appender exited on its own (code ${code}): ${stderr}`));
      else resolveRun({ lastAckedSeq, lastAckedBatch, acks, stderr });
    });
  });
}

/** Kills the appender three times over the same log, checking the log after each kill. */
async function killThreeTimes(target: string, open: () => Promise<EventStore<TestEvent>>): Promise<void> {
  let ackedSoFar = 0;
  let batchesSoFar = 0;
  for (const killAfter of [150, 400, 250]) {
    const run = await appendThenKill(target, killAfter);
    expect(run.acks).toBeGreaterThanOrEqual(killAfter);
    expect(run.lastAckedSeq).toBeGreaterThan(ackedSoFar);

    const store = await open();
    try {
      const head = await store.lastSeq(CONFERENCE);
      const events = await store.read(CONFERENCE, 0);
      // Nothing acknowledged is lost …
      expect(head).toBeGreaterThanOrEqual(run.lastAckedSeq);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      // … and beyond the last ack there is at most the one batch that was committing when the
      // kill came, whole: the appender is strictly sequential.
      const extra = events.slice(run.lastAckedSeq);
      if (extra.length > 0) {
        const nextBatch = run.lastAckedBatch + 1;
        expect(extra.map((e) => e.event)).toEqual(
          Array.from({ length: 1 + (nextBatch % 5) }, (_, index) => ({ type: 'Tick', batch: nextBatch, index, of: 1 + (nextBatch % 5) })),
        );
      }
      // Every batch in the whole log is complete and in order, across all the kills so far.
      let expectedBatch = 1;
      for (let i = 0; i < events.length; ) {
        const first = events[i]!.event;
        if (first.type !== 'Tick') throw new Error(`unexpected event ${first.type}`);
        expect(first).toMatchObject({ batch: expectedBatch, index: 0, of: 1 + (expectedBatch % 5) });
        for (let j = 0; j < first.of; j++) expect(events[i + j]?.event).toEqual({ type: 'Tick', batch: expectedBatch, index: j, of: first.of });
        i += first.of;
        expectedBatch++;
      }
      ackedSoFar = head;
      batchesSoFar = expectedBatch - 1;
    } finally {
      await store.close();
    }
  }
  expect(batchesSoFar).toBeGreaterThanOrEqual(800);
}

describe('SqliteEventStore under SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged append and no torn batch, across three kills on the same file', async () => {
    await killThreeTimes(dataDir, async () => new SqliteEventStore({ eventSchema: testEventSchema, dataDir }));
  });
});

describe('PgEventStore under SIGKILL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps every acknowledged append and no torn batch, across three kills on the same database', async () => {
    const url = await server.createDatabase();
    await killThreeTimes(url, () => PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url }));
  });
});
