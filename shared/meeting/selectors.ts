// Everything derived, not stored: read these, never recompute them in a view.
export * from './selectors-floor.js';
export * from './selectors-roll-call.js';
export * from './selectors-agenda.js';
export * from './selectors-media.js';
export * from './selectors-notes.js';
export * from './selectors-recording.js';
export * from './selectors-stills.js';
export * from './selectors-organiser.js';
