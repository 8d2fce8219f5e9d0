// First: for a point's link, start opening the camera, the socket and the media before the rest of
// the app is evaluated (in the build this is also its own entry, run ahead of this one).
import './ui/earlyJoin.js';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { I18nContext, initialLanguage, LANGUAGES, readSavedLanguage, saveLanguage, type Language } from './i18n/index.js';
import { JoinedApp } from './ui/App.js';
import { LanguageSwitch } from './ui/common/LanguageSwitch.js';
import { joinHintFromToken } from './ui/joinHint.js';
import { conferenceFromHash, opensConferenceList, tokenFromHash } from './ui/route.js';
import { LazyConferenceList } from './ui/organiser/lazy.js';
import './styles/base.css';
import './styles/stage.css';
import './styles/consoles.css';
import './styles/refinements.css';
import './styles/stills.css';

// Preact rather than React: the same component model and hooks in about 4 kB gzip instead of
// about 45 kB for react + react-dom. District rooms open the console on old office PCs over
// provincial links, and the whole initial load (UI, socket.io, zod, mediasoup-client) must stay
// well under the 400 kB gzip budget; the framework should be the smallest part of it.

function Root() {
  const [lang, setLangState] = useState<Language>(() => initialLanguage(location.search, readSavedLanguage()));
  const i18n = useMemo(
    () => ({
      lang,
      t: LANGUAGES[lang],
      setLang: (l: Language) => {
        saveLanguage(l);
        setLangState(l);
      },
    }),
    [lang],
  );
  document.documentElement.lang = lang;
  // The conference list opens a conference by changing the fragment only (#t=…&c=…), which
  // reloads nothing: the app follows the fragment and starts the console it names afresh.
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const token = tokenFromHash(hash);
  const conferenceId = conferenceFromHash(hash);
  return (
    <I18nContext.Provider value={i18n}>
      {token && opensConferenceList(joinHintFromToken(token), conferenceId) ? (
        <LazyConferenceList key={hash} token={token} />
      ) : token ? (
        <JoinedApp key={hash} token={token} {...(conferenceId ? { conferenceId } : {})} />
      ) : (
        <div class="joining" data-testid="no-token">
          <header class="topbar">
            <span class="topbar__title">{i18n.t.app.name}</span>
            <LanguageSwitch />
          </header>
          <p class="joining__text" role="alert">
            {i18n.t.app.noToken}
          </p>
        </div>
      )}
    </I18nContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<Root />, root);
