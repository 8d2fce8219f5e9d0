import type { Language } from '../../i18n/index.js';
import { en } from '../../i18n/en.js';
import { vi } from '../../i18n/vi.js';
import type { ExportKey } from './exports.js';

// The Export menu's words in both languages.

export interface ExportStrings {
  menu: string;
  attendance: string;
  minutes: string;
  items: Record<ExportKey, string>;
  working: string;
  failed: (code: string, message: string) => string;
}

// Absorbed into the client catalogues (client/i18n, key `exports`) when the menu was wired into
// the chair's and clerk's consoles: one typed catalogue per language holds every string.
export const EXPORT_STRINGS: Record<Language, ExportStrings> = { vi: vi.exports, en: en.exports };
