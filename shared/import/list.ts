// One reader for every kind of list: the file becomes a table (table.ts), then the kind reads
// its rows from it (rows.ts). The invitation list and the list of points both go through here,
// so they sniff formats, decode text, find headers and say "line N of the file" alike.
import { readRows } from './rows.js';
import type { RowKind } from './rows.js';
import { readTable, readTableText } from './table.js';
import type { RowsResult, TableResult } from './types.js';

/** Reads a file of one kind of list: the table, then its rows. Never throws. */
export function readList<F extends string, R>(bytes: Uint8Array | ArrayBuffer, kind: RowKind<F, R>, fileName?: string): RowsResult<R> {
  return rowsOf(readTable(bytes, kind.columns, fileName), kind);
}

/** The same, from text already held as a string (pasted, or read with FileReader.readAsText). */
export function readListText<F extends string, R>(text: string, kind: RowKind<F, R>): RowsResult<R> {
  return rowsOf(readTableText(text, kind.columns), kind);
}

function rowsOf<F extends string, R>(table: TableResult, kind: RowKind<F, R>): RowsResult<R> {
  return table.ok ? readRows(table.table, kind) : table;
}
