import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/meeting/errors.js';
import { MEDIA_ERROR_CODES } from '../../shared/protocol/media.js';
import { GATEWAY_ERROR_CODES } from '../../shared/protocol/socket.js';
import { en } from './en.js';
import { initialLanguage, refusalText } from './index.js';
import { HTTP_ERROR_CODES } from '../../shared/protocol/httpErrors.js';
import { CONSOLE_ERROR_CODES } from '../../shared/terms/errors.js';
import { vi } from './vi.js';

// Every leaf path of a catalogue, with functions called with sample arguments so both kinds of
// entry are compared (a key present in one language only would fail here as well as in tsc).
function leaves(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj === 'string') out.set(prefix, obj);
  else if (typeof obj === 'function') out.set(prefix, String((obj as (...a: unknown[]) => unknown)(3, 7, 'x')));
  else if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  return out;
}

describe('the catalogues', () => {
  const viLeaves = leaves(vi);
  const enLeaves = leaves(en);

  it('have exactly the same keys in both languages', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...viLeaves.keys()].sort());
  });

  it('have no empty strings', () => {
    for (const [path, text] of [...viLeaves, ...enLeaves]) expect(text.trim(), path).not.toBe('');
  });

  it('write Vietnamese with its diacritics, in NFC (so search and comparison work)', () => {
    expect(vi.queue.grant).toBe('Giao lời');
    expect(vi.attendance.excused).toBe('Vắng có lý do');
    for (const [path, text] of viLeaves) expect(text, path).toBe(text.normalize('NFC'));
    const withMarks = [...viLeaves.values()].filter((s) => /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i.test(s));
    expect(withMarks.length / viLeaves.size).toBeGreaterThan(0.8);
  });

  it('translate every error code the core, the gateway, the SFU and the HTTP API can return, and the console’s own', () => {
    for (const code of [...ERROR_CODES, ...GATEWAY_ERROR_CODES, ...MEDIA_ERROR_CODES, ...HTTP_ERROR_CODES, ...CONSOLE_ERROR_CODES]) {
      expect(vi.errors[code as keyof typeof vi.errors], code).toBeTruthy();
      expect(en.errors[code as keyof typeof en.errors], code).toBeTruthy();
    }
    expect(refusalText(vi, 'QUEUE_CLOSED')).toBe('Đã đóng đăng ký phát biểu.');
    expect(refusalText(en, 'UNKNOWN_LINK')).toBe('This conference has no such link.');
    expect(refusalText(vi, 'HTTP_STATUS')).toBe('Máy chủ trả lời lỗi mà không nêu lý do.');
    // never the server's text: a code this console does not know reads as a refusal with its code
    expect(refusalText(vi, 'SOMETHING_NEW')).toBe('Máy chủ từ chối yêu cầu. (SOMETHING_NEW)');
  });

  it('format clocks for timers, with a minus sign when over time', () => {
    expect(vi.time.clock(0)).toBe('00:00');
    expect(vi.time.clock(65_000)).toBe('01:05');
    expect(vi.time.clock(-5_000)).toBe('−00:05');
    expect(vi.time.clock(3_725_000)).toBe('1:02:05');
  });
});

describe('choosing the language', () => {
  it('is Vietnamese unless the address or a saved choice says English', () => {
    expect(initialLanguage('', null)).toBe('vi');
    expect(initialLanguage('', 'en')).toBe('en');
    expect(initialLanguage('?lang=vi', 'en')).toBe('vi');
    expect(initialLanguage('?lang=fr', 'xx')).toBe('vi');
  });
});
