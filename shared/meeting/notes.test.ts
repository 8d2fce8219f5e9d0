import { describe, expect, it } from 'vitest';
import { notesOfStep } from './selectors.js';
import { admin, chair, clerk, discussing, expectEvents, expectRefused, inSession, observer, pointOp, THOI_BINH } from './testkit.js';

describe('notes for the minutes', () => {
  it('R-NOTES-1: a note belongs to the step running when it is written, with who and when', () => {
    const s = discussing();
    const [added] = expectEvents(s.try(clerk, { type: 'addMinutesNote', id: 'n1', text: '  Đồng chí Chủ tịch UBND huyện Thới Bình đề nghị bổ sung vốn giao thông nông thôn.  ' }), ['minutesNoteAdded']);
    expect(added).toMatchObject({ noteId: 'n1', stepId: 'st-discuss', text: 'Đồng chí Chủ tịch UBND huyện Thới Bình đề nghị bổ sung vốn giao thông nông thôn.' });
    s.apply([added!]);
    s.do(chair, { type: 'nextAgendaStep' });
    s.do(chair, { type: 'addMinutesNote', id: 'n2', text: 'Bí thư Tỉnh ủy phát biểu chỉ đạo.' });
    expect(notesOfStep(s.state, 'st-discuss').map((n) => n.id)).toEqual(['n1']);
    expect(notesOfStep(s.state, 'st-directive').map((n) => [n.id, n.by.role])).toEqual([['n2', 'chair']]);
    expect(s.state.notes['n1']?.at).toBe(s.now);
  });

  it('R-NOTES-1: between steps a note belongs to no step; only the clerk and the chair write them', () => {
    const s = inSession();
    s.do(clerk, { type: 'addMinutesNote', id: 'n0', text: 'Hội nghị khai mạc lúc 7 giờ 30.' });
    expect(notesOfStep(s.state, null).map((n) => n.text)).toEqual(['Hội nghị khai mạc lúc 7 giờ 30.']);
    for (const p of [admin, observer, pointOp(THOI_BINH)]) expectRefused(s.try(p, { type: 'addMinutesNote', text: 'x' }), 'FORBIDDEN');
    expectRefused(s.try(clerk, { type: 'addMinutesNote', text: '   ' }), 'INVALID_COMMAND');
    expectRefused(s.try(clerk, { type: 'addMinutesNote', id: 'n0', text: 'again' }), 'DUPLICATE_ID');
  });

  it('R-NOTES-2: a mistaken note is removed, not edited; removing an unknown note is refused', () => {
    const s = discussing();
    s.do(clerk, { type: 'addMinutesNote', id: 'n1', text: 'Ghi nhầm' });
    expectEvents(s.try(clerk, { type: 'removeMinutesNote', noteId: 'n1' }), ['minutesNoteRemoved']);
    s.do(clerk, { type: 'removeMinutesNote', noteId: 'n1' });
    expect(s.state.noteOrder).toEqual([]);
    expect(s.log.filter((e) => e.type.startsWith('minutesNote')).map((e) => e.type)).toEqual(['minutesNoteAdded', 'minutesNoteRemoved']);
    expectRefused(s.try(clerk, { type: 'removeMinutesNote', noteId: 'n1' }), 'UNKNOWN_NOTE');
  });
});
