import type { GatewayErrorCode } from '../../shared/protocol/socket.js';

// Checks on a raw socket payload before zod sees it. zod would refuse most of these too, but
// only after walking them (a 60 KB string through a regex, a 10,000-deep object through the
// union's branches), and it would call a lone surrogate a valid string. The walk here is
// iterative (a deep object cannot overflow the stack) and stops at the first limit it meets.

export interface GuardLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export type GuardVerdict = { ok: true } | { ok: false; code: GatewayErrorCode; message: string };

/** With the `u` flag a valid surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u;

function isBinary(value: object): boolean {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer || (typeof Blob !== 'undefined' && value instanceof Blob);
}

/** Walks the payload once: binary, depth, encoding and size (the length of its JSON text, bounded). */
export function guardPayload(payload: unknown, limits: GuardLimits): GuardVerdict {
  const stack: { value: unknown; depth: number }[] = [{ value: payload, depth: 0 }];
  let bytes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > limits.maxDepth) {
      return { ok: false, code: 'TOO_DEEP', message: `nested deeper than ${limits.maxDepth} levels` };
    }
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return { ok: false, code: 'BAD_ENCODING', message: 'a string holds a lone UTF-16 surrogate' };
      bytes += Buffer.byteLength(value, 'utf8') + 2;
    } else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
      bytes += 8;
    } else if (typeof value === 'object') {
      if (isBinary(value)) return { ok: false, code: 'BINARY_NOT_ALLOWED', message: 'binary data is not accepted here' };
      bytes += 2;
      if (Array.isArray(value)) {
        for (const item of value) stack.push({ value: item, depth: depth + 1 });
        bytes += value.length;
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (LONE_SURROGATE.test(key)) return { ok: false, code: 'BAD_ENCODING', message: 'a key holds a lone UTF-16 surrogate' };
          bytes += Buffer.byteLength(key, 'utf8') + 4;
          stack.push({ value: item, depth: depth + 1 });
        }
      }
    } else {
      // undefined, functions, symbols, bigint: nothing JSON carries, so nothing a client sent.
      return { ok: false, code: 'MALFORMED', message: `a value of type ${typeof value} is not allowed` };
    }
    if (bytes > limits.maxBytes) {
      return { ok: false, code: 'TOO_LARGE', message: `larger than ${limits.maxBytes} bytes` };
    }
  }
  return { ok: true };
}
