// bench:client's server side of a join: the node's `hoinghi_join_step_seconds` histogram
// (server/metrics/nodeMetrics.ts: handshake, welcome, caughtUp, each media request) read from its
// /metrics before and after the joins, so the report shows the server's own time for each step
// beside the browser's (the mean over the joins measured between the two readings).

export type StepTotals = Map<string, { sum: number; count: number }>;

/** The histogram's sum and count per step, from the node's Prometheus text. */
export async function readServerSteps(baseUrl: string): Promise<StepTotals> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const totals: StepTotals = new Map();
  for (const m of text.matchAll(/^hoinghi_join_step_seconds_(sum|count)\{step="([^"]+)"\} ([0-9.e+-]+)$/gm)) {
    const entry = totals.get(m[2]!) ?? { sum: 0, count: 0 };
    entry[m[1] as 'sum' | 'count'] = Number(m[3]);
    totals.set(m[2]!, entry);
  }
  return totals;
}

/** Mean server time (ms) and number of each step between two readings. */
export function serverStepMeans(before: StepTotals, after: StepTotals): Record<string, { n: number; meanMs: number }> {
  const out: Record<string, { n: number; meanMs: number }> = {};
  for (const [step, a] of after) {
    const b = before.get(step) ?? { sum: 0, count: 0 };
    const n = a.count - b.count;
    if (n > 0) out[step] = { n, meanMs: ((a.sum - b.sum) / n) * 1000 };
  }
  return out;
}
