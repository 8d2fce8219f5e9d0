import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../meeting/errors.js';
import { HTTP_ERROR_CODES } from '../protocol/httpErrors.js';
import { MEDIA_ERROR_CODES } from '../protocol/media.js';
import { RECORDING_HTTP_ERROR_CODES } from '../protocol/recording-http.js';
import { GATEWAY_ERROR_CODES } from '../protocol/socket.js';
import { STILL_HTTP_ERROR_CODES } from '../protocol/stills-http.js';
import { CONSOLE_ERROR_CODES, CONSOLE_ERROR_TEXTS, ERROR_TEXTS } from './errors.js';

// The one catalogue of error texts: every code any part of the server can send has its words in
// both languages, and the catalogue holds no code nobody sends.

const WIRE_CODES = [...new Set<string>([...ERROR_CODES, ...GATEWAY_ERROR_CODES, ...MEDIA_ERROR_CODES, ...RECORDING_HTTP_ERROR_CODES, ...HTTP_ERROR_CODES, ...STILL_HTTP_ERROR_CODES])];
const MARKS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('the error catalogue (shared/terms/errors.ts)', () => {
  it('has a Vietnamese and an English text for every code the core, the gateway, the SFU and the HTTP API send, and the console makes', () => {
    const texts: Partial<Record<string, { vi: string; en: string }>> = { ...ERROR_TEXTS, ...CONSOLE_ERROR_TEXTS };
    for (const code of [...WIRE_CODES, ...CONSOLE_ERROR_CODES]) {
      const text = texts[code];
      expect(text?.vi.trim(), `${code} vi`).toBeTruthy();
      expect(text?.en.trim(), `${code} en`).toBeTruthy();
      expect(text!.vi, `${code} vi is Vietnamese, in NFC`).toMatch(MARKS);
      expect(text!.vi).toBe(text!.vi.normalize('NFC'));
      expect(text!.en, `${code} en is not the Vietnamese`).not.toBe(text!.vi);
    }
  });

  it('holds only codes something sends', () => {
    expect(Object.keys(ERROR_TEXTS).sort()).toEqual([...WIRE_CODES].sort());
    expect(Object.keys(CONSOLE_ERROR_TEXTS).filter((c) => c in ERROR_TEXTS), 'a console code is never a wire code').toEqual([]);
  });
});
