import { describe, expect, it } from 'vitest';
import { replay } from '../meeting/evolve.js';
import { admin, chair, clerk, discussing, type Scenario } from '../meeting/testkit.js';
import { minutesMarkdown } from './minutes-markdown.js';
import { minutes } from './minutes.js';

// The minutes take their clerk and time zone from the conference (R-CONF-9), print every time as
// logged with its own date, and keep the notes written between agenda steps (R-NOTES-1).

const nameless = { role: 'clerk' as const };
const of = (s: Scenario) => minutes({ events: s.log, seq: s.log.length, at: s.now });

/** The testkit's conference is scheduled for 04/01/2021; this one actually opens on 05/12/2026. */
function heldLate(): Scenario {
  const s = discussing();
  const late = Date.UTC(2026, 11, 5, 1, 44); // 08:44 in Cà Mau
  const shift = late - s.now;
  s.log = s.log.map((e) => (e.type === 'conferenceStatusChanged' && e.to === 'inSession') || e.type === 'agendaStepStarted' || e.type === 'queueOpened' ? { ...e, at: e.at + shift } : e);
  s.state = replay(s.log);
  s.now = late;
  return s;
}

describe('the minutes’ clerk, times and general notes', () => {
  it('R-CONF-9: “Thư ký hội nghị” is the clerk the conference names, even when the clerk console gave no name', () => {
    const s = discussing();
    s.do(nameless, { type: 'addMinutesNote', text: 'Ghi chép' });
    expect(of(s).clerks).toEqual([]);
    s.do(admin, { type: 'updateConference', clerkName: 'Đoàn Thị Thu Hà' });
    const m = of(s);
    expect(m.clerks).toEqual(['Đoàn Thị Thu Hà']);
    expect(m.signatures.clerk.name).toBe('Đoàn Thị Thu Hà');
    expect(minutesMarkdown(m)).toContain('**Thư ký hội nghị:** Đoàn Thị Thu Hà');
  });

  it('R-CONF-9: the opening is the logged time with its actual date, not the scheduled date', () => {
    const s = heldLate();
    s.tick(60);
    s.do(chair, { type: 'nextAgendaStep' });
    s.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    const m = of(s);
    expect(m.timeLine).toBe('Vào lúc 08 giờ 44 phút, ngày 05 tháng 12 năm 2026');
    expect(m.placeDate).toMatch(/ngày 05 tháng 12 năm 2026$/);
    expect(m.closing).toBe('Hội nghị kết thúc vào lúc 08 giờ 45 phút cùng ngày.');
    expect(m.steps.find((st) => st.stepId === 'st-discuss')).toMatchObject({ start: '08:44', end: '08:45' });
  });

  it('R-CONF-9: every time is printed in the conference’s time zone, and a time on another day carries its date', () => {
    const s = heldLate();
    s.do(admin, { type: 'updateConference', timeZone: 'Asia/Tokyo' });
    s.tick(16 * 3600); // the step runs past midnight in Tokyo
    s.do(chair, { type: 'nextAgendaStep' });
    const m = of(s);
    expect(m.timeZone).toBe('Asia/Tokyo');
    expect(m.timeLine).toBe('Vào lúc 10 giờ 44 phút, ngày 05 tháng 12 năm 2026');
    expect(m.steps.find((st) => st.stepId === 'st-discuss')).toMatchObject({ start: '10:44', end: '02:44 ngày 06/12/2026' });
  });

  it('R-NOTES-1: notes written while no agenda step runs reach the minutes’ general section', () => {
    const s = discussing();
    s.do(chair, { type: 'nextAgendaStep' });
    s.do(chair, { type: 'nextAgendaStep' });
    s.do(chair, { type: 'nextAgendaStep' }); // past the last step: none runs
    expect(s.state.agenda.currentStepId).toBeNull();
    s.do(clerk, { type: 'addMinutesNote', id: 'n-general', text: 'Hội nghị nghỉ giải lao 15 phút.' });
    const m = of(s);
    expect(m.generalNotes).toEqual(['Hội nghị nghỉ giải lao 15 phút.']);
    expect(m.steps.flatMap((st) => st.notes)).not.toContain('Hội nghị nghỉ giải lao 15 phút.');
    expect(minutesMarkdown(m)).toMatch(/#### Ghi chép chung \(ngoài các mục của chương trình\)\n\n> Hội nghị nghỉ giải lao 15 phút\./);
  });
});
