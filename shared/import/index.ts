// Importing a list from an office's spreadsheet, CSV or XLSX: the invitation list (danh sách
// triệu tập) and the list of connection points. One reader for both: the file becomes a table
// with the row numbers the user sees (table.ts), then each kind reads its rows (rows.ts).
// Pure TypeScript for the browser and the server alike: bytes in, rows or errors out, never a throw.
import { invitationRows } from './invitation-list.js';
import { readList, readListText } from './list.js';
import type { ImportResult } from './types.js';

export type { ImportIssue, ImportIssueCode } from './issues.js';
export { LIMITS, lineOfFile } from './issues.js';
export type { ImportResult, InvitationRow, RowsResult } from './types.js';
export { invitationRowSchema } from './types.js';
export { matchPointName } from './points.js';
export type { PointMatch } from './points.js';
export { parsePointList, parsePointCsv } from './point-list.js';
export type { PointListResult, PointListRow } from './point-list.js';

export { readList, readListText } from './list.js';
export type { RowKind } from './rows.js';

/**
 * Reads an invitation list file. The format is sniffed from the content (a zip is XLSX, anything
 * else is tried as CSV text); `fileName` only sharpens the error when the two disagree.
 */
export function parseInvitationList(bytes: Uint8Array | ArrayBuffer, fileName?: string): ImportResult {
  return readList(bytes, invitationRows, fileName);
}

/** Reads an invitation list already held as text. */
export function parseInvitationCsv(text: string): ImportResult {
  return readListText(text, invitationRows);
}

export { invitationColumns } from './invitation-list.js';
