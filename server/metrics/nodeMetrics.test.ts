import { describe, expect, it } from 'vitest';
import { Metrics } from './nodeMetrics.js';

// Label values stay bounded whatever the acks carry: a Prometheus series per distinct value would
// otherwise grow without end.

const refused = (code: string) => ({ source: 'socket' as const, type: 'setLayout', ack: { ok: false as const, code, message: 'refused' } });

describe('Metrics', () => {
  it('counts acks by source and code, and client commands by outcome (not the server’s own)', async () => {
    const metrics = new Metrics({ store: 'sqlite' });
    metrics.recordCommand({ source: 'http', type: 'addPoint', ack: { ok: true, seq: 1 } as never });
    metrics.recordCommand(refused('FORBIDDEN'));
    metrics.recordCommand({ source: 'system', type: 'setActiveSpeaker', ack: { ok: false, code: 'NO_CHANGE', message: '' } });
    const text = await metrics.render(false);
    expect(text).toContain('hoinghi_command_acks_total{source="http",code="ok"} 1');
    expect(text).toContain('hoinghi_command_acks_total{source="socket",code="FORBIDDEN"} 1');
    expect(text).toContain('hoinghi_command_acks_total{source="system",code="NO_CHANGE"} 1');
    expect(text).toContain('hoinghi_commands_total{outcome="accepted"} 1');
    expect(text).toContain('hoinghi_commands_total{outcome="refused"} 1');
  });

  it('folds codes past the hundredth distinct one, and odd ones, into OTHER', async () => {
    const metrics = new Metrics({ store: 'sqlite' });
    for (let i = 0; i < 150; i++) metrics.recordCommand(refused(`CODE_${i}`));
    metrics.recordCommand(refused('not a code {"x"}'));
    metrics.recordJoinRefused('TOKEN_EXPIRED');
    const text = await metrics.render(false);
    const codes = new Set([...text.matchAll(/hoinghi_command_acks_total\{source="socket",code="([^"]+)"\}/g)].map((m) => m[1]));
    // CODE_0 … CODE_99, and OTHER for the 50 after them and the malformed one
    expect(codes.size).toBe(100 + 1);
    expect(text).toContain('hoinghi_command_acks_total{source="socket",code="OTHER"} 51');
    // one bound for every code label of the node
    expect(text).toContain('hoinghi_joins_refused_total{code="OTHER"} 1');
  });
});
