import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/meeting/evolve.js';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { myFloor, pointSpeakers } from './floor.js';

const admin = { role: 'admin' as const };
const chair = { role: 'chair' as const };
const clerk = { role: 'clerk' as const };
const tb = { role: 'point' as const, pointId: 'tb' };
const base: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'UBND tỉnh', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
  { type: 'organisationAdded', at: 0, by: admin, organisationId: 'ub', name: 'UBND huyện' },
  {
    type: 'invitationListImported', at: 0, by: admin, mode: 'replace',
    attendees: [
      { id: 'a1', name: 'Nguyễn Văn An', position: 'Chủ tịch UBND huyện', organisationId: 'ub', pointId: 'tb', line: 2 },
      { id: 'a2', name: 'Trần Thị Bình', position: 'Phó Chủ tịch', organisationId: 'ub', pointId: 'tb', line: 3 },
      { id: 'a3', name: 'Lê Văn Cường', position: 'Chánh Văn phòng', organisationId: 'ub', pointId: 'tb', line: 4 },
      { id: 'a4', name: 'Phạm Minh', position: 'Chủ tịch', organisationId: 'ub', pointId: 'um', line: 5 },
    ],
  },
  { type: 'floorRequested', at: 10, by: { role: 'point', pointId: 'um' }, requestId: 'r0', pointId: 'um', delegateName: null, delegatePosition: null, topic: 'Giảm nghèo', kind: 'contribution', index: 0 },
  { type: 'floorRequested', at: 20, by: tb, requestId: 'r1', pointId: 'tb', delegateName: 'Nguyễn Văn An', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution', index: 1 },
];

describe('a point’s own view of the floor', () => {
  it('shows where its request waits', () => {
    const f = myFloor(replay(base), 'tb');
    expect(f.waiting.map((w) => [w.request.id, w.position])).toEqual([['r1', 2]]);
    expect(f.queueLength).toBe(2);
    expect(f.speech).toBeNull();
    expect(f.declined).toBeNull();
  });

  it('shows that it has the floor once granted', () => {
    const s = replay([
      ...base,
      { type: 'floorGranted', at: 30, by: chair, requestId: 'r1', speechId: 's1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: 'Nguyễn Văn An', speakerPosition: null, limitSeconds: 300 },
    ]);
    const f = myFloor(s, 'tb');
    expect(f.waiting).toEqual([]);
    expect(f.speech?.id).toBe('s1');
    expect(myFloor(s, 'um').speech).toBeNull();
  });

  it('says the chair declined, with the reason, until the point asks again', () => {
    const declined = replay([...base, { type: 'requestDeclined', at: 30, by: chair, requestId: 'r1', reason: 'Hết thời gian' }]);
    expect(myFloor(declined, 'tb').declined?.declineReason).toBe('Hết thời gian');
    const again = replay([
      ...base,
      { type: 'requestDeclined', at: 30, by: chair, requestId: 'r1', reason: 'Hết thời gian' },
      { type: 'floorRequested', at: 40, by: tb, requestId: 'r2', pointId: 'tb', delegateName: null, delegatePosition: null, topic: 'Khác', kind: 'reply', index: 1 },
    ]);
    expect(myFloor(again, 'tb').declined).toBeNull();
  });

  it('on two requests of the same millisecond, shows the decline decided last, whatever the ids', () => {
    const twin = (id: string): MeetingEvent => ({ type: 'floorRequested', at: 50, by: tb, requestId: id, pointId: 'tb', delegateName: null, delegatePosition: null, topic: 'Khác', kind: 'reply', index: 2 });
    const decline = (id: string, at: number, reason: string): MeetingEvent => ({ type: 'requestDeclined', at, by: chair, requestId: id, reason });
    const start = [...base, decline('r1', 30, 'cũ')];
    const zLast = replay([...start, twin('rz'), twin('ra'), decline('ra', 60, 'trước'), decline('rz', 70, 'sau')]);
    expect(myFloor(zLast, 'tb').declined?.declineReason).toBe('sau');
    const aLast = replay([...start, twin('rz'), twin('ra'), decline('rz', 60, 'trước'), decline('ra', 70, 'sau')]);
    expect(myFloor(aLast, 'tb').declined?.declineReason).toBe('sau');
  });

  it('offers as speakers the point’s attendees who are in the room, substitutes by their own name', () => {
    const s = replay([
      ...base,
      { type: 'attendanceMarked', at: 5, by: clerk, attendeeId: 'a2', mark: { status: 'excused', reason: 'Ốm' } },
      { type: 'attendanceMarked', at: 5, by: clerk, attendeeId: 'a3', mark: { status: 'substitute', substituteName: 'Đỗ Thị Hoa', substitutePosition: 'Phó Chánh Văn phòng' } },
    ]);
    expect(pointSpeakers(s, 'tb')).toEqual([
      { name: 'Nguyễn Văn An', position: 'Chủ tịch UBND huyện' },
      { name: 'Đỗ Thị Hoa', position: 'Phó Chánh Văn phòng' },
    ]);
  });
});
