import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';

// The organiser's screens are loaded only by an admin's link: a district room's console never
// downloads them (the initial load stays as small as docs/CLIENT.md's budget table says).

function lazy<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const t = useT();
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      load().then(
        (c) => {
          loaded = c;
          setComponent(() => c);
        },
        () => setFailed(true),
      );
    }, []);
    if (Component) return <Component {...props} />;
    return (
      <p class="joining__text" role={failed ? 'alert' : 'status'}>
        {failed ? t.organiser.loadFailed : t.app.loading}
      </p>
    );
  };
}

export const LazyOrganiserConsole = lazy(() => import('./OrganiserConsole.js').then((m) => m.OrganiserConsole));
export const LazyConferenceList = lazy(() => import('./ConferenceList.js').then((m) => m.ConferenceList));
