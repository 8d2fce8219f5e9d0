import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { openMediaCheck, pageStats, until } from './media-support.js';
import { ensureClientBuilt, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// The pre-flight loopback check in a real Debian Chromium: the page sends its fake camera through
// a WebRtcTransport of the real SFU and receives it back through a consumer. It is also the
// regression test of the DTLS crash (issue 2): without the BIO-callback fix the worker segfaults
// as soon as a browser's DTLS handshake starts, so "DTLS connected and frames decoded, worker
// still the same process" is exactly what broke.

let env: ScenarioServer;
let point: Participant | undefined;

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
});

afterAll(async () => {
  await point?.close();
  await env?.dispose();
});

describe('loopback through the SFU', () => {
  it('sends the fake camera and decodes it back, DTLS connected on both transports, worker alive', async () => {
    const service = env.server.media!.service;
    const pidBefore = service.pool.workers.map((w) => w.worker.pid);
    const died: number[] = [];
    service.pool.on('died', (i) => died.push(i));

    point = await openMediaCheck(env.server, CONF, 'thoi-binh', { role: 'point', pointId: 'cm-thoi-binh' }, { loopback: '1' });
    const stats = await until(
      'own camera decoded back',
      async () => {
        const s = await pageStats(point!.page);
        const own = s?.tiles.find((t) => t.pointId === 'cm-thoi-binh' && t.kind === 'video');
        return own && own.framesDecoded > 0 && s?.send === 'connected' && s.recv === 'connected' ? s : null;
      },
      30_000,
    );
    expect(stats.send).toBe('connected');
    expect(stats.recv).toBe('connected');

    // The server's side of the same handshake.
    const sessions = service.sessionsOf(CONF).filter((s) => s.info.pointId === 'cm-thoi-binh');
    expect(sessions).toHaveLength(1);
    const session = sessions[0]!;
    expect(session.send?.type).toBe('webrtc');
    expect((session.send as { dtlsState?: string }).dtlsState).toBe('connected');
    expect((session.recv as { dtlsState?: string }).dtlsState).toBe('connected');
    expect([...session.producers.values()].map((p) => p.appData.source).sort()).toEqual(['camera', 'microphone']);

    expect(died).toEqual([]);
    expect(service.pool.workers.map((w) => w.worker.pid)).toEqual(pidBefore);
    expect(point.errors).toEqual([]);
  });
});
