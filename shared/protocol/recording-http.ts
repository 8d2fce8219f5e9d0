import { z } from 'zod';

// The program cut over HTTP (server/recording/http.ts, the consoles' render panel): the state of
// one recording run's render, and the codes its refusals carry (their words are in the one error
// catalogue, shared/terms/errors.ts).

export const RECORDING_HTTP_ERROR_CODES = [
  /** the server runs without media, so without recording */
  'RECORDING_UNAVAILABLE',
  /** the conference has no recording run of that id */
  'UNKNOWN_RECORDING',
  /** the run still records: its program cut is rendered once it stops */
  'RECORDING_RUNNING',
  /** the program cut of the run is not rendered (yet) */
  'PROGRAM_NOT_RENDERED',
  /** ffmpeg failed while rendering the program cut (the status's `error` says how) */
  'PROGRAM_RENDER_FAILED',
] as const;
export type RecordingHttpErrorCode = (typeof RECORDING_HTTP_ERROR_CODES)[number];

/** GET/POST …/recordings/:recordingId/program. */
export const ProgramStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('rendering'), since: z.number().optional(), shots: z.number().optional(), durationMs: z.number().optional() }),
  z.object({ state: z.literal('done'), renderMs: z.number(), durationMs: z.number(), bytes: z.number(), shots: z.number() }),
  z.object({ state: z.literal('failed'), code: z.literal('PROGRAM_RENDER_FAILED').optional(), error: z.string().max(2000) }),
]);
export type ProgramStatus = z.infer<typeof ProgramStatusSchema>;

/** The API paths of one run's program cut. */
export function programPaths(conferenceId: string, recordingId: string) {
  const base = `/conferences/${encodeURIComponent(conferenceId)}/recordings/${encodeURIComponent(recordingId)}/program`;
  return { status: base, video: `${base}.mp4`, editList: `${base}.edit-list.json` };
}
