import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/meeting/evolve.js';
import { parseInvitationCsv } from '../../../shared/import/index.js';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { previewImport } from './importPreview.js';
import { filterAttendees, moveCursor, NO_FILTER, rollCallKey } from './rollCall.js';

const admin = { role: 'admin' as const };
const clerk = { role: 'clerk' as const };
const events: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'UBND tỉnh Cà Mau', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
  { type: 'organisationAdded', at: 0, by: admin, organisationId: 'hd', name: 'HĐND huyện' },
  { type: 'organisationAdded', at: 0, by: admin, organisationId: 'ub', name: 'UBND huyện' },
  {
    type: 'invitationListImported', at: 0, by: admin, mode: 'replace',
    attendees: [
      { id: 'a1', name: 'Nguyễn Văn An', position: 'Chủ tịch HĐND', organisationId: 'hd', pointId: 'tb', line: 2 },
      { id: 'a2', name: 'Trần Thị Bình', position: 'Chủ tịch UBND', organisationId: 'ub', pointId: 'tb', line: 3 },
      { id: 'a3', name: 'Lê Đức Cường', position: 'Chủ tịch UBND', organisationId: 'ub', pointId: 'um', line: 4 },
    ],
  },
  { type: 'attendanceMarked', at: 1, by: clerk, attendeeId: 'a2', mark: { status: 'present' } },
];
const state = replay(events);

describe('the roll-call table', () => {
  it('filters by point, organisation, status and a name typed without diacritics', () => {
    const ids = (f: Partial<typeof NO_FILTER>) => filterAttendees(state, { ...NO_FILTER, ...f }).map((a) => a.id);
    expect(ids({})).toEqual(['a1', 'a2', 'a3']);
    expect(ids({ pointId: 'tb' })).toEqual(['a1', 'a2']);
    expect(ids({ organisationId: 'ub' })).toEqual(['a2', 'a3']);
    expect(ids({ status: 'present' })).toEqual(['a2']);
    expect(ids({ status: 'unmarked', pointId: 'tb' })).toEqual(['a1']);
    expect(ids({ search: 'duc cuong' })).toEqual(['a3']);
    expect(ids({ search: 'ĐỨC' })).toEqual(['a3']);
  });

  it('reads arrows to move and P/E/A/S to mark, in either case, never with a modifier', () => {
    expect(rollCallKey('ArrowDown', false)).toEqual({ kind: 'move', to: 'down' });
    expect(rollCallKey('p', false)).toEqual({ kind: 'mark', status: 'present' });
    expect(rollCallKey('E', false)).toEqual({ kind: 'mark', status: 'excused' });
    expect(rollCallKey('a', false)).toEqual({ kind: 'mark', status: 'absent' });
    expect(rollCallKey('s', false)).toEqual({ kind: 'mark', status: 'substitute' });
    expect(rollCallKey('p', true)).toBeNull();
    expect(rollCallKey('x', false)).toBeNull();
  });

  it('keeps the cursor inside the list', () => {
    expect(moveCursor(0, 'up', 3)).toBe(0);
    expect(moveCursor(2, 'down', 3)).toBe(2);
    expect(moveCursor(1, 'down', 3)).toBe(2);
    expect(moveCursor(9, 'up', 3)).toBe(1);
    expect(moveCursor(1, 'last', 3)).toBe(2);
    expect(moveCursor(0, 'down', 0)).toBe(0);
  });
});

describe('the import preview', () => {
  it('links each row to a point the way clerks write it, and sends the point id', () => {
    const csv = 'Họ và tên,Chức vụ,Cơ quan,Điểm cầu\nNguyễn Văn Mới,Phó Chủ tịch,UBND huyện,Huyện Thới Bình\nTrần Văn Hai,Chánh VP,UBND huyện,U MINH\n';
    const p = previewImport(parseInvitationCsv(csv), state);
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => [r.row.name, r.row.point, r.pointName])).toEqual([
      ['Nguyễn Văn Mới', 'tb', 'Thới Bình'],
      ['Trần Văn Hai', 'um', 'U Minh'],
    ]);
  });

  it('names every line whose point is unknown, and passes the parser’s errors on', () => {
    const csv = 'Họ và tên,Chức vụ,Cơ quan,Điểm cầu\nNguyễn Văn Mới,Phó Chủ tịch,UBND huyện,Năm Căn\nTrần Văn Hai,Chánh VP,UBND huyện,U Minh\n';
    const p = previewImport(parseInvitationCsv(csv), state);
    expect(p.errors).toEqual([{ kind: 'noPoint', line: 2, point: 'Năm Căn' }]);
    expect(p.rows).toHaveLength(1);
    const broken = previewImport(parseInvitationCsv('just one column\n'), state);
    expect(broken.rows).toEqual([]);
    expect(broken.errors[0]?.kind).toBe('parser');
  });
});
