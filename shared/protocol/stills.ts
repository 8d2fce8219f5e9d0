import { z } from 'zod';
import { evt, IdSchema, NameSchema, TitleSchema } from './common.js';

// Stills (ảnh hội nghị): a picture of a point's room or of the program, taken on demand from the
// chair's or the clerk's console or by the server at each speech's start, and chosen afterwards
// for the minutes as figures with captions ("Ảnh: Quang cảnh Hội nghị tại điểm cầu …"). The
// server grabs the frame (server/stills), then records it with `recordStill`: the log keeps who
// asked, when, of what, the point, the agenda step and the speaker; the JPEG is named by the id.

/** `point`: a point's camera as asked; `program`: the picture the presiding layout shows large. */
export const STILL_SOURCES = ['point', 'program'] as const;
export const StillSourceSchema = z.enum(STILL_SOURCES);
export type StillSource = z.infer<typeof StillSourceSchema>;

/** A caption as the minutes print it after "Ảnh: ". */
export const StillCaptionSchema = z.string().trim().min(1).max(300);

/** The picture's facts, measured by the server from the JPEG it wrote. */
const pictureFields = {
  width: z.number().int().min(1).max(8192),
  height: z.number().int().min(1).max(8192),
  bytes: z.number().int().min(1).max(50_000_000),
};

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...shape });

/**
 * A still the server has grabbed, recorded for the one who asked (R-STILL-1) or by the server at a
 * speech's start, naming the speech (R-STILL-2). `id` is the JPEG's name, so it is always given.
 */
export const RecordStill = cmd('recordStill', {
  id: IdSchema,
  source: StillSourceSchema,
  pointId: IdSchema,
  speechId: IdSchema.optional(),
  ...pictureFields,
});
/** The clerk, the chair or the organiser puts a still in the minutes, or takes it out (R-STILL-4). */
export const SelectStillForMinutes = cmd('selectStillForMinutes', {
  stillId: IdSchema,
  inMinutes: z.boolean(),
  /** replaces the caption the minutes would write; absent keeps the one given before (or the default) */
  caption: StillCaptionSchema.optional(),
});

export const StillTaken = evt('stillTaken', {
  stillId: IdSchema,
  source: StillSourceSchema,
  /** `speechStart` when the server took it as a speech began; `request` when someone asked */
  trigger: z.enum(['request', 'speechStart']),
  pointId: IdSchema,
  /** the speech at that point at that instant (or the one named), null when nobody held its floor */
  speechId: IdSchema.nullable(),
  speakerName: NameSchema.nullable(),
  speakerPosition: NameSchema.nullable(),
  /** the agenda step running then */
  stepId: IdSchema.nullable(),
  topic: TitleSchema.nullable(),
  ...pictureFields,
});
export const StillSelected = evt('stillSelected', { stillId: IdSchema, inMinutes: z.boolean(), caption: StillCaptionSchema.nullable() });

export const stillCommands = [RecordStill, SelectStillForMinutes] as const;
export const stillEvents = [StillTaken, StillSelected] as const;
