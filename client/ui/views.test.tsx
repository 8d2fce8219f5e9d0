// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ChairConsole } from './chair/ChairConsole.js';
import { SpeakerQueue } from './chair/SpeakerQueue.js';
import { RollCallTable } from './clerk/RollCallTable.js';
import { MinutesNotes } from './clerk/MinutesNotes.js';
import { FloorBox } from './point/FloorBox.js';
import { PointConsole } from './point/PointConsole.js';
import { useMeeting } from './session.js';
import { buttons, choose, click, key, mount, submit, type Harness, type } from './testing/harness.js';
import { DISCUSSING, SETUP } from './testing/events.js';

// The views wired to a real replica: what they show, and the command each control issues.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

function QueueView() {
  const state = useMeeting();
  return <SpeakerQueue state={state} now={80_000} />;
}
function RollCallView() {
  return <RollCallTable state={useMeeting()} />;
}
function FloorView() {
  return <FloorBox state={useMeeting()} pointId="tb" />;
}

describe('the speaker queue (chair)', () => {
  it('lists requests in speaking order with point, delegate, kind, topic and waiting time', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, () => <QueueView />);
    const rows = [...h.container.querySelectorAll('li[data-request-id]')];
    expect(rows.map((r) => r.getAttribute('data-request-id'))).toEqual(['r1', 'r2']);
    expect(rows[0]?.textContent).toContain('Huyện Thới Bình');
    expect(rows[0]?.textContent).toContain('Nguyễn Văn An, Chủ tịch UBND huyện');
    expect(rows[0]?.textContent).toContain('Phát biểu ý kiến');
    expect(rows[0]?.textContent).toContain('chờ 01:19');
    expect(rows[1]?.textContent).toContain('Cả điểm cầu');
  });

  it('grants, moves to top and declines with a reason', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, () => <QueueView />);
    const second = h.container.querySelector('li[data-request-id=r2]')!;
    await click(buttons(second, 'Giao lời')[0]);
    await click(second.querySelector('.queue__actions button:nth-child(2)'));
    await click(buttons(second, 'Từ chối')[0]);
    await type(second.querySelector('.queue__decline input'), 'Đã hết thời gian thảo luận');
    await submit(second.querySelector('.queue__decline'));
    expect(h.sent).toEqual([
      { type: 'grantFloor', requestId: 'r2' },
      { type: 'moveRequest', requestId: 'r2', to: 'top' },
      { type: 'declineRequest', requestId: 'r2', reason: 'Đã hết thời gian thảo luận' },
    ]);
  });

  it('asks before lowering every request', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, () => <QueueView />);
    await click(buttons(h.container, 'Hạ tất cả đăng ký')[0]);
    expect(h.sent).toEqual([]);
    await click(buttons(h.container, 'Xác nhận')[0]);
    expect(h.sent).toEqual([{ type: 'lowerAll' }]);
  });
});

describe('the chair console', () => {
  it('grants the head of the queue with G and ends the speech with E', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, () => <ChairConsole />);
    await key(window, 'g');
    expect(h.sent).toEqual([{ type: 'grantFloor', requestId: 'r1' }]);
    await h.live([
      { type: 'floorGranted', at: 30, by: { role: 'chair' }, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: 'Nguyễn Văn An', speakerPosition: 'Chủ tịch UBND huyện', limitSeconds: 300 },
    ]);
    expect(h.container.querySelector('[data-testid=speaker-name]')?.textContent).toBe('Nguyễn Văn An');
    await key(window, 'e');
    expect(h.sent[1]).toEqual({ type: 'endSpeech', speechId: 'sp1' });
  });
});

describe('the roll-call table (clerk)', () => {
  it('marks with the keyboard: P present, ↓ then E asks a reason, S asks the substitute', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => <RollCallView />);
    const tbody = h.container.querySelector('tbody')!;
    const row0 = tbody.querySelector('tr[data-index="0"]')!;
    await key(row0, 'p');
    await key(row0, 'ArrowDown');
    await key(row0, 'e');
    const reason = h.container.querySelector<HTMLInputElement>('.rollcall__detail input');
    expect(reason?.value).toBe('Bận công tác');
    await submit(h.container.querySelector('.rollcall__detail form'));
    await key(tbody.querySelector('tr[data-index="1"]')!, 'ArrowDown');
    await key(tbody.querySelector('tr[data-index="2"]')!, 's');
    const inputs = h.container.querySelectorAll('.rollcall__detail input');
    await type(inputs[0]!, 'Đỗ Thị Hoa');
    await type(inputs[1]!, 'Phó Chánh Văn phòng');
    await submit(h.container.querySelector('.rollcall__detail form'));
    expect(h.sent).toEqual([
      { type: 'markAttendance', attendeeId: 'a1', mark: { status: 'present' } },
      { type: 'markAttendance', attendeeId: 'a2', mark: { status: 'excused', reason: 'Bận công tác' } },
      { type: 'markAttendance', attendeeId: 'a3', mark: { status: 'substitute', substituteName: 'Đỗ Thị Hoa', substitutePosition: 'Phó Chánh Văn phòng' } },
    ]);
  });

  it('shows each mark as it arrives, and filters by point', async () => {
    h = await mount(SETUP, { role: 'clerk' }, () => <RollCallView />);
    await h.live([{ type: 'attendanceMarked', at: 9, by: { role: 'clerk' }, attendeeId: 'a2', mark: { status: 'absent' } }]);
    expect(h.container.querySelector('tr[data-attendee-id=a2]')?.getAttribute('data-status')).toBe('absent');
    await choose(h.container.querySelector('[data-testid=filter-point]'), 'um');
    expect([...h.container.querySelectorAll('tr[data-attendee-id]')].map((r) => r.getAttribute('data-attendee-id'))).toEqual(['a3']);
  });
});

describe('the point console', () => {
  it('requests the floor with topic, kind and delegate, then shows its place', async () => {
    h = await mount(DISCUSSING.slice(0, -2), { role: 'point', pointId: 'tb' }, () => <FloorView />);
    await type(h.container.querySelector('input[name=topic]'), 'Giao thông nông thôn');
    await choose(h.container.querySelector('select[name=delegate]'), '0');
    await submit(h.container.querySelector('form'));
    expect(h.sent).toEqual([
      { type: 'requestFloor', pointId: 'tb', topic: 'Giao thông nông thôn', kind: 'contribution', delegateName: 'Nguyễn Văn An', delegatePosition: 'Chủ tịch UBND huyện' },
    ]);
    await h.live([
      { type: 'floorRequested', at: 10, by: { role: 'point', pointId: 'um' }, requestId: 'r0', pointId: 'um', delegateName: null, delegatePosition: null, topic: 'X', kind: 'contribution', index: 0 },
      { type: 'floorRequested', at: 11, by: { role: 'point', pointId: 'tb' }, requestId: 'r9', pointId: 'tb', delegateName: 'Nguyễn Văn An', delegatePosition: null, topic: 'Giao thông nông thôn', kind: 'contribution', index: 1 },
    ]);
    expect(h.container.querySelector('[data-testid=queue-position]')?.textContent).toContain('Đang chờ: thứ 2 / 2');
    await click(buttons(h.container, 'Rút đăng ký')[0]);
    expect(h.sent[1]).toEqual({ type: 'withdrawRequest', requestId: 'r9' });
  });

  it('says “you have the floor” with the timer once granted', async () => {
    h = await mount(DISCUSSING, { role: 'point', pointId: 'tb' }, () => <PointConsole pointId="tb" />);
    expect(h.container.querySelector('[data-testid=you-have-the-floor]')).toBeNull();
    await h.live([
      { type: 'floorGranted', at: 30, by: { role: 'chair' }, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: 'Nguyễn Văn An', speakerPosition: null, limitSeconds: 300 },
      { type: 'microphoneOpened', at: 30, by: { role: 'chair' }, pointId: 'tb' },
    ]);
    const banner = h.container.querySelector('[data-testid=you-have-the-floor]');
    expect(banner?.textContent).toContain('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU');
    expect(banner?.querySelector('[data-testid=speech-timer]')).not.toBeNull();
    expect(h.container.querySelector('[data-testid=mic-state]')?.getAttribute('data-muted')).toBe('false');
    await click(buttons(banner!, 'Đã phát biểu xong')[0]);
    expect(h.sent).toEqual([{ type: 'endSpeech', speechId: 'sp1' }]);
  });
});

describe('notes for the minutes (clerk)', () => {
  function NotesView() {
    return <MinutesNotes state={useMeeting()} now={100} />;
  }

  it('names the running step, sends a note with Ctrl+Enter, lists the step’s notes and removes one', async () => {
    h = await mount(DISCUSSING, { role: 'clerk' }, () => <NotesView />);
    expect(h.container.querySelector('[data-testid=notes-step]')?.textContent).toBe('Cho mục: 2. Thảo luận');
    const area = h.container.querySelector('textarea')!;
    await type(area, 'Huyện U Minh đề nghị hỗ trợ phòng chống cháy rừng.');
    await act(() => {
      area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    expect(h.sent).toEqual([{ type: 'addMinutesNote', text: 'Huyện U Minh đề nghị hỗ trợ phòng chống cháy rừng.' }]);
    await h.live([
      { type: 'minutesNoteAdded', at: 50, by: { role: 'clerk' }, noteId: 'n1', stepId: 's-disc', text: 'Huyện U Minh đề nghị hỗ trợ phòng chống cháy rừng.' },
      { type: 'minutesNoteAdded', at: 51, by: { role: 'clerk' }, noteId: 'n0', stepId: null, text: 'Ghi chung' },
    ]);
    expect([...h.container.querySelectorAll('li[data-note-id]')].map((li) => li.getAttribute('data-note-id'))).toEqual(['n1']);
    await click(h.container.querySelector('li[data-note-id=n1] button'));
    expect(h.sent[1]).toEqual({ type: 'removeMinutesNote', noteId: 'n1' });
  });
});
