// Reading parts out of a zip (an XLSX package) with a hard cap on what is inflated. fflate's
// unzipSync trusts the sizes in the zip directory and inflates a whole part in one go, so a
// 5 MB "zip bomb" could cost gigabytes of work on the server; here the directory is read by hand
// and each part is inflated in small steps, stopping as soon as it outgrows its allowance.
import { Inflate } from 'fflate';

export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localOffset: number };

export class ZipError extends Error {}
export class ZipTooLarge extends Error {}

/** More parts than any spreadsheet has; guards against a forged entry count. */
const MAX_ENTRIES = 10_000;
const STEP = 8 * 1024;

const u16 = (b: Uint8Array, o: number): number => {
  if (o < 0 || o + 2 > b.length) throw new ZipError('truncated');
  return (b[o] as number) | ((b[o + 1] as number) << 8);
};
const u32 = (b: Uint8Array, o: number): number => (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;

const utf8 = new TextDecoder('utf-8');

/** The central directory: every part's name, sizes and where its data starts. */
export function readZipDirectory(zip: Uint8Array): ZipEntry[] {
  // The end-of-central-directory record sits in the last 22 bytes, or before a comment of up to 64 KB.
  let eocd = -1;
  for (let o = zip.length - 22; o >= 0 && o >= zip.length - 22 - 0xffff; o -= 1) {
    if (zip[o] === 0x50 && zip[o + 1] === 0x4b && zip[o + 2] === 0x05 && zip[o + 3] === 0x06) {
      eocd = o;
      break;
    }
  }
  if (eocd === -1) throw new ZipError('no end of central directory');
  const count = u16(zip, eocd + 10);
  if (count > MAX_ENTRIES) throw new ZipError('too many entries');
  let o = u32(zip, eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (u32(zip, o) !== 0x02014b50) throw new ZipError('bad central directory entry');
    const nameLength = u16(zip, o + 28);
    const extraLength = u16(zip, o + 30);
    const commentLength = u16(zip, o + 32);
    if (o + 46 + nameLength > zip.length) throw new ZipError('truncated');
    entries.push({
      method: u16(zip, o + 10),
      compressedSize: u32(zip, o + 20),
      size: u32(zip, o + 24),
      localOffset: u32(zip, o + 42),
      name: utf8.decode(zip.subarray(o + 46, o + 46 + nameLength)),
    });
    o += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * One part's bytes. Throws ZipTooLarge past `maxBytes` (whatever the directory claims) and
 * ZipError for anything damaged or truncated.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  if (entry.size > maxBytes) throw new ZipTooLarge();
  const at = entry.localOffset;
  if (u32(zip, at) !== 0x04034b50) throw new ZipError('bad local header');
  const start = at + 30 + u16(zip, at + 26) + u16(zip, at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipError('truncated');
  const data = zip.subarray(start, end);
  if (entry.method === 0) return data.slice();
  if (entry.method !== 8) throw new ZipError(`compression method ${entry.method}`);

  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflate = new Inflate((chunk: Uint8Array, final: boolean) => {
    total += chunk.length;
    if (total > maxBytes) throw new ZipTooLarge();
    chunks.push(chunk);
    if (final) done = true;
  });
  for (let k = 0; k < data.length; k += STEP) {
    inflate.push(data.subarray(k, Math.min(k + STEP, data.length)), k + STEP >= data.length);
  }
  if (data.length === 0) inflate.push(new Uint8Array(0), true);
  if (!done) throw new ZipError('truncated deflate stream');
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}
