// The columns a kind of list has (an invitation list, a list of connection points): what each
// is called in the header, how to name it in an error, and which must be there. Offices name the
// columns as they like, in Vietnamese or English, with or without diacritics ("Ho va ten" from a
// keyboard without Unikey), so each field has many folded spellings.
import { fold } from './text.js';

export type Label = { vi: string; en: string };

export interface ColumnSet<F extends string> {
  /** The field a header cell names, or null. Footnote marks and "(*)" for required are ignored. */
  fieldOf(label: string): F | null;
  labels: Record<F, Label>;
  required: readonly F[];
  /** the "STT" column, whose number alone does not make a row */
  ordinal: F | null;
}

/** `aliases`: folded spellings (see fold(): lower case, no diacritics, punctuation → space). */
export function columnSet<F extends string>(spec: {
  aliases: Record<F, readonly string[]>;
  labels: Record<F, Label>;
  required: readonly F[];
  ordinal?: F;
}): ColumnSet<F> {
  const byAlias = new Map<string, F>();
  for (const [field, aliases] of Object.entries(spec.aliases) as [F, readonly string[]][]) {
    for (const alias of aliases) byAlias.set(alias, field);
  }
  return {
    fieldOf: (label) => byAlias.get(fold(label.replace(/\(\s*\*?\s*\d*\s*\)|\*/g, ' '))) ?? null,
    labels: spec.labels,
    required: spec.required,
    ordinal: spec.ordinal ?? null,
  };
}

export const ORDINAL_ALIASES = ['stt', 'tt', 'so tt', 'so thu tu', 'no', 'nr', 'number', '#', 'seq'] as const;
export const ORDINAL_LABEL: Label = { vi: 'STT', en: 'No.' };
