import { z } from 'zod';

// The live program's RTMP push as the chair's and the organiser's consoles see it
// (GET /api/conferences/:conferenceId/live-push, server/live/push-http.ts): whether the program
// reaches the configured address now, or the pusher is retrying and why. Operational state of
// this node, not a fact of the meeting: it is not in the log.

/** ffmpeg's last error line, without the stream key (server/live/rtmp-pusher.ts redactedError) */
const ErrorLine = z.string().max(300);

export const PushStateSchema = z.discriminatedUnion('state', [
  /** an attempt is connecting (the receiver has taken nothing yet) */
  z.object({ state: z.literal('starting'), attempt: z.number().int().positive(), lastError: ErrorLine.nullable() }),
  /** the receiver takes the program */
  z.object({ state: z.literal('pushing'), attempt: z.number().int().positive(), forMs: z.number().nonnegative(), lastError: ErrorLine.nullable() }),
  /** the last attempt failed; the next starts in retryInMs */
  z.object({ state: z.literal('retrying'), attempt: z.number().int().positive(), error: ErrorLine, retryInMs: z.number().nonnegative() }),
]);
export type PushState = z.infer<typeof PushStateSchema>;

export const LivePushSchema = z.object({
  conferenceId: z.string(),
  /** the configured address without its stream key; null: no RTMP address, HLS only */
  target: z.string().max(300).nullable(),
  /** null while no live stream run goes on here, or with no address */
  push: PushStateSchema.nullable(),
  /** attempts that failed during this run */
  failures: z.number().int().nonnegative(),
});
export type LivePush = z.infer<typeof LivePushSchema>;
