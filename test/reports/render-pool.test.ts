import { afterAll, describe, expect, it } from 'vitest';
import { ReportRenderer } from '../../server/reports/render-pool.js';
import { render } from './render-all.js';
import { scriptedCaMauMeeting } from './scripted-meeting.js';

// Renders run in a worker thread: the server's event loop (the live meeting's sockets) keeps
// turning while a PDF is laid out, and a runaway render is cut off with a clear code.

const { events } = scriptedCaMauMeeting();
const renderer = new ReportRenderer();
afterAll(() => renderer.close());

describe('report renderer (worker thread)', () => {
  it('renders the same bytes as in-process and keeps the event loop free meanwhile', async () => {
    // Warm up: the first job starts the worker and loads the fonts.
    const first = await renderer.render(events, { report: 'attendance', format: 'csv', view: 'attendees', delimiter: 'comma' });
    expect(first.ok).toBe(true);

    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const out = await renderer.render(events, { report: 'attendance', format: 'pdf', view: 'attendees', delimiter: 'comma' });
    const took = performance.now() - t0;
    clearInterval(timer);
    if (!out.ok) throw new Error(out.message);
    expect(out.report.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(out.report.contentType).toBe('application/pdf');
    // Laid out on this thread, the PDF would block it for most of the render.
    expect(took).toBeGreaterThan(200);
    expect(maxGap).toBeLessThan(took / 2);
    const inProcess = await render(events, { report: 'attendance', format: 'pdf' });
    expect(Buffer.compare(out.report.body, inProcess)).toBe(0);
  });

  it('reports refusals from the model with their code', async () => {
    const out = await renderer.render(events, { report: 'minutes', format: 'md', view: 'attendees', delimiter: 'comma', seq: events.length + 1 });
    expect(out).toMatchObject({ ok: false, code: 'REPORT_SEQ_OUT_OF_RANGE' });
  });

  it('cuts off a render that overruns its time and says so', async () => {
    const hasty = new ReportRenderer({ timeoutMs: 30 });
    const out = await hasty.render(events, { report: 'attendance', format: 'pdf', view: 'attendees', delimiter: 'comma' });
    expect(out).toMatchObject({ ok: false, code: 'REPORT_TIMEOUT' });
    await hasty.close();
  });
});
