import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/meeting/evolve.js';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { chairAction, chairCommand, type KeyLike } from './shortcuts.js';
import { movesForDrag } from './queueMoves.js';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, targetTag: 'BODY', targetEditable: false, ...extra });

const admin = { role: 'admin' as const };
const chair = { role: 'chair' as const };
const setup: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'UBND tỉnh', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
  { type: 'floorRequested', at: 10, by: { role: 'point', pointId: 'tb' }, requestId: 'r1', pointId: 'tb', delegateName: null, delegatePosition: null, topic: 'Thu ngân sách', kind: 'contribution', index: 0 },
  { type: 'floorRequested', at: 20, by: { role: 'point', pointId: 'um' }, requestId: 'r2', pointId: 'um', delegateName: null, delegatePosition: null, topic: 'Giảm nghèo', kind: 'contribution', index: 1 },
];
const granted: MeetingEvent = {
  type: 'floorGranted', at: 100, by: chair, requestId: 'r1', speechId: 's1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: null, speakerPosition: null, limitSeconds: 300,
};

describe('chair keyboard shortcuts', () => {
  it('maps G, E and Space to grant-next, end-speech and pause', () => {
    expect(chairAction(key('g'))).toBe('grantNext');
    expect(chairAction(key('G'))).toBe('grantNext');
    expect(chairAction(key('e'))).toBe('endSpeech');
    expect(chairAction(key(' '))).toBe('togglePause');
    expect(chairAction(key('x'))).toBeNull();
  });

  it('does nothing while typing or with a modifier, and Space on a button stays the button’s', () => {
    expect(chairAction(key('g', { targetTag: 'INPUT' }))).toBeNull();
    expect(chairAction(key('e', { targetTag: 'TEXTAREA' }))).toBeNull();
    expect(chairAction(key('g', { targetEditable: true }))).toBeNull();
    expect(chairAction(key('g', { ctrlKey: true }))).toBeNull();
    expect(chairAction(key(' ', { targetTag: 'BUTTON' }))).toBeNull();
    expect(chairAction(key('g', { targetTag: 'BUTTON' }))).toBe('grantNext');
  });

  it('grants the head of the queue, then ends and pauses the speech that holds the floor', () => {
    const waiting = replay(setup);
    expect(chairCommand('grantNext', waiting, 50)).toEqual({ type: 'grantFloor', requestId: 'r1' });
    expect(chairCommand('endSpeech', waiting, 50)).toBeNull();
    const speaking = replay([...setup, granted]);
    expect(chairCommand('endSpeech', speaking, 150)).toEqual({ type: 'endSpeech', speechId: 's1' });
    expect(chairCommand('togglePause', speaking, 150)).toEqual({ type: 'pauseSpeech', speechId: 's1' });
    const paused = replay([...setup, granted, { type: 'speechPaused', at: 120, by: chair, speechId: 's1' }]);
    expect(chairCommand('togglePause', paused, 150)).toEqual({ type: 'resumeSpeech', speechId: 's1' });
    expect(chairCommand('grantNext', speaking, 150)).toEqual({ type: 'grantFloor', requestId: 'r2' });
  });
});

describe('dragging in the queue', () => {
  it('becomes protocol moves: top for the head, else one step at a time', () => {
    expect(movesForDrag(3, 0)).toEqual(['top']);
    expect(movesForDrag(3, 1)).toEqual(['up', 'up']);
    expect(movesForDrag(0, 2)).toEqual(['down', 'down']);
    expect(movesForDrag(2, 2)).toEqual([]);
    expect(movesForDrag(-1, 2)).toEqual([]);
  });
});
