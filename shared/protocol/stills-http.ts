import { z } from 'zod';
import { IdSchema } from './common.js';
import { StillCaptionSchema, StillSourceSchema } from './stills.js';

// Stills over HTTP (server/stills/http.ts, the chair's and the clerk's "Chụp ảnh" buttons and
// their gallery): what a console asks for, what it is answered, and the codes its refusals carry
// (their words are in the one error catalogue, shared/terms/errors.ts).

export const STILL_HTTP_ERROR_CODES = [
  /** the server runs without media, so it cannot grab a picture */
  'STILLS_UNAVAILABLE',
  /** the point (or the program's main picture) sends no camera now */
  'NO_VIDEO',
  /** no picture arrived from the point in time (its encoder sent no key frame) */
  'STILL_FAILED',
] as const;
export type StillHttpErrorCode = (typeof STILL_HTTP_ERROR_CODES)[number];

/** POST /api/conferences/:conferenceId/stills: a point's picture, or the program's. */
export const TakeStillRequestSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('point'), pointId: IdSchema }),
  z.strictObject({ source: z.literal('program') }),
]);
export type TakeStillRequest = z.infer<typeof TakeStillRequestSchema>;

/** 201 to a POST: the still is in the log under `stillId` at `seq`. */
export const TakenStillSchema = z.object({ ok: z.literal(true), stillId: IdSchema, pointId: IdSchema, seq: z.number().int() });
export type TakenStill = z.infer<typeof TakenStillSchema>;

/** PUT …/stills/:stillId: in the minutes or not, with a caption (absent keeps the one given). */
export const SelectStillRequestSchema = z.strictObject({ inMinutes: z.boolean(), caption: StillCaptionSchema.optional() });
export type SelectStillRequest = z.infer<typeof SelectStillRequestSchema>;

/** One still as the gallery lists it: the log's facts and the caption the minutes print. */
export const StillListItemSchema = z.object({
  stillId: IdSchema,
  at: z.number(),
  source: StillSourceSchema,
  trigger: z.enum(['request', 'speechStart']),
  pointId: IdSchema,
  pointName: z.string(),
  speechId: IdSchema.nullable(),
  speakerName: z.string().nullable(),
  stepId: IdSchema.nullable(),
  width: z.number(),
  height: z.number(),
  inMinutes: z.boolean(),
  /** the caption chosen (null: the minutes' default) */
  caption: z.string().nullable(),
  /** "Ảnh: …" as the minutes print it */
  figureCaption: z.string(),
});
export type StillListItem = z.infer<typeof StillListItemSchema>;
export const StillListSchema = z.object({ conferenceId: IdSchema, stills: z.array(StillListItemSchema) });

export function stillPaths(conferenceId: string, stillId?: string) {
  const base = `/conferences/${encodeURIComponent(conferenceId)}/stills`;
  const one = stillId === undefined ? '' : `${base}/${encodeURIComponent(stillId)}`;
  return { list: base, take: base, select: one, jpeg: one && `${one}.jpg` };
}
