import { z } from 'zod';

// Zod schemas as the compact type notation PROTOCOL.md uses (`Id`, `string 1..500`,
// `"a" | "b"`, `{ status: "present" }`), through zod's own JSON Schema so every bound shown is
// the bound the server enforces.

type Json = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Json;
  properties?: Record<string, Json>;
  required?: string[];
  anyOf?: Json[];
  oneOf?: Json[];
  default?: unknown;
};

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]*$';
const EPOCH_MAX = 8.64e15;

function range(min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return '';
  if (max === undefined || max >= Number.MAX_SAFE_INTEGER) return min === undefined || min <= -Number.MAX_SAFE_INTEGER ? '' : ` ≥${min}`;
  return ` ${min ?? 0}..${max}`;
}

function isPrincipal(s: Json): boolean {
  const p = s.properties;
  return p !== undefined && 'role' in p && 'pointId' in p && 'name' in p && Object.keys(p).length === 3;
}

export function jsonText(s: Json): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(jsonText).join(' | ');
  if (isPrincipal(s)) return 'Principal';
  switch (s.type) {
    case 'string':
      if (s.pattern === ID_PATTERN) return 'Id';
      return `string${range(s.minLength, s.maxLength)}${s.pattern ? ` /${s.pattern}/` : ''}`;
    case 'integer':
      if (s.maximum === EPOCH_MAX) return 'epoch ms';
      return `integer${range(s.minimum, s.maximum)}`;
    case 'number':
      return `number${range(s.minimum, s.maximum)}`;
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = s.items ? jsonText(s.items) : 'unknown';
      const wrapped = item.includes(' ') && !item.startsWith('{') ? `(${item})` : item;
      return `${wrapped}[]${s.maxItems !== undefined ? ` (${s.minItems ?? 0}..${s.maxItems})` : s.minItems ? ` (≥${s.minItems})` : ''}`;
    }
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      if (props.length === 0) return '{}';
      const required = new Set(s.required ?? []);
      return `{ ${props.map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${jsonText(v)}`).join(', ')} }`;
    }
    default:
      return 'unknown';
  }
}

export interface FieldRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** The fields of an object schema, one row each, in declaration order. */
export function fieldsOf(schema: z.ZodType, io: 'input' | 'output' = 'input', skip: readonly string[] = []): FieldRow[] {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, s]) => ({ name, type: jsonText(s), required: required.has(name) }));
}

export function typeText(schema: z.ZodType, io: 'input' | 'output' = 'output'): string {
  return jsonText(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json);
}

export function fieldTable(rows: readonly FieldRow[]): string {
  if (rows.length === 0) return '_no fields_\n';
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  return ['| field | type | required |', '|---|---|---|', ...rows.map((r) => `| \`${r.name}\` | ${esc(r.type)} | ${r.required ? 'yes' : 'no'} |`)].join('\n') + '\n';
}
