import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en.js';
import { vi, type Catalogue } from './vi.js';

// One typed catalogue per language; Vietnamese is the default, English is one click away.
// The choice is remembered per browser, so a district PC stays in the language its operator chose.

export const LANGUAGES = { vi, en } as const;
export type Language = keyof typeof LANGUAGES;
export type { Catalogue };

const STORAGE_KEY = 'hoinghi.lang';

export function isLanguage(x: unknown): x is Language {
  return x === 'vi' || x === 'en';
}

/** The saved choice, else Vietnamese. `?lang=en` in the address wins (for the big screen's setup). */
export function initialLanguage(search: string, saved: string | null): Language {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  return isLanguage(saved) ? saved : 'vi';
}

export function readSavedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
}

export interface I18n {
  lang: Language;
  t: Catalogue;
  setLang: (lang: Language) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'vi', t: vi, setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The catalogue of the current language. */
export function useT(): Catalogue {
  return useContext(I18nContext).t;
}

/**
 * A refusal code's words in the current language, from the one catalogue (shared/terms/errors.ts).
 * The server's message carries only facts, never the words; a code this console does not know
 * (a newer server) reads as a refusal with its code.
 */
export function refusalText(t: Catalogue, code: string): string {
  const errors: Partial<Record<string, string>> = t.errors;
  return errors[code] ?? `${t.errors.UNKNOWN_REFUSAL} (${code})`;
}
