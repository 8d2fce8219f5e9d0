import { Router } from 'express';
import type { Metrics, MetricsSnapshot } from './metrics.js';

// Probes for the orchestrator and the operator: /healthz says the process answers, /readyz that
// it can serve a conference (the log is readable, the media workers are alive), /metrics the
// numbers in Prometheus text.

export interface HealthApiOptions {
  /** resolves when the store answers a read */
  readonly storeReady: () => Promise<boolean>;
  /** false when a media worker is dead and not yet replaced; undefined when media is not started */
  readonly mediaHealthy: (() => boolean) | undefined;
  readonly metrics: Metrics;
  readonly snapshot: () => MetricsSnapshot;
}

export function healthApi(options: HealthApiOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const store = await options.storeReady().catch(() => false);
    const media = options.mediaHealthy ? options.mediaHealthy() : null;
    const ready = store && media !== false;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: { store, media } });
  });
  router.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').send(options.metrics.render(options.snapshot()));
  });
  return router;
}
