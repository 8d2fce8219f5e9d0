import { Router } from 'express';
import type { Readiness } from '../health/readiness.js';
import type { Metrics, MetricsSnapshot } from './metrics.js';

// Probes for the orchestrator and the operator: /healthz says the process answers, /readyz that
// it can serve a conference (every registered check passes: the log answers, the media workers are
// alive and answer, and in cluster mode what cluster registers), /metrics the numbers in
// Prometheus text.

export interface HealthApiOptions {
  readonly readiness: Readiness;
  readonly metrics: Metrics;
  readonly snapshot: () => MetricsSnapshot;
}

export function healthApi(options: HealthApiOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, checks, down } = await options.readiness.probe();
    res.setHeader('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks, down });
  });
  router.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').send(options.metrics.render(options.snapshot()));
  });
  return router;
}
