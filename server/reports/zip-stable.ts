import { unzipSync, zipSync, type Zippable } from 'fflate';
import { localParts } from '../../shared/reports/time.js';

// XLSX and DOCX are ZIP packages, and both libraries stamp every entry with the wall clock.
// Re-packing the entries, in the same order, with the log's time as their modification time
// makes the same log give the same bytes. ZIP (DOS) times are local wall-clock fields, so the
// Date is built from Asia/Ho_Chi_Minh fields: the result is the same on a host in any time zone.

export function stableZip(pkg: Uint8Array, at: number): Buffer {
  const p = localParts(at);
  const mtime = new Date(Math.max(1980, p.year), p.month - 1, p.day, p.hour, p.minute, p.second);
  const entries = unzipSync(pkg);
  const out: Zippable = {};
  for (const [path, data] of Object.entries(entries)) out[path] = [data, { mtime, level: 6 }];
  return Buffer.from(zipSync(out));
}
