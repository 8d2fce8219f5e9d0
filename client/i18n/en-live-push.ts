import type { viLivePush } from './vi-live-push.js';

// The live program's RTMP push on the chair's and the organiser's consoles, in English.

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

export const enLivePush: typeof viLivePush = {
  label: 'RTMP',
  starting: 'Connecting',
  pushing: 'Pushing',
  retrying: (inMs: number, attempt: number) => `Failed, retrying in ${seconds(inMs)} s (attempt ${attempt + 1})`,
  title: (target: string, error: string | null) => `RTMP push to ${target}${error ? `. Last error: ${error}` : ''}`,
};
