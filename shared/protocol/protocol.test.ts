import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, CommandSchema, EVENT_TYPES, EventSchema, PrincipalSchema, PROTOCOL_VERSION } from './index.js';

describe('the wire protocol', () => {
  it('has a version and unique command and event types', () => {
    expect(Number.isInteger(PROTOCOL_VERSION)).toBe(true);
    expect(new Set(COMMAND_TYPES).size).toBe(COMMAND_TYPES.length);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(COMMAND_TYPES).toContain('grantFloor');
    expect(EVENT_TYPES).toContain('floorGranted');
  });

  it('R-CORE-2: commands are strict objects with bounded text', () => {
    expect(CommandSchema.safeParse({ type: 'openQueue' }).success).toBe(true);
    expect(CommandSchema.safeParse({ type: 'openQueue', by: { role: 'chair' } }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'requestFloor', pointId: 'p1', topic: 'x'.repeat(500), kind: 'contribution' }).success).toBe(true);
    expect(CommandSchema.safeParse({ type: 'requestFloor', pointId: 'p1', topic: 'x'.repeat(501), kind: 'contribution' }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'requestFloor', pointId: 'p 1', topic: 'x', kind: 'contribution' }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'createConference', title: 'HN', date: '2021-13-04', organiser: 'U', venue: 'V' }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'importInvitationList', mode: 'append', rows: Array.from({ length: 5001 }, (_, i) => ({ line: i + 2, name: 'A', position: '', organisation: 'B', point: 'C' })) }).success).toBe(false);
  });

  it('R-CORE-4: events carry at and by, and are strict too', () => {
    const e = { type: 'queueOpened', at: 1609723800000, by: { role: 'chair', name: 'Chủ trì' } };
    expect(EventSchema.safeParse(e).success).toBe(true);
    expect(EventSchema.safeParse({ type: 'queueOpened', by: { role: 'chair' } }).success).toBe(false);
    expect(EventSchema.safeParse({ type: 'queueOpened', at: 1 }).success).toBe(false);
    expect(EventSchema.safeParse({ ...e, extra: 1 }).success).toBe(false);
  });

  it('R-AUTH-2: a point operator principal is bound to a point', () => {
    expect(PrincipalSchema.safeParse({ role: 'point' }).success).toBe(false);
    expect(PrincipalSchema.safeParse({ role: 'point', pointId: 'cm-u-minh' }).success).toBe(true);
    expect(PrincipalSchema.safeParse({ role: 'root' }).success).toBe(false);
    expect(PrincipalSchema.safeParse({ role: 'observer', token: 'x' }).success).toBe(false);
  });
});
