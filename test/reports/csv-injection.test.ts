import { beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/import/csv.js';
import { ATTENDANCE_VIEWS } from '../../shared/reports/index.js';
import { render } from './render-all.js';
import { FORMULAS, hostileMeeting, type HostileMeeting } from './hostile-meeting.js';

// Finding 1 of the security review (issue 14): names typed by walk-ins, substitutes, floor
// requests and imported lists reached attendance.csv verbatim, so `=HYPERLINK(…)` ran as a formula
// when the office opened the file in Excel. Every CSV the product writes is read back here with a
// real RFC 4180 parser: no cell may begin with a character a spreadsheet takes as a formula
// (= + - @ tab CR, OWASP's list), and the hostile text is still all there, behind a quote.

const TRIGGER = /^[=+\-@\t\r]/;

let meeting: HostileMeeting;
beforeAll(() => {
  meeting = hostileMeeting();
});

function cells(bytes: Buffer, delimiter: ',' | ';'): string[] {
  const split = splitCsv(bytes.subarray(3).toString('utf8'), delimiter);
  if (!split.ok) throw new Error(split.error.message);
  return split.rows.flatMap((r) => r.cells);
}

describe('CSV exports neutralise spreadsheet formulas (issue 14, finding 1)', () => {
  for (const view of ATTENDANCE_VIEWS)
    for (const [delimiter, sep] of [['comma', ','], ['semicolon', ';']] as const)
      it(`attendance ${view}, ${delimiter}: no cell starts a formula, every hostile name is kept as text`, async () => {
        const all = cells(await render(meeting.events, { report: 'attendance', format: 'csv', view, delimiter }), sep);
        expect(all.length).toBeGreaterThan(10);
        expect(all.filter((c) => TRIGGER.test(c))).toEqual([]);
        if (view === 'attendees') for (const f of FORMULAS) expect(all).toContain(`'${f}`);
        if (view === 'presence') expect(all.some((c) => c.startsWith("'"))).toBe(true);
      });
});
