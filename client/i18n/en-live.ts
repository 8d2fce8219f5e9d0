import type { viLive } from './vi-live.js';

// The live stream in the browser and the watch links, in English (matches vi-live.ts key by key).

export const enLive: typeof viLive = {
  watch: 'Watch the live stream',
  back: 'Watch the online pictures',
  videoLabel: 'The conference live stream',
  loading: 'Loading the live stream…',
  off: 'The conference is not live now: showing the online pictures. The live stream comes back when streaming starts again.',
  muted: 'The sound is off: press the speaker icon on the picture to listen.',
  unsupported: 'This browser cannot play the live stream (no Media Source Extensions or H.264). Use a recent Chrome, Edge or Firefox, or watch the online pictures.',
  error: (code: string, detail: string) => `The live stream could not be played (${code}: ${detail}).`,
  retry: 'Try again',
  delay: 'The live stream runs about 5 seconds behind the online pictures.',
  links: {
    title: 'Live watch links',
    hint: 'For VLC, a TV station, the provincial portal: they open only this conference’s live stream (no console), while it is live; they expire and can be revoked.',
    label: 'Issued to',
    labelPlaceholder: 'Provincial TV station…',
    validHours: 'Valid (hours)',
    issue: 'Issue a watch link',
    none: 'No watch link issued yet.',
    page: 'Watch page in a browser (press, observers)',
    player: 'Address for VLC, a TV station, the portal (HLS)',
    issuedBy: (role: string) => `Issued by the ${role}`,
    revoked: 'Revoked',
    expired: 'Expired',
  },
};
