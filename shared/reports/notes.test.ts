import { describe, expect, it } from 'vitest';
import { clerk, chair, discussing } from '../meeting/testkit.js';
import { minutesMarkdown } from './minutes-markdown.js';
import { minutes } from './minutes.js';

// The clerk's notes (R-NOTES-1) reach the minutes under the step they were written in.

describe('notes in the minutes', () => {
  it('R-NOTES-1: each step of the minutes carries the notes written while it ran, without the removed ones', () => {
    const s = discussing();
    s.do(clerk, { type: 'addMinutesNote', id: 'n1', text: 'Huyện Thới Bình kiến nghị bổ sung vốn giao thông nông thôn.' });
    s.do(clerk, { type: 'addMinutesNote', id: 'n2', text: 'Ghi nhầm' });
    s.do(clerk, { type: 'removeMinutesNote', noteId: 'n2' });
    s.do(chair, { type: 'nextAgendaStep' });
    s.do(clerk, { type: 'addMinutesNote', id: 'n3', text: 'Bí thư Tỉnh ủy chỉ đạo tập trung giải ngân vốn đầu tư công.' });
    const m = minutes({ events: s.log, seq: s.log.length, at: s.now });
    const byStep = Object.fromEntries(m.steps.map((st) => [st.stepId, st.notes]));
    expect(byStep['st-discuss']).toEqual(['Huyện Thới Bình kiến nghị bổ sung vốn giao thông nông thôn.']);
    expect(byStep['st-directive']).toEqual(['Bí thư Tỉnh ủy chỉ đạo tập trung giải ngân vốn đầu tư công.']);
    expect(byStep['st-open']).toEqual([]);
    expect(minutesMarkdown(m)).toContain('> Huyện Thới Bình kiến nghị bổ sung vốn giao thông nông thôn.');
  });
});
