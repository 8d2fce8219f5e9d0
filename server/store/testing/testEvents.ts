// A stand-in event schema for the store's own tests: the store is generic and must not import the
// meeting core, so these mimic its shape (a discriminated union of strict objects on `type`).
import { z } from 'zod';

export const testEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('PointJoined'), pointId: z.string().min(1), at: z.number().int() }),
  z.strictObject({ type: z.literal('FloorRequested'), pointId: z.string().min(1), topic: z.string() }),
  z.strictObject({ type: z.literal('FloorGranted'), pointId: z.string().min(1), speechId: z.string().min(1) }),
  z.strictObject({
    type: z.literal('AttendanceMarked'),
    attendeeId: z.string().min(1),
    status: z.enum(['present', 'excused', 'absent', 'substitute']),
    substitute: z.string().optional(),
  }),
  // Carries a batch marker, so the crash test can tell a whole batch from a torn one.
  z.strictObject({ type: z.literal('Tick'), batch: z.number().int(), index: z.number().int(), of: z.number().int() }),
]);

export type TestEvent = z.infer<typeof testEventSchema>;

export function joined(pointId: string, at = 0): TestEvent {
  return { type: 'PointJoined', pointId, at };
}

export function requested(pointId: string, topic: string): TestEvent {
  return { type: 'FloorRequested', pointId, topic };
}
