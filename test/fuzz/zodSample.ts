import type { z } from 'zod';
import type { Fuzz } from '../../shared/meeting/fuzz-commands.js';

// A value for a zod schema, read from the schema itself (zod 4's `_zod.def`), so every command
// type and every `media:*` request the protocol declares is generated without a list here that
// could fall behind. Mostly valid (ids from the conference, lengths within bounds, enums from
// their values) so the server's rules are reached, not just its schema checks; the mutator
// (mutate.ts) then breaks some of them on purpose.

interface Def {
  type: string;
  [key: string]: unknown;
}
type Schema = { _zod: { def: Def } };
interface Check {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

/** The ids a well-aimed command would name (the conference's points, steps, attendees…). */
export interface IdPool {
  /** by field name (pointId, stepId…); `*` for any id */
  readonly byField: ReadonlyMap<string, readonly string[]>;
  readonly any: readonly string[];
}

const TEXTS = ['Nguyễn Văn An', 'Thảo luận', 'Huyện Thới Bình', 'Sạt lở bờ biển', 'a', ' ', '\u0000', '<b>x</b>', '=cmd|', '../../etc/passwd', 'ư'.repeat(40)];
const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]*$';

function checksOf(def: Def): Check[] {
  return ((def['checks'] as { _zod: { def: Check } }[] | undefined) ?? []).map((c) => c._zod.def);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function sampleString(f: Fuzz, def: Def, field: string, ids: IdPool): string {
  const checks = checksOf(def);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 200;
  const pattern = checks.find((c) => c.check === 'string_format')?.pattern;
  const source = pattern?.source;
  if (source === ID_PATTERN) {
    const named = ids.byField.get(field);
    if (named && named.length > 0 && f.chance(0.85)) return f.pick(named);
    return ids.any.length > 0 && f.chance(0.6) ? f.pick(ids.any) : `fz-${f.int(1000)}`;
  }
  if (source?.startsWith('^\\d{4}-')) return `20${20 + f.int(10)}-${pad2(1 + f.int(12))}-${pad2(1 + f.int(28))}`;
  if (source?.startsWith('^([01]\\d|2[0-3])')) return `${pad2(f.int(24))}:${pad2(f.int(60))}`;
  if (source === '^[A-Za-z0-9-]+$') {
    // a mediasoup id: one the server handed out (transports, producers, consumers) or a stranger
    const named = ids.byField.get(field);
    return named && named.length > 0 && f.chance(0.8) ? f.pick(named) : crypto.randomUUID();
  }
  if (field === 'timeZone') return f.pick(['Asia/Ho_Chi_Minh', 'UTC', 'Asia/Bangkok', 'Mars/Olympus']);
  if (field.toLowerCase().includes('url')) return f.pick(['https://example.org/a', 'javascript:alert(1)', 'http://127.0.0.1/']);
  let text = f.pick(TEXTS);
  if (f.chance(0.1)) text = text.repeat(1 + f.int(30));
  if (text.length > max) text = text.slice(0, max);
  while (text.length < min) text += 'x';
  return text;
}

function sampleNumber(f: Fuzz, def: Def): number {
  const checks = checksOf(def);
  const integer = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32'));
  const lower = checks.find((c) => c.check === 'greater_than')?.value ?? 0;
  const upper = checks.find((c) => c.check === 'less_than')?.value ?? lower + 1000;
  const span = Math.min(upper - lower, 10_000);
  const n = lower + f.rng() * span;
  return integer ? Math.max(lower, Math.min(upper, Math.round(n))) : n;
}

/** A (mostly valid) value for `schema`; `field` is the object key it sits under (picks ids by name). */
export function sample(f: Fuzz, schema: z.ZodType, ids: IdPool, field = '', depth = 0): unknown {
  const def = (schema as unknown as Schema)._zod.def;
  const inner = (key: string) => def[key] as z.ZodType;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
        const valueDef = (value as unknown as Schema)._zod.def;
        if ((valueDef.type === 'optional' || valueDef.type === 'default') && f.chance(0.5)) continue;
        out[key] = sample(f, value, ids, key, depth + 1);
      }
      return out;
    }
    case 'string':
      return sampleString(f, def, field, ids);
    case 'number':
      return sampleNumber(f, def);
    case 'boolean':
      return f.chance(0.5);
    case 'literal':
      return f.pick(def['values'] as unknown[]);
    case 'enum':
      return f.pick(Object.values(def['entries'] as Record<string, unknown>));
    case 'array': {
      const checks = checksOf(def);
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const length = depth > 6 ? min : min + f.int(4);
      return Array.from({ length }, () => sample(f, inner('element'), ids, field, depth + 1));
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return sample(f, inner('innerType'), ids, field, depth + 1);
    case 'nullable':
      return f.chance(0.2) ? null : sample(f, inner('innerType'), ids, field, depth + 1);
    case 'union':
      return sample(f, f.pick(def['options'] as z.ZodType[]), ids, field, depth + 1);
    case 'record': {
      const out: Record<string, unknown> = {};
      for (let i = f.int(3); i > 0; i--) out[String(sample(f, inner('keyType'), ids, field, depth + 1))] = sample(f, inner('valueType'), ids, field, depth + 1);
      return out;
    }
    case 'pipe':
      return sample(f, inner('in'), ids, field, depth + 1);
    case 'lazy':
      return depth > 6 ? null : sample(f, (def['getter'] as () => z.ZodType)(), ids, field, depth + 1);
    case 'tuple':
      return (def['items'] as z.ZodType[]).map((item) => sample(f, item, ids, field, depth + 1));
    case 'null':
      return null;
    default:
      // unknown, any, transform…: something JSON can carry
      return f.pick([null, 0, 'x', {}, []]);
  }
}
