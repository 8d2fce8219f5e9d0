import { z } from 'zod';
import { AcknowledgeCall, ReportPreflight } from './commands-organiser.js';
import { evt, fieldsOf, IdSchema } from './common.js';
import { JoinRoleValueSchema } from './values.js';

// Events of the organiser's console (issue #13). A bulk add of points is recorded as one
// `pointAdded` per point, so every reader of the log already understands it.


export const PointsReordered = evt('pointsReordered', { pointIds: z.array(IdSchema).max(5000) });
export const PointCalled = evt('pointCalled', { pointId: IdSchema, message: z.string().max(500).nullable() });
export const PointCallAcknowledged = evt('pointCallAcknowledged', fieldsOf(AcknowledgeCall));
export const PreflightReported = evt('preflightReported', fieldsOf(ReportPreflight));
export const LinkOpened = evt('linkOpened', { linkId: IdSchema, role: JoinRoleValueSchema, pointId: IdSchema.nullable() });

export const organiserEvents = [PointsReordered, PointCalled, PointCallAcknowledged, PreflightReported, LinkOpened] as const;
