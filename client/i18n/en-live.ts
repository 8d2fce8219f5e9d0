import type { viLive } from './vi-live.js';

// The watch links, in English (matches vi-live.ts key by key).

export const enLive: typeof viLive = {
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
