import { LANGUAGES, useI18n, type Language } from '../../i18n/index.js';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div class="lang" role="group" aria-label={t.app.switchLanguage}>
      {(Object.keys(LANGUAGES) as Language[]).map((l) => (
        <button
          type="button"
          key={l}
          class={`btn btn--small ${l === lang ? 'btn--on' : ''}`}
          aria-pressed={l === lang}
          lang={l}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
          <span class="sr-only"> — {LANGUAGES[l].langName}</span>
        </button>
      ))}
    </div>
  );
}
