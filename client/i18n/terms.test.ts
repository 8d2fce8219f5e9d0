import { describe, expect, it } from 'vitest';
import { AGENDA_STEP_KINDS, ATTENDANCE_STATUSES, POINT_KINDS, SPEECH_KINDS, type SpeechKind } from '../../shared/protocol/index.js';
import { admin, attendeeAt, chair, clerk, discussing, NAM_CAN, pointOp, U_MINH } from '../../shared/meeting/testkit.js';
import { entryOf } from '../../shared/meeting/buckets.js';
import { attendanceReport } from '../../shared/reports/attendance.js';
import { minutes } from '../../shared/reports/minutes.js';
import { vi } from './vi.js';

// The screen and the archive name the meeting's things with the same words: a clerk who marks
// “Vắng có lý do” finds the same words in the attendance report, and a chair who grants a
// “Kiến nghị thủ tục” finds it so named in the minutes. Checked on what the reports actually
// produce, not on the catalogue they are built from, so a report that spells a term its own way fails.

describe('one catalogue of the meeting’s terms (screen = reports)', () => {
  const s = discussing();
  for (const kind of POINT_KINDS.filter((k) => k !== 'central' && k !== 'district')) s.do(admin, { type: 'addPoint', id: `p-${kind}`, name: `Điểm cầu ${kind}`, kind });
  const ask = (pointId: string, kind: Exclude<SpeechKind, 'directive'>) => ({ type: 'requestFloor', id: `r-${kind}`, pointId, topic: 'Ý kiến', kind }) as const;
  const grant = (kind: Exclude<SpeechKind, 'directive'>) => s.do(chair, { type: 'grantFloor', requestId: `r-${kind}`, speechId: `sp-${kind}` });
  const end = (kind: Exclude<SpeechKind, 'directive'>) => s.do(chair, { type: 'endSpeech', speechId: `sp-${kind}` });
  s.do(pointOp(NAM_CAN), ask(NAM_CAN, 'pointOfOrder'));
  grant('pointOfOrder');
  end('pointOfOrder');
  s.do(pointOp(NAM_CAN), ask(NAM_CAN, 'contribution'));
  grant('contribution');
  s.do(pointOp(U_MINH), ask(U_MINH, 'reply'));
  end('contribution');
  grant('reply');
  end('reply');
  const log = { events: s.log, seq: s.log.length, at: s.now };
  const m = minutes(log);

  it('R-REPORT-TERMS: every kind of speech reads the same in the minutes as on the consoles', () => {
    const printed = [...m.steps.flatMap((st) => st.speeches), ...m.otherSpeeches];
    expect(printed.map((sp) => sp.speechId).sort()).toEqual(['sp-contribution', 'sp-pointOfOrder', 'sp-reply']);
    for (const sp of printed) expect(sp.kindLabel, sp.speechId).toBe(vi.requestKinds[entryOf(s.state.speeches, sp.speechId)!.kind]);
  });

  it('R-REPORT-TERMS: agenda step kinds read the same in the minutes as on the consoles', () => {
    expect(m.steps.length).toBeGreaterThan(0);
    for (const st of m.steps) expect(st.kindLabel, st.stepId).toBe(vi.stepKinds[s.state.agenda.steps[st.stepId]!.kind]);
  });

  it('R-REPORT-TERMS: attendance statuses and point kinds read the same in the attendance report as on the consoles', () => {
    s.do(clerk, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 2), mark: { status: 'excused', reason: 'Bận' } });
    s.do({ role: 'clerk' }, { type: 'markAttendance', attendeeId: attendeeAt(s.state, 3), mark: { status: 'present' } });
    const r = attendanceReport({ events: s.log, seq: s.log.length, at: s.now });
    const rows = r.points.flatMap((p) => p.organisations.flatMap((o) => o.rows));
    expect(new Set(rows.map((a) => a.status)).size).toBeGreaterThan(1);
    for (const a of rows) expect(a.statusLabel, a.status).toBe(vi.attendance[a.status]);
    // a clerk console that gave no name is named by its role, as the console names it
    expect(rows.find((a) => a.id === attendeeAt(s.state, 3))?.markedBy).toBe(vi.roles.clerk);
    expect(new Set(r.points.map((p) => s.state.points[p.pointId]!.kind))).toEqual(new Set(POINT_KINDS));
    for (const p of r.points) expect(p.kindLabel, p.pointId).toBe(vi.organiser.pointKinds[s.state.points[p.pointId]!.kind]);
  });

  it('R-REPORT-TERMS: the lists the consoles show cover every kind the protocol has', () => {
    expect(Object.keys(vi.attendance).sort()).toEqual([...ATTENDANCE_STATUSES].sort());
    expect(Object.keys(vi.requestKinds).sort()).toEqual([...SPEECH_KINDS].sort());
    expect(Object.keys(vi.stepKinds).sort()).toEqual([...AGENDA_STEP_KINDS].sort());
    expect(Object.keys(vi.organiser.pointKinds).sort()).toEqual([...POINT_KINDS].sort());
  });
});
