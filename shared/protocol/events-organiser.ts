import { z } from 'zod';
import { ActorSchema, EpochMsSchema, IdSchema } from './common.js';
import { DeviceCheckSchema, JoinRoleValueSchema, NetworkCheckSchema } from './values.js';

// Events of the organiser's console (issue #13). A bulk add of points is recorded as one
// `pointAdded` per point, so every reader of the log already understands it.

const evt = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), at: EpochMsSchema, by: ActorSchema, ...shape });

export const PointsReordered = evt('pointsReordered', { pointIds: z.array(IdSchema).max(5000) });
export const PointCalled = evt('pointCalled', { pointId: IdSchema, message: z.string().max(500).nullable() });
export const PointCallAcknowledged = evt('pointCallAcknowledged', { pointId: IdSchema });
export const PreflightReported = evt('preflightReported', {
  pointId: IdSchema,
  camera: DeviceCheckSchema,
  microphone: DeviceCheckSchema,
  network: NetworkCheckSchema,
});
export const LinkOpened = evt('linkOpened', { linkId: IdSchema, role: JoinRoleValueSchema, pointId: IdSchema.nullable() });

export const organiserEvents = [PointsReordered, PointCalled, PointCallAcknowledged, PreflightReported, LinkOpened] as const;
