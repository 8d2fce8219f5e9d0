import { describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../protocol/index.js';
import { PROGRAM_HEIGHT, PROGRAM_WIDTH, programEditList, type Shot } from './edit-list.js';

// The program cut's edit list from the log alone (issue #16): cuts at the logged times, the floor
// holder full frame with the chair's other large pictures as insets, a grid in gallery, the
// lower third from the log, and the speeches' places in the program for the minutes.

const admin = { role: 'admin' as const };
const chair = { role: 'chair' as const };
const sys = { role: 'system' as const };
const T0 = 1_700_000_000_000;
const at = (s: number) => T0 + s * 1000;

const setup: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'UBND tỉnh', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
  { type: 'panelMemberAdded', at: 0, by: admin, memberId: 'm1', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' },
  { type: 'agendaStepAdded', at: 0, by: admin, stepId: 's1', title: 'Thảo luận', kind: 'discussion', presenter: null, presidingMemberId: 'm1', plannedMinutes: 60, documents: [] },
  { type: 'pointWentOnline', at: at(0), by: sys, pointId: 'c' },
  { type: 'pointWentOnline', at: at(0), by: sys, pointId: 'tb' },
  { type: 'pointWentOnline', at: at(0), by: sys, pointId: 'um' },
];
const request: MeetingEvent = { type: 'floorRequested', at: at(3), by: { role: 'point', pointId: 'tb' }, requestId: 'r1', pointId: 'tb', delegateName: 'Nguyễn Văn An', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution', index: 0 };
const grant: MeetingEvent = { type: 'floorGranted', at: at(5), by: chair, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: 'Nguyễn Văn An', speakerPosition: 'Chủ tịch UBND huyện', limitSeconds: 300 };

const log: MeetingEvent[] = [
  ...setup,
  { type: 'recordingStarted', at: at(1), by: chair, recordingId: 'rec-1' },
  { type: 'agendaStepStarted', at: at(2), by: chair, stepId: 's1' },
  request,
  grant,
  { type: 'speechEnded', at: at(9), by: chair, speechId: 'sp1' },
  { type: 'layoutChanged', at: at(10), by: chair, mode: 'gallery' },
  // Two changes in one instant make one cut.
  { type: 'layoutChanged', at: at(11), by: chair, mode: 'discussion' },
  { type: 'layoutChanged', at: at(11), by: chair, mode: 'presiding' },
  { type: 'recordingStopped', at: at(12), by: chair, recordingId: 'rec-1', reason: 'requested' },
  { type: 'layoutChanged', at: at(13), by: chair, mode: 'gallery' },
];

const FULL = { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT };
const span = (s: Shot) => [s.fromMs, s.toMs];

describe('the program cut’s edit list', () => {
  const list = programEditList(log, 'rec-1')!;

  it('covers the run from its logged start to its logged stop, and nothing after', () => {
    expect(list).toMatchObject({ recordingId: 'rec-1', conferenceId: 'cm', startedAt: at(1), stoppedAt: at(12), open: false, durationMs: 11_000, width: 1280, height: 720 });
    expect(list.shots.map(span)).toEqual([
      [0, 1000],
      [1000, 4000],
      [4000, 8000],
      [8000, 9000],
      [9000, 10_000],
      [10_000, 11_000],
    ]);
    // The two layout changes at 11 s are one cut, straight back to the presiding picture.
    expect(list.shots[5]).toMatchObject({ layout: 'presiding', pictures: list.shots[3]!.pictures });
  });

  it('cuts to the floor holder full frame when the floor is granted, the presiding picture as an inset', () => {
    const [before, stepOn, speaking, after] = list.shots;
    expect(before!.pictures).toEqual([{ pointId: 'c', role: 'main', rect: FULL }]);
    expect(stepOn!.caption).toEqual({ name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', pointName: 'UBND tỉnh', stepTitle: 'Thảo luận' });
    expect(speaking!.pictures).toEqual([
      { pointId: 'tb', role: 'main', rect: FULL },
      { pointId: 'c', role: 'inset', rect: { x: 936, y: 24, w: 320, h: 180 } },
    ]);
    expect(speaking!.caption).toEqual({ name: 'Nguyễn Văn An', position: 'Chủ tịch UBND huyện', pointName: 'Thới Bình', stepTitle: 'Thảo luận' });
    expect(after!.pictures.map((p) => p.pointId)).toEqual(['c']);
  });

  it('draws the chair’s gallery as a grid of every connected point', () => {
    const grid = list.shots[4]!;
    expect(grid.layout).toBe('gallery');
    expect(grid.pictures.map((p) => [p.pointId, p.role])).toEqual([
      ['c', 'grid'],
      ['tb', 'grid'],
      ['um', 'grid'],
    ]);
    for (const p of grid.pictures) {
      expect(p.rect.w / p.rect.h).toBeCloseTo(16 / 9, 1);
      expect(p.rect.x + p.rect.w).toBeLessThanOrEqual(PROGRAM_WIDTH);
      expect(p.rect.y + p.rect.h).toBeLessThanOrEqual(PROGRAM_HEIGHT);
    }
  });

  it('places each speech of the run in the program, for the minutes', () => {
    expect(list.speeches).toEqual([{ speechId: 'sp1', pointId: 'tb', speaker: 'Nguyễn Văn An', atMs: 4000 }]);
  });

  it('is deterministic: the same log gives the same list, byte for byte', () => {
    expect(JSON.stringify(programEditList(structuredClone(log), 'rec-1'))).toBe(JSON.stringify(list));
  });

  it('ends an open run (no stop logged) at the last event, and knows no run it was not told of', () => {
    const open = programEditList(log.slice(0, -2), 'rec-1')!;
    expect(open).toMatchObject({ open: true, durationMs: 10_000 });
    expect(open.shots.at(-1)!.toMs).toBe(10_000);
    expect(programEditList(log, 'rec-2')).toBeNull();
  });
});
