// The messages between the SQLite store (main thread) and its writer thread (sqliteWriter.ts).
// Errors cross the thread boundary as plain data and are rebuilt as the store's own error
// classes, so a caller still branches on `instanceof SeqConflictError` or on `code`.
import type { AppendResult } from './EventStore.js';
import { InvalidStoreArgumentError, SeqConflictError } from './errors.js';

export interface AppendJob {
  readonly conferenceId: string;
  readonly expectedSeq: number;
  readonly rows: readonly string[];
}

export type WriterRequest =
  | { readonly id: number; readonly op: 'append'; readonly jobs: readonly AppendJob[] }
  | { readonly id: number; readonly op: 'snapshot'; readonly conferenceId: string; readonly seq: number; readonly json: string }
  | { readonly id: number; readonly op: 'metaSet'; readonly key: string; readonly value: string }
  | { readonly id: number; readonly op: 'close' };

export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly conferenceId?: string;
  readonly expectedSeq?: number;
  readonly actualSeq?: number;
}

export type WireOutcome = { readonly ok: true; readonly value: AppendResult } | { readonly ok: false; readonly error: WireError };

export type WriterReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: WireError };

export function fromWire(error: WireError): Error {
  if (error.code === 'SEQ_CONFLICT' && error.conferenceId !== undefined && error.expectedSeq !== undefined && error.actualSeq !== undefined) {
    return new SeqConflictError(error.conferenceId, error.expectedSeq, error.actualSeq);
  }
  if (error.code === 'INVALID_STORE_ARGUMENT') {
    return new InvalidStoreArgumentError(error.message.replace(/^INVALID_STORE_ARGUMENT: /, ''));
  }
  // A SQLite error (SQLITE_FULL, SQLITE_IOERR, a trigger's ABORT): keep its code for the logs.
  const rebuilt = new Error(error.message) as Error & { code?: string };
  rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}
