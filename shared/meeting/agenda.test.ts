import { describe, expect, it } from 'vitest';
import { agendaTimeline, currentAgendaStep } from './selectors.js';
import { admin, chair, draftConference, expectEvents, expectRefused, inSession, Scenario } from './testkit.js';

const current = (s: Scenario) => s.state.agenda.currentStepId;

describe('the agenda (chương trình)', () => {
  it('R-AGENDA-1: steps keep title, kind, presenter, presiding member, planned time and documents', () => {
    const s = draftConference();
    s.do(admin, {
      type: 'addAgendaStep',
      id: 'st-extra',
      title: 'Báo cáo tham luận của huyện Trần Văn Thời',
      kind: 'other',
      presenter: 'Chủ tịch UBND huyện Trần Văn Thời',
      presidingMemberId: 'pm-hai',
      plannedMinutes: 12,
      documents: [{ name: 'Tham luận.pdf', url: 'https://example.vn/tham-luan.pdf' }, { name: 'Phụ lục số liệu' }],
    });
    expect(s.state.agenda.steps['st-extra']).toEqual({
      id: 'st-extra',
      title: 'Báo cáo tham luận của huyện Trần Văn Thời',
      kind: 'other',
      presenter: 'Chủ tịch UBND huyện Trần Văn Thời',
      presidingMemberId: 'pm-hai',
      plannedMinutes: 12,
      plannedStart: null,
      documents: [{ name: 'Tham luận.pdf', url: 'https://example.vn/tham-luan.pdf' }, { name: 'Phụ lục số liệu' }],
      skipped: false,
      runs: [],
    });
    expect(s.state.agenda.order.at(-1)).toBe('st-extra');
    expectRefused(s.try(admin, { type: 'addAgendaStep', title: 'X', kind: 'debate', plannedMinutes: 5 }), 'INVALID_COMMAND');
  });

  it('R-AGENDA-2: start runs the first pending step, or a given one', () => {
    const s = inSession();
    expectEvents(s.try(chair, { type: 'startAgenda' }), ['agendaStepStarted']);
    expectRefused(s.try(chair, { type: 'startAgenda', stepId: 'ghost' }), 'UNKNOWN_AGENDA_STEP');
    s.do(chair, { type: 'startAgenda', stepId: 'st-report' });
    expect(current(s)).toBe('st-report');
    expectRefused(s.try(chair, { type: 'startAgenda' }), 'AGENDA_ALREADY_STARTED');
  });

  it('R-AGENDA-2: an empty agenda, or one fully run, cannot start', () => {
    const s = new Scenario();
    s.do(admin, { type: 'createConference', title: 'HN', date: '2021-01-04', organiser: 'U', venue: 'V' });
    s.do(admin, { type: 'addPoint', name: 'Trung tâm', kind: 'central' });
    for (const status of ['scheduled', 'rollCall', 'inSession'] as const) s.do(admin, { type: 'setConferenceStatus', status });
    expectRefused(s.try(chair, { type: 'startAgenda' }), 'AGENDA_EMPTY');
    s.do(admin, { type: 'addAgendaStep', id: 'only', title: 'Duy nhất', kind: 'other', plannedMinutes: 5 });
    s.do(chair, { type: 'startAgenda' });
    s.do(chair, { type: 'nextAgendaStep' });
    expect(current(s)).toBeNull();
    expectRefused(s.try(chair, { type: 'startAgenda' }), 'AGENDA_AT_END');
  });

  it('R-AGENDA-3: next ends the step and starts the next; after the last the agenda ends', () => {
    const s = inSession();
    expectRefused(s.try(chair, { type: 'nextAgendaStep' }), 'AGENDA_NOT_STARTED');
    s.do(chair, { type: 'startAgenda' });
    const seen = [current(s)];
    for (let i = 0; i < 4; i++) {
      s.tick(60).do(chair, { type: 'nextAgendaStep' });
      seen.push(current(s));
    }
    expect(seen).toEqual(['st-open', 'st-report', 'st-discuss', 'st-directive', 'st-close']);
    expectEvents(s.try(chair, { type: 'nextAgendaStep' }), ['agendaStepEnded']);
    s.do(chair, { type: 'nextAgendaStep' });
    expect(current(s)).toBeNull();
    expect(agendaTimeline(s.state, s.now).every((v) => v.phase === 'done')).toBe(true);
  });

  it('R-AGENDA-4: back re-runs the previous step', () => {
    const s = inSession();
    s.do(chair, { type: 'startAgenda' });
    expectRefused(s.try(chair, { type: 'previousAgendaStep' }), 'AGENDA_AT_START');
    s.tick(300).do(chair, { type: 'nextAgendaStep' });
    s.tick(100).do(chair, { type: 'previousAgendaStep' });
    expect(current(s)).toBe('st-open');
    expect(s.state.agenda.steps['st-open']?.runs).toHaveLength(2);
    const s2 = inSession();
    expectRefused(s2.try(chair, { type: 'previousAgendaStep' }), 'AGENDA_NOT_STARTED');
  });

  it('R-AGENDA-5: a discussion step opens the queue and leaving it closes it', () => {
    const s = inSession();
    s.do(chair, { type: 'startAgenda', stepId: 'st-report' });
    expect(s.state.queue.open).toBe(false);
    expectEvents(s.try(chair, { type: 'nextAgendaStep' }), ['agendaStepEnded', 'agendaStepStarted', 'queueOpened']);
    s.do(chair, { type: 'nextAgendaStep' });
    expect(s.state.queue.open).toBe(true);
    expectEvents(s.try(chair, { type: 'nextAgendaStep' }), ['agendaStepEnded', 'agendaStepStarted', 'queueClosed']);
    expectEvents(s.try(chair, { type: 'previousAgendaStep' }), ['agendaStepEnded', 'agendaStepStarted', 'queueClosed']);
    // a queue the chair opened by hand in a report step closes when the next step starts
    const r = inSession();
    r.do(chair, { type: 'startAgenda' });
    r.do(chair, { type: 'openQueue' });
    expectEvents(r.try(chair, { type: 'nextAgendaStep' }), ['agendaStepEnded', 'agendaStepStarted', 'queueClosed']);
  });

  it('R-AGENDA-6: actual start and end per step, elapsed against planned', () => {
    const s = inSession();
    const t0 = s.now;
    s.do(chair, { type: 'startAgenda' });
    s.tick(11 * 60);
    expect(currentAgendaStep(s.state, s.now)).toMatchObject({ index: 0, phase: 'running', startedAt: t0, endedAt: null, elapsedMs: 660_000, plannedMs: 600_000, overMs: 60_000 });
    s.do(chair, { type: 'nextAgendaStep' });
    s.tick(60).do(chair, { type: 'previousAgendaStep' });
    s.tick(30).do(chair, { type: 'nextAgendaStep' });
    const open = agendaTimeline(s.state, s.now)[0]!;
    expect(open).toMatchObject({ phase: 'done', startedAt: t0, endedAt: t0 + 750_000, elapsedMs: 690_000 });
    expect(currentAgendaStep(s.state, s.now)?.elapsedMs).toBe(60_000); // its first run counts too
    expect(agendaTimeline(s.state, s.now)[4]).toMatchObject({ phase: 'pending', startedAt: null, endedAt: null, elapsedMs: 0 });
  });

  it('R-AGENDA-7: skip a pending step; next passes over it; a run step cannot be skipped', () => {
    const s = inSession();
    expectEvents(s.try(chair, { type: 'skipAgendaStep' }), ['agendaStepSkipped']);
    s.do(chair, { type: 'startAgenda' });
    const [skip] = expectEvents(s.try(chair, { type: 'skipAgendaStep' }), ['agendaStepSkipped']);
    expect(skip).toMatchObject({ stepId: 'st-report' });
    s.apply([skip!]);
    expectRefused(s.try(chair, { type: 'skipAgendaStep', stepId: 'st-report' }), 'NO_CHANGE');
    expectRefused(s.try(chair, { type: 'skipAgendaStep', stepId: 'st-open' }), 'STEP_ALREADY_RUN');
    expectRefused(s.try(chair, { type: 'skipAgendaStep', stepId: 'ghost' }), 'UNKNOWN_AGENDA_STEP');
    s.do(chair, { type: 'nextAgendaStep' });
    expect(current(s)).toBe('st-discuss');
    expect(agendaTimeline(s.state, s.now)[1]?.phase).toBe('skipped');
    s.do(chair, { type: 'skipAgendaStep', stepId: 'st-directive' });
    s.do(chair, { type: 'skipAgendaStep', stepId: 'st-close' });
    expectRefused(s.try(chair, { type: 'skipAgendaStep' }), 'AGENDA_AT_END');
    // back onto a skipped step runs it after all
    s.do(chair, { type: 'previousAgendaStep' });
    expect(current(s)).toBe('st-report');
    expect(s.state.agenda.steps['st-report']?.skipped).toBe(false);
  });

  it('R-AGENDA-8: a step that ran or runs cannot be removed; a pending one can', () => {
    const s = inSession();
    s.do(chair, { type: 'startAgenda' });
    expectRefused(s.try(admin, { type: 'removeAgendaStep', stepId: 'st-open' }), 'STEP_ALREADY_RUN');
    s.do(chair, { type: 'nextAgendaStep' });
    expectRefused(s.try(admin, { type: 'removeAgendaStep', stepId: 'st-open' }), 'STEP_ALREADY_RUN');
    s.do(admin, { type: 'removeAgendaStep', stepId: 'st-directive' });
    expect(s.state.agenda.order).toEqual(['st-open', 'st-report', 'st-discuss', 'st-close']);
  });
});
