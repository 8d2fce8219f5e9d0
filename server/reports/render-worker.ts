import { parentPort } from 'node:worker_threads';
import { renderReport } from './formats.js';
import type { RenderJob, RenderReply } from './render-pool.js';

// The worker thread that renders reports, so a large PDF (seconds of CPU for a 3,000-attendee
// roll-call) never stalls the server's event loop, where the sockets of a live meeting run.

parentPort?.on('message', (job: RenderJob) => {
  renderReport(job.events, job.request, job.options).then(
    (result) => {
      const reply: RenderReply = result.ok
        ? { id: job.id, ok: true, report: result.report }
        : { id: job.id, ok: false, code: result.code, message: result.message };
      parentPort?.postMessage(reply);
    },
    (err: unknown) => {
      const reply: RenderReply = { id: job.id, ok: false, code: 'REPORT_FAILED', message: err instanceof Error ? err.message : String(err) };
      parentPort?.postMessage(reply);
    },
  );
});
