import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT, type Catalogue } from '../../i18n/index.js';

// A console loaded only by the links that open it: a district room's page never downloads or
// evaluates the chair's, the clerk's or the organiser's screens, so its first script, socket and
// program start sooner (docs/BENCHMARKS.md, "Client"), and the initial load stays as small as
// docs/CLIENT.md's budget table says.

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>, failedText: (t: Catalogue) => string) {
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
        {failed ? failedText(t) : t.app.loading}
      </p>
    );
  };
}

export const LazyChairConsole = lazy(() => import('../chair/ChairConsole.js').then((m) => m.ChairConsole), (t) => t.app.consoleLoadFailed);
export const LazyClerkConsole = lazy(() => import('../clerk/ClerkConsole.js').then((m) => m.ClerkConsole), (t) => t.app.consoleLoadFailed);
