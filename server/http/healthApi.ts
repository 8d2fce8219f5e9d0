import { Router } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import type { Readiness } from '../health/readiness.js';
import { metricsAccess, seesDetail } from '../metrics/metricsAccess.js';
import type { Metrics } from '../metrics/nodeMetrics.js';

// Probes for the orchestrator and the operator: /healthz says the process answers, /readyz that
// it can serve a conference (every registered check passes: the log answers, the media workers are
// alive and answer, and in cluster mode what cluster registers), /metrics the numbers in
// Prometheus text.

export interface HealthApiOptions {
  readonly readiness: Readiness;
  readonly metrics: Metrics;
  /** checks a token sent to /metrics (server-admin join tokens) */
  readonly authenticator: Authenticator;
  /** HOINGHI_METRICS_TOKEN: also opens the per-conference series */
  readonly metricsToken: string | undefined;
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
  router.get('/metrics', metricsAccess(options), async (_req, res) => {
    const detail = seesDetail(res);
    const text = await options.metrics.render(detail);
    if (detail) res.setHeader('Cache-Control', 'no-store');
    res.type(options.metrics.contentType).send(text);
  });
  return router;
}
