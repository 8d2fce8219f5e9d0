import type { Fuzz } from '../../shared/meeting/fuzz-commands.js';

// Breaks a well-formed JSON value in the ways a hostile or buggy client would: a field dropped,
// added or of the wrong type, a boundary number, a string past its limit or in a bad encoding,
// prototype keys, deep nesting, binary. One mutation at a time, so a finding names its cause.

const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 31),
  1e308,
  '',
  ' ',
  'x'.repeat(700),
  'Giao th\ud800ng',
  '\u202eRTL',
  '__proto__',
  'constructor',
  [],
  {},
  [null],
  { __proto__: { admin: true } },
  '{"$gt":""}',
];

export type Mutation = { name: string; value: unknown };

function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

/** One mutation of `value` (an object most of the time); the name says what was done. */
export function mutate(f: Fuzz, value: unknown): Mutation {
  const keys = keysOf(value);
  const object = value as Record<string, unknown>;
  const r = f.int(11);
  if (keys.length > 0 && r < 3) {
    const key = f.pick(keys);
    const odd = f.pick(ODD_VALUES);
    return { name: `field ${key} ← ${describe(odd)}`, value: { ...object, [key]: odd } };
  }
  if (keys.length > 0 && r < 5) {
    const key = f.pick(keys);
    const { [key]: _dropped, ...rest } = object;
    return { name: `field ${key} dropped`, value: rest };
  }
  if (r < 6) {
    const key = f.pick(['extra', '__proto__', 'constructor', 'by', 'at', 'role', 'seq', 'conferenceId']);
    const copy: Record<string, unknown> = { ...object };
    Object.defineProperty(copy, key, { value: f.pick(ODD_VALUES), enumerable: true, configurable: true, writable: true });
    return { name: `extra field ${key}`, value: copy };
  }
  if (r < 7) {
    let deep: unknown = value;
    const depth = 10 + f.int(30);
    for (let i = 0; i < depth; i++) deep = { x: deep };
    return { name: `nested ${depth} deep`, value: deep };
  }
  if (r < 8 && keys.length > 0) {
    const key = f.pick(keys);
    return { name: `field ${key} as binary`, value: { ...object, [key]: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) } };
  }
  if (r < 9) {
    const key = keys.length > 0 ? f.pick(keys) : 'topic';
    return { name: `field ${key} 80 KB`, value: { ...object, [key]: 'ă'.repeat(40_000) } };
  }
  if (r < 10) return { name: 'an array of it', value: [value] };
  const odd = f.pick(ODD_VALUES);
  return { name: `whole value ← ${describe(odd)}`, value: odd };
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 20 ? `string(${value.length})` : JSON.stringify(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value !== null && typeof value === 'object') return 'object';
  return String(value);
}
