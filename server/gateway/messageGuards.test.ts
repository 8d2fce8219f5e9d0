import { describe, expect, it } from 'vitest';
import { guardPayload } from './messageGuards.js';

const limits = { maxBytes: 1024, maxDepth: 8 };

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('payload guards', () => {
  it('accepts an ordinary command envelope', () => {
    expect(guardPayload({ command: { type: 'requestFloor', pointId: 'p1', topic: 'Giao thông nông thôn', kind: 'contribution' } }, limits)).toEqual({ ok: true });
  });
  it('refuses a string past the size limit', () => {
    expect(guardPayload({ command: { type: 'x', topic: 'a'.repeat(2000) } }, limits)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });
  it('counts UTF-8 bytes, not characters', () => {
    expect(guardPayload({ t: 'ệ'.repeat(400) }, limits)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(guardPayload({ t: 'e'.repeat(400) }, limits)).toEqual({ ok: true });
  });
  it('refuses deep nesting without recursing (100,000 levels)', () => {
    expect(guardPayload(nested(9), limits)).toMatchObject({ ok: false, code: 'TOO_DEEP' });
    expect(guardPayload(nested(100_000), { maxBytes: 10_000_000, maxDepth: 8 })).toMatchObject({ ok: false, code: 'TOO_DEEP' });
  });
  it('refuses lone surrogates in values and keys, accepts real pairs', () => {
    expect(guardPayload({ t: 'a\ud800b' }, limits)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    expect(guardPayload({ ['\udc00']: 1 }, limits)).toMatchObject({ ok: false, code: 'BAD_ENCODING' });
    expect(guardPayload({ t: '😀 Cà Mau' }, limits)).toEqual({ ok: true });
  });
  it('refuses binary data', () => {
    expect(guardPayload({ command: Buffer.from([1, 2, 3]) }, limits)).toMatchObject({ ok: false, code: 'BINARY_NOT_ALLOWED' });
    expect(guardPayload(new Uint8Array(4).buffer, limits)).toMatchObject({ ok: false, code: 'BINARY_NOT_ALLOWED' });
  });
});
