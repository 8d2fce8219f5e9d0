import { describe, expect, it } from 'vitest';
import { hasStateShape, STATE_SHAPE, STATE_VERSION } from './stateShape.js';
import { emptyState } from './state.js';
import { admin, chair, inSession, pointOp, THOI_BINH } from './testkit.js';

// Snapshots are checked against the state's own shape (no hand-bumped version to forget).

describe('state shape', () => {
  it('R-CORE-8: a state the core made has the shape, with its records full', () => {
    const s = inSession();
    s.do(chair, { type: 'openQueue' });
    s.do(pointOp(THOI_BINH), { type: 'requestFloor', pointId: THOI_BINH, topic: 'Thủy lợi', kind: 'contribution' });
    s.do(admin, { type: 'setObserverExport', allowed: true });
    s.do(chair, { type: 'startRecording' });
    expect(hasStateShape(s.state)).toBe(true);
    expect(hasStateShape(emptyState())).toBe(true);
    expect(hasStateShape(JSON.parse(JSON.stringify(s.state)))).toBe(true);
  });

  it('R-CORE-8: a state of another shape is refused: a field missing, one too many, another kind of value', () => {
    const s = inSession().state;
    const { observersMayExport: _gone, ...olderConference } = s.conference!;
    expect(hasStateShape({ ...s, conference: olderConference })).toBe(false);
    expect(hasStateShape({ ...s, somethingNew: 1 })).toBe(false);
    expect(hasStateShape({ ...s, eventCount: 'many' })).toBe(false);
    expect(hasStateShape({ ...s, queue: { ...s.queue, waiting: {} } })).toBe(false);
    expect(hasStateShape('not a state')).toBe(false);
  });

  it('R-CORE-8: the snapshot version is named after the shape', () => {
    expect(STATE_SHAPE).toContain('observersMayExport:boolean');
    expect(STATE_VERSION).toMatch(/^\d+\.[0-9a-f]{8}$/);
  });
});
