// Bytes of a text file → a string, refusing anything that would come out as mojibake. Offices
// still meet Windows-1258 and TCVN3 (ABC) files from old Excel, and Excel's "Unicode text" is
// UTF-16; the only safe answer for a non-UTF-8 file is to say how to save it again.
import { issue } from './issues.js';
import type { ImportIssue } from './issues.js';

export type Decoded = { ok: true; text: string } | { ok: false; error: ImportIssue };

const HOW_TO_SAVE_VI = 'Trong Excel chọn Lưu thành (Save As) → "CSV UTF-8 (Comma delimited)", hoặc lưu thành .xlsx.';
const HOW_TO_SAVE_EN = 'In Excel use Save As → "CSV UTF-8 (Comma delimited)", or save as .xlsx.';

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0) return unsupported('UTF-32');
    return utf16(bytes.subarray(2), true);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), false);
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return unsupported('UTF-32');
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): Decoded {
  // NUL bytes never occur in a text list; many of them mean UTF-16 (ASCII letters get a 0 byte).
  const zero = bytes.indexOf(0);
  if (zero !== -1) {
    const head = bytes.subarray(0, 4096);
    const zeros = head.reduce((n, b) => (b === 0 ? n + 1 : n), 0);
    return zeros * 4 >= head.length ? utf16WithoutBom() : unsupported('binary');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const line = lineOfByte(bytes, bad);
    return {
      ok: false,
      error: issue(
        'not_utf8',
        null,
        `Tệp không được mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3), lỗi đầu tiên ở dòng ${line}; nếu nhập sẽ bị lỗi phông chữ. ${HOW_TO_SAVE_VI}`,
        `The file is not UTF-8 (perhaps Windows-1258 or TCVN3), first bad byte on line ${line}; importing it would garble the Vietnamese text. ${HOW_TO_SAVE_EN}`,
      ),
    };
  }
  return checkText(new TextDecoder('utf-8').decode(bytes));
}

function utf16(bytes: Uint8Array, littleEndian: boolean): Decoded {
  if (bytes.length % 2 !== 0) {
    return {
      ok: false,
      error: issue('file_truncated', null, 'Tệp UTF-16 bị cắt cụt (số byte lẻ).', 'The UTF-16 file is truncated (odd number of bytes).'),
    };
  }
  const units = new Uint16Array(bytes.length / 2);
  for (let k = 0; k < units.length; k += 1) {
    const a = bytes[2 * k] as number;
    const b = bytes[2 * k + 1] as number;
    units[k] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  const chunks: string[] = [];
  for (let k = 0; k < units.length; k += 8192) chunks.push(String.fromCharCode(...units.subarray(k, k + 8192)));
  const text = chunks.join('');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    return {
      ok: false,
      error: issue('not_utf8', null, `Tệp UTF-16 bị hỏng. ${HOW_TO_SAVE_VI}`, `The UTF-16 file is damaged. ${HOW_TO_SAVE_EN}`),
    };
  }
  return checkText(text);
}

// Vietnamese UTF-8 read as Windows-1252 and saved again: "Nguyá»…n", "ThÆ°", "Ä‘".
const DOUBLE_ENCODED = /á[»º]|Æ°|Ä[‘\u0091\u0090]|Ã[\u00A0-\u00BF]/g;

/** Checks decoded text for signs of a wrong encoding upstream; strips a BOM. */
export function checkText(raw: string): Decoded {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    const head = text.slice(0, 2000);
    const nuls = head.split('\u0000').length - 1;
    return nuls * 4 >= head.length ? utf16WithoutBom() : unsupported('binary');
  }
  const replacement = text.indexOf('\uFFFD');
  if (replacement !== -1) {
    const line = text.slice(0, replacement).split(/\r\n?|\n/).length;
    return {
      ok: false,
      error: issue(
        'not_utf8',
        null,
        `Văn bản có ký tự lỗi (�) ở dòng ${line}: tệp đã bị đọc sai bảng mã trước đó. ${HOW_TO_SAVE_VI}`,
        `The text has a replacement character (�) on line ${line}: it was decoded with the wrong encoding earlier. ${HOW_TO_SAVE_EN}`,
      ),
    };
  }
  if ((text.slice(0, 256 * 1024).match(DOUBLE_ENCODED) ?? []).length >= 3) {
    return {
      ok: false,
      error: issue(
        'double_encoded',
        null,
        `Chữ tiếng Việt trong tệp đã bị lỗi phông (kiểu "Nguyá»…n") từ trước khi lưu. Hãy sửa trong tệp gốc rồi lưu lại. ${HOW_TO_SAVE_VI}`,
        `The Vietnamese text in the file was already garbled (like "Nguyá»…n") before it was saved. Fix the original and save again. ${HOW_TO_SAVE_EN}`,
      ),
    };
  }
  return { ok: true, text };
}

function utf16WithoutBom(): Decoded {
  return {
    ok: false,
    error: issue(
      'utf16_without_bom',
      null,
      `Tệp có vẻ là UTF-16 nhưng thiếu dấu BOM nên không xác định được thứ tự byte. ${HOW_TO_SAVE_VI}`,
      `The file looks like UTF-16 without a byte-order mark, so its byte order is unknown. ${HOW_TO_SAVE_EN}`,
    ),
  };
}

function unsupported(what: 'UTF-32' | 'binary'): Decoded {
  const vi = what === 'binary' ? 'Tệp không phải văn bản CSV hay bảng tính XLSX.' : 'Tệp dùng bảng mã UTF-32, không được hỗ trợ.';
  const en = what === 'binary' ? 'The file is neither CSV text nor an XLSX workbook.' : 'UTF-32 files are not supported.';
  return { ok: false, error: issue('unsupported_format', null, `${vi} ${HOW_TO_SAVE_VI}`, `${en} ${HOW_TO_SAVE_EN}`) };
}

/** Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // cut off at the end of the file
    const second = b[i + 1] as number;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k += 1) {
      const x = b[i + k] as number;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineOfByte(b: Uint8Array, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k += 1) {
    if (b[k] === 0x0a) line += 1;
    else if (b[k] === 0x0d && b[k + 1] !== 0x0a) line += 1;
  }
  return line;
}
