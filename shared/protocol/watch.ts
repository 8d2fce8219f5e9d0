import { z } from 'zod';

// What the watch page (client/watch.html, served at /live/<token>/) asks about the link's
// conference before it plays anything: GET /live/<token>/watch.json (server/live/watch-http.ts).
// Only what a press report prints anyway — the conference's title, organiser, date and venue —
// and whether the program is live now; nothing of the meeting's record.

export const WatchInfoSchema = z.object({
  conference: z.object({
    title: z.string(),
    organiser: z.string(),
    date: z.string(),
    venue: z.string(),
  }),
  /** a live stream run goes on: the playlist is (or is about to be) there */
  live: z.boolean(),
  /** when the run going on began (ms since the epoch); null while off */
  startedAt: z.number().int().nonnegative().nullable(),
});
export type WatchInfo = z.infer<typeof WatchInfoSchema>;

/** The page's address beside the playlist's, both under the token (segments relative to the playlist). */
export const WATCH_PAGE_FILES = { info: 'watch.json', playlist: 'index.m3u8' } as const;
