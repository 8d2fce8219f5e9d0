import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { floorHolders, queueInOrder, queuePosition, speechState } from './selectors.js';
import { admin, CENTRAL, chair, ctx, discussing, expectEvents, expectRefused, inSession, NAM_CAN, pointOp, THOI_BINH, U_MINH } from './testkit.js';
import { entryOf } from './buckets.js';

const ask = (pointId: string, id: string, kind: 'contribution' | 'reply' | 'pointOfOrder' = 'contribution', delegateName?: string) =>
  ({ type: 'requestFloor', id, pointId, topic: `Ý kiến ${id}`, kind, ...(delegateName ? { delegateName } : {}) }) as const;

describe('the speaker queue (đăng ký phát biểu)', () => {
  it('R-QUEUE-1: a point or a named delegate requests the floor while the queue is open', () => {
    const s = inSession();
    expectRefused(s.try(pointOp(THOI_BINH), ask(THOI_BINH, 'r0')), 'QUEUE_CLOSED');
    s.do(chair, { type: 'openQueue' });
    const [e] = expectEvents(s.try(pointOp(THOI_BINH), { ...ask(THOI_BINH, 'r1', 'contribution', 'Lê Minh Hùng'), delegatePosition: 'Chủ tịch HĐND huyện' }), ['floorRequested']);
    expect(e).toMatchObject({ requestId: 'r1', delegateName: 'Lê Minh Hùng', delegatePosition: 'Chủ tịch HĐND huyện', index: 0 });
    s.apply([e!]);
    expect(entryOf(s.state.queue.requests, 'r1')).toMatchObject({ status: 'waiting', requestedBy: { role: 'point', pointId: THOI_BINH } });
    expectRefused(s.try(pointOp(THOI_BINH), ask('ghost', 'r2')), 'UNKNOWN_POINT');
    expectRefused(s.try(pointOp(U_MINH), ask(U_MINH, 'r1')), 'DUPLICATE_ID');
  });

  it('R-QUEUE-2: a point of order is accepted while the queue is closed', () => {
    const s = inSession();
    expectEvents(s.try(pointOp(NAM_CAN), ask(NAM_CAN, 'poo', 'pointOfOrder')), ['floorRequested']);
  });

  it('R-QUEUE-3: points of order go to the head, behind earlier points of order', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'c1'));
    s.do(pointOp(U_MINH), ask(U_MINH, 'c2'));
    s.do(pointOp(NAM_CAN), ask(NAM_CAN, 'p1', 'pointOfOrder'));
    s.do(chair, ask(CENTRAL, 'p2', 'pointOfOrder'));
    expect(queueInOrder(s.state).map((r) => r.id)).toEqual(['p1', 'p2', 'c1', 'c2']);
    expect(queuePosition(s.state, 'c1')).toBe(3);
    expect(queuePosition(s.state, 'ghost')).toBeNull();
  });

  it('R-QUEUE-4: a point, or the same delegate, waits at most once', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    expectRefused(s.try(pointOp(THOI_BINH), ask(THOI_BINH, 'r2')), 'DUPLICATE_REQUEST');
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r3', 'contribution', 'Phạm Quốc Dũng'));
    expectRefused(s.try(pointOp(THOI_BINH), ask(THOI_BINH, 'r4', 'contribution', 'phạm quốc  dũng')), 'DUPLICATE_REQUEST');
    // once withdrawn, the point may ask again
    s.do(pointOp(THOI_BINH), { type: 'withdrawRequest', requestId: 'r1' });
    expectEvents(s.try(pointOp(THOI_BINH), ask(THOI_BINH, 'r5')), ['floorRequested']);
  });

  it('R-QUEUE-5: a reply needs someone holding the floor', () => {
    const s = discussing();
    expectRefused(s.try(pointOp(U_MINH), ask(U_MINH, 'rep', 'reply')), 'NO_CURRENT_SPEAKER');
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    s.do(chair, { type: 'grantFloor', requestId: 'r1' });
    expectEvents(s.try(pointOp(U_MINH), ask(U_MINH, 'rep', 'reply')), ['floorRequested']);
  });

  it('R-QUEUE-6: only waiting requests are withdrawn, granted, declined, deferred or moved', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    s.do(pointOp(THOI_BINH), { type: 'withdrawRequest', requestId: 'r1' });
    expect(entryOf(s.state.queue.requests, 'r1')?.status).toBe('withdrawn');
    for (const c of [
      { type: 'withdrawRequest', requestId: 'r1' },
      { type: 'grantFloor', requestId: 'r1' },
      { type: 'declineRequest', requestId: 'r1', reason: 'x' },
      { type: 'deferRequest', requestId: 'r1' },
      { type: 'moveRequest', requestId: 'r1', to: 'top' },
    ] as const) {
      expectRefused(s.try(chair, c), 'REQUEST_NOT_WAITING');
    }
    expectRefused(s.try(chair, { type: 'grantFloor', requestId: 'ghost' }), 'UNKNOWN_REQUEST');
  });

  it('R-QUEUE-7: decline with a reason, defer to the end, move up/down/top, lower all', () => {
    const s = discussing();
    for (const [p, id] of [[THOI_BINH, 'a'], [U_MINH, 'b'], [NAM_CAN, 'c'], [CENTRAL, 'd']] as const) s.do(p === CENTRAL ? chair : pointOp(p), ask(p, id));
    const order = () => queueInOrder(s.state).map((r) => r.id);
    expectRefused(s.try(chair, { type: 'declineRequest', requestId: 'a', reason: ' ' }), 'INVALID_COMMAND');
    s.do(chair, { type: 'declineRequest', requestId: 'a', reason: 'Nội dung đã được báo cáo' });
    expect(entryOf(s.state.queue.requests, 'a')).toMatchObject({ status: 'declined', declineReason: 'Nội dung đã được báo cáo' });
    expect(order()).toEqual(['b', 'c', 'd']);
    s.do(chair, { type: 'deferRequest', requestId: 'b' });
    expect(order()).toEqual(['c', 'd', 'b']);
    expect(entryOf(s.state.queue.requests, 'b')?.deferrals).toBe(1);
    s.do(chair, { type: 'moveRequest', requestId: 'b', to: 'up' });
    expect(order()).toEqual(['c', 'b', 'd']);
    s.do(chair, { type: 'moveRequest', requestId: 'c', to: 'down' });
    expect(order()).toEqual(['b', 'c', 'd']);
    s.do(chair, { type: 'moveRequest', requestId: 'd', to: 'top' });
    expect(order()).toEqual(['d', 'b', 'c']);
    expectRefused(s.try(chair, { type: 'moveRequest', requestId: 'd', to: 'up' }), 'QUEUE_MOVE_OUT_OF_RANGE');
    expectRefused(s.try(chair, { type: 'moveRequest', requestId: 'd', to: 'top' }), 'QUEUE_MOVE_OUT_OF_RANGE');
    expectRefused(s.try(chair, { type: 'moveRequest', requestId: 'c', to: 'down' }), 'QUEUE_MOVE_OUT_OF_RANGE');
    const [lowered] = expectEvents(s.try(chair, { type: 'lowerAll' }), ['queueLowered']);
    s.apply([lowered!]);
    expect(order()).toEqual([]);
    expect(['b', 'c', 'd'].map((id) => entryOf(s.state.queue.requests, id)?.status)).toEqual(['lowered', 'lowered', 'lowered']);
    expectRefused(s.try(chair, { type: 'lowerAll' }), 'NO_CHANGE');
  });

  it('R-QUEUE-8: closed by default; the chair opens and closes it', () => {
    const s = inSession();
    expect(s.state.queue.open).toBe(false);
    expectRefused(s.try(chair, { type: 'closeQueue' }), 'NO_CHANGE');
    s.do(chair, { type: 'openQueue' });
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    s.do(chair, { type: 'closeQueue' });
    expectRefused(s.try(pointOp(U_MINH), ask(U_MINH, 'r2')), 'QUEUE_CLOSED');
    // closing the list does not drop who is waiting, and they can still be given the floor
    expectEvents(s.try(chair, { type: 'grantFloor', requestId: 'r1' }), ['floorGranted', 'microphoneOpened']);
  });

  it('R-QUEUE-9: at most N floors; granting starts the speech with its kind\'s limit', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    s.do(pointOp(U_MINH), ask(U_MINH, 'r2'));
    const events = expectEvents(s.try(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' }), ['floorGranted', 'microphoneOpened']);
    expect(events[0]).toMatchObject({ speechId: 'sp1', pointId: THOI_BINH, kind: 'contribution', limitSeconds: 300, topic: 'Ý kiến r1' });
    s.apply(events);
    expect(speechState(entryOf(s.state.speeches, 'sp1')!, s.now).phase).toBe('speaking');
    expectRefused(s.try(chair, { type: 'grantFloor', requestId: 'r2' }), 'FLOOR_LIMIT_REACHED');
    expectRefused(s.try(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp1' }), 'FLOOR_LIMIT_REACHED');
    s.do(admin, { type: 'setMaxOpenFloors', max: 2 });
    expectRefused(s.try(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp1' }), 'DUPLICATE_ID');
    s.do(chair, { type: 'grantFloor', requestId: 'r2', speechId: 'sp2' });
    expect(floorHolders(s.state).map((sp) => sp.id)).toEqual(['sp1', 'sp2']);
  });

  it('R-QUEUE-10: a panel member speaks outside the queue, pausing floors and ending another directive speech', () => {
    const s = discussing();
    s.do(pointOp(THOI_BINH), ask(THOI_BINH, 'r1'));
    s.do(chair, { type: 'grantFloor', requestId: 'r1', speechId: 'sp1' });
    s.tick(30);
    const events = expectEvents(s.try(chair, { type: 'startDirectiveSpeech', id: 'd1', memberId: 'pm-hai', topic: 'Chỉ đạo' }), ['speechPaused', 'directiveSpeechStarted']);
    expect(events[1]).toMatchObject({ kind: 'directive', pointId: CENTRAL, speakerName: 'Nguyễn Tiến Hải', speakerPosition: 'Bí thư Tỉnh ủy', limitSeconds: null });
    s.apply(events);
    expect(speechState(entryOf(s.state.speeches, 'sp1')!, s.now).phase).toBe('paused');
    // not counted against N: the floor limit still allows the one floor that is open
    expect(floorHolders(s.state)).toHaveLength(1);
    s.tick(60);
    expectEvents(s.try(chair, { type: 'startDirectiveSpeech', id: 'd2', memberId: 'pm-quan' }), ['speechEnded', 'directiveSpeechStarted']);
    expectRefused(s.try(chair, { type: 'startDirectiveSpeech', memberId: 'ghost' }), 'UNKNOWN_PANEL_MEMBER');
    expectRefused(s.try(chair, { type: 'startDirectiveSpeech', id: 'sp1', memberId: 'pm-quan' }), 'DUPLICATE_ID');
  });

  it('R-QUEUE-10: a directive speech needs the central point', () => {
    const s = inSession();
    // R-CONF-2 keeps a session from losing its central point, so build such a state by hand
    const broken = { ...s.state, points: { ...s.state.points, [CENTRAL]: { ...s.state.points[CENTRAL]!, kind: 'district' as const } } };
    expectRefused(decide(broken, { type: 'startDirectiveSpeech', memberId: 'pm-hai' }, ctx(chair)), 'NO_CENTRAL_POINT');
  });

  it('R-QUEUE-11: queue positions stay unique through every move', () => {
    const s = discussing();
    for (const [p, id] of [[THOI_BINH, 'a'], [U_MINH, 'b'], [NAM_CAN, 'c']] as const) s.do(pointOp(p), ask(p, id));
    s.do(chair, ask(CENTRAL, 'p', 'pointOfOrder'));
    s.do(chair, { type: 'moveRequest', requestId: 'c', to: 'top' });
    s.do(chair, { type: 'deferRequest', requestId: 'p' });
    s.do(chair, { type: 'moveRequest', requestId: 'a', to: 'down' });
    const w = s.state.queue.waiting;
    expect(new Set(w).size).toBe(w.length);
    expect(w.every((id) => entryOf(s.state.queue.requests, id)?.status === 'waiting')).toBe(true);
    expect([...w].sort()).toEqual(['a', 'b', 'c', 'p']);
  });
});
