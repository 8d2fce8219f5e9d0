import { describe, expect, it } from 'vitest';
import { mayExportReports } from './permissions.js';
import { admin, chair, clerk, draftConference, expectEvents, expectRefused, inSession, observer, pointOp, system, THOI_BINH } from './testkit.js';

describe('report access', () => {
  it('R-REPORT-1: only the admin lets observers export, in every status, closed included; the same setting again is NO_CHANGE', () => {
    const s = draftConference();
    expectRefused(s.try(admin, { type: 'setObserverExport', allowed: false }), 'NO_CHANGE');
    for (const p of [chair, clerk, observer, pointOp(THOI_BINH), system]) expectRefused(s.try(p, { type: 'setObserverExport', allowed: true }), 'FORBIDDEN');
    const [set] = expectEvents(s.try(admin, { type: 'setObserverExport', allowed: true }), ['observerExportSet']);
    expect(set).toMatchObject({ allowed: true, by: admin, at: s.now });
    s.apply([set!]);
    expect(s.state.conference?.observersMayExport).toBe(true);

    const closed = inSession();
    closed.do(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    closed.do(admin, { type: 'setConferenceStatus', status: 'closed' });
    expectRefused(closed.try(admin, { type: 'updateConference', title: 'Khác' }), 'CONFERENCE_CLOSED');
    closed.do(admin, { type: 'setObserverExport', allowed: true });
    expect(closed.state.conference?.observersMayExport).toBe(true);
    expectRefused(closed.try(admin, { type: 'setObserverExport', allowed: true, extra: 1 }), 'INVALID_COMMAND');
  });

  it('R-REPORT-2: chair, clerk and admin export; an observer only while allowed; a point never', () => {
    const s = inSession();
    const roles = () => [admin, chair, clerk, observer, pointOp(THOI_BINH)].map((p) => mayExportReports(s.state, p.role));
    expect(roles()).toEqual([true, true, true, false, false]);
    s.do(admin, { type: 'setObserverExport', allowed: true });
    expect(roles()).toEqual([true, true, true, true, false]);
    s.do(admin, { type: 'setObserverExport', allowed: false });
    expect(roles()[3]).toBe(false);
  });
});
