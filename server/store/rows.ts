// What both stores share so their semantics cannot drift: argument checks, the encoding of an
// event as a JSON row, and the checked decoding of rows on read.
import type { z } from 'zod';
import { CorruptEventError, InvalidStoreArgumentError } from './errors.js';
import type { StoredEvent } from './EventStore.js';

export const MAX_CONFERENCE_ID_LENGTH = 200;
export const MAX_META_KEY_LENGTH = 200;

export function checkConferenceId(conferenceId: unknown): asserts conferenceId is string {
  if (typeof conferenceId !== 'string' || conferenceId.length === 0 || conferenceId.length > MAX_CONFERENCE_ID_LENGTH) {
    throw new InvalidStoreArgumentError(`conference id must be a string of 1..${MAX_CONFERENCE_ID_LENGTH} characters`);
  }
}

export function checkSeq(name: string, seq: unknown): asserts seq is number {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new InvalidStoreArgumentError(`${name} must be an integer >= 0, got ${String(seq)}`);
  }
}

export function checkLimit(limit: unknown): asserts limit is number | undefined {
  if (limit === undefined) return;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidStoreArgumentError(`limit must be an integer >= 1, got ${String(limit)}`);
  }
}

export function checkMetaKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_META_KEY_LENGTH) {
    throw new InvalidStoreArgumentError(`meta key must be a string of 1..${MAX_META_KEY_LENGTH} characters`);
  }
}

export function checkMetaValue(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new InvalidStoreArgumentError('meta value must be a string');
}

/**
 * Validates a batch and turns it into JSON rows. The row holds the schema's output, so what a
 * later read returns is exactly what passes the schema again.
 */
export function encodeEvents<E>(schema: z.ZodType<E>, events: readonly unknown[]): string[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidStoreArgumentError('append needs a non-empty array of events');
  }
  return events.map((event, index) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw new InvalidStoreArgumentError(`event ${index} of the batch does not match the event schema`, parsed.error.issues);
    }
    return encodeJson(parsed.data, `event ${index} of the batch`);
  });
}

/** JSON.stringify that refuses what would not come back the same (undefined, functions, cycles). */
export function encodeJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidStoreArgumentError(`${what} is not JSON-serialisable: ${(error as Error).message}`);
  }
  if (text === undefined) throw new InvalidStoreArgumentError(`${what} is not JSON-serialisable`);
  return text;
}

export interface RawRow {
  readonly seq: number;
  /** text as stored; typed unknown because a damaged SQLite row may hold a blob, a number or NULL */
  readonly json: unknown;
}

/**
 * Decodes rows read for `afterSeq`. `expectedCount` is how many rows the head says must be there
 * (min(limit, head - afterSeq)); fewer rows, or a seq out of step, is a gap in the log.
 */
export function decodeRows<E>(
  schema: z.ZodType<E>,
  conferenceId: string,
  afterSeq: number,
  rows: readonly RawRow[],
  expectedCount: number,
): StoredEvent<E>[] {
  const out: StoredEvent<E>[] = [];
  let expectedSeq = afterSeq + 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      throw new CorruptEventError(conferenceId, expectedSeq, 'gap', [], `event ${expectedSeq} is missing (next stored seq is ${row.seq})`);
    }
    out.push({ seq: row.seq, event: decodeRow(schema, conferenceId, row) });
    expectedSeq++;
  }
  if (out.length < expectedCount) {
    throw new CorruptEventError(conferenceId, expectedSeq, 'gap', [], `event ${expectedSeq} is missing (the log's head says it must be there)`);
  }
  return out;
}

function decodeRow<E>(schema: z.ZodType<E>, conferenceId: string, row: RawRow): E {
  if (typeof row.json !== 'string') {
    throw new CorruptEventError(conferenceId, row.seq, 'bad-json', [], `the row holds ${row.json === null ? 'NULL' : typeof row.json}, not JSON text`);
  }
  let json: unknown;
  try {
    json = JSON.parse(row.json);
  } catch (error) {
    throw new CorruptEventError(conferenceId, row.seq, 'bad-json', [], (error as Error).message);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    throw new CorruptEventError(conferenceId, row.seq, 'schema', parsed.error.issues, `${first?.message ?? 'schema mismatch'}${where}`);
  }
  return parsed.data;
}
