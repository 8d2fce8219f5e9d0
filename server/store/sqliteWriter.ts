// The SQLite store's writer, in a worker thread. With synchronous=FULL every commit waits for a
// WAL fsync (3–4 ms here, tens of ms when the disk is busy). better-sqlite3 is synchronous, so on
// the main thread that wait stopped everything: the fan-out of events already durable, other
// conferences' commands, joins. Here the thread that waits is this one; the main thread keeps
// serving sockets and decides the next group while this group is on its way to disk.
//
// Every write of the store comes here (appends, snapshots, meta), so the file has one writer and
// the main thread's reads never take the write lock. A reply is posted only after COMMIT
// returned: an ack built on it still means "on disk".
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { InvalidStoreArgumentError, SeqConflictError } from './errors.js';
import type { WriterReply, WriterRequest, WireError, WireOutcome } from './sqliteWriterProtocol.js';

type HeadRow = { last_seq: number } | undefined;

const port = parentPort;
if (!port) throw new Error('sqliteWriter runs as a worker thread');
const { path } = workerData as { path: string };

const db = new Database(path);
// Per connection: this connection's commits must be as durable as the store promises.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const s = {
  head: db.prepare('SELECT last_seq FROM conferences WHERE id = ?'),
  upsertHead: db.prepare(
    'INSERT INTO conferences (id, last_seq, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq',
  ),
  insertEvent: db.prepare('INSERT INTO events (conference_id, seq, event, recorded_at) VALUES (?, ?, ?, ?)'),
  upsertSnapshot: db.prepare(
    'INSERT INTO snapshots (conference_id, seq, state, saved_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (conference_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, saved_at = excluded.saved_at',
  ),
  setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
};

// One append, all or nothing. Inside the group's transaction it is a SAVEPOINT: a seq conflict or
// a failed insert rolls back that append alone, and the rest of the group commits.
const appendOne = db.transaction((conferenceId: string, expectedSeq: number, rows: readonly string[]) => {
  const head = (s.head.get(conferenceId) as HeadRow)?.last_seq ?? 0;
  if (head !== expectedSeq) throw new SeqConflictError(conferenceId, expectedSeq, head);
  const now = Date.now();
  const lastSeq = head + rows.length;
  s.upsertHead.run(conferenceId, lastSeq, now);
  rows.forEach((json, i) => s.insertEvent.run(conferenceId, head + 1 + i, json, now));
  return { firstSeq: head + 1, lastSeq };
});

const appendGroup = db.transaction((jobs: Extract<WriterRequest, { op: 'append' }>['jobs']) =>
  jobs.map((job): WireOutcome => {
    try {
      return { ok: true, value: appendOne(job.conferenceId, job.expectedSeq, job.rows) };
    } catch (error) {
      return { ok: false, error: toWire(error) };
    }
  }),
).immediate;

const saveSnapshot = db.transaction((conferenceId: string, seq: number, json: string) => {
  const head = (s.head.get(conferenceId) as HeadRow)?.last_seq ?? 0;
  if (seq < 1 || seq > head) {
    throw new InvalidStoreArgumentError(`snapshot seq ${seq} is outside the log of conference ${conferenceId} (1..${head})`);
  }
  s.upsertSnapshot.run(conferenceId, seq, json, Date.now());
}).immediate;

function toWire(error: unknown): WireError {
  if (error instanceof SeqConflictError) {
    return { name: error.name, message: error.message, code: error.code, conferenceId: error.conferenceId, expectedSeq: error.expectedSeq, actualSeq: error.actualSeq };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

function handle(request: WriterRequest): WriterReply {
  try {
    switch (request.op) {
      case 'append':
        return { id: request.id, ok: true, value: appendGroup(request.jobs) };
      case 'snapshot':
        saveSnapshot(request.conferenceId, request.seq, request.json);
        return { id: request.id, ok: true, value: null };
      case 'metaSet':
        s.setMeta.run(request.key, request.value);
        return { id: request.id, ok: true, value: null };
      case 'close':
        db.close();
        return { id: request.id, ok: true, value: null };
    }
  } catch (error) {
    return { id: request.id, ok: false, error: toWire(error) };
  }
}

port.on('message', (request: WriterRequest) => {
  const reply = handle(request);
  port.postMessage(reply);
});
port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies WriterReply);
