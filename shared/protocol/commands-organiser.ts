import { z } from 'zod';
import { ContactSchema, IdSchema, NameSchema, ReasonSchema, RegionSchema } from './common.js';
import { DeviceCheckSchema, JoinRoleValueSchema, NetworkCheckSchema, PointKindSchema } from './values.js';

// Commands of the organiser's console (issue #13): points in bulk and in order, calling a point
// during the line test, the pre-flight result a point reports, and the first opening of a link.

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/** One point of a bulk add: a pasted line or a row of an imported list. */
export const NewPointSchema = z.strictObject({
  id: IdSchema.optional(),
  name: NameSchema,
  kind: PointKindSchema,
  contact: ContactSchema.optional(),
  region: RegionSchema.optional(),
});
export type NewPoint = z.infer<typeof NewPointSchema>;

/** Since 2025 provinces connect straight to communes: a hundred points at once, all or nothing. */
export const MAX_POINTS_AT_ONCE = 1000;
export const AddPoints = cmd('addPoints', { points: z.array(NewPointSchema).min(1).max(MAX_POINTS_AT_ONCE) });
/** The full new order of the points: a permutation of the current point ids. */
export const ReorderPoints = cmd('reorderPoints', { pointIds: z.array(IdSchema).max(5000) });

/** "Điểm cầu X, xin mời kết nối": a notice on the point's console until the point acknowledges it. */
export const CallPoint = cmd('callPoint', { pointId: IdSchema, message: ReasonSchema.optional() });
export const AcknowledgeCall = cmd('acknowledgeCall', { pointId: IdSchema });

/** What a point's pre-flight found: camera, microphone and the link to the server. */
export const ReportPreflight = cmd('reportPreflight', {
  pointId: IdSchema,
  camera: DeviceCheckSchema,
  microphone: DeviceCheckSchema,
  network: NetworkCheckSchema,
});

/** The server's gateway, the first time a link is used: who opened which link and when. */
export const RecordLinkOpened = cmd('recordLinkOpened', {
  linkId: IdSchema,
  role: JoinRoleValueSchema,
  pointId: IdSchema.optional(),
});

export const organiserCommands = [AddPoints, ReorderPoints, CallPoint, AcknowledgeCall, ReportPreflight, RecordLinkOpened] as const;
