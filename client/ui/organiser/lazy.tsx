import { lazy } from '../common/lazy.js';

// The organiser's screens are loaded only by an admin's link (common/lazy.tsx).

export const LazyOrganiserConsole = lazy(() => import('./OrganiserConsole.js').then((m) => m.OrganiserConsole), (t) => t.organiser.loadFailed);
export const LazyConferenceList = lazy(() => import('./ConferenceList.js').then((m) => m.ConferenceList), (t) => t.organiser.loadFailed);
