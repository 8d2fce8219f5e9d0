import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Issue 15 (health): /readyz reflects the node's event log and its mediasoup workers, with a real
// server and a real worker: 200 while both answer; 503 naming the part that is down when the
// worker is SIGKILLed (until the pool has replaced it), when it hangs (SIGSTOP: alive but its
// channel does not answer), and when the store is closed.

let server: TestServer;
let api: Api;

type Readyz = { status: string; checks: Record<string, boolean>; down: Record<string, string> };

beforeAll(async () => {
  server = await startTestServer({ media: true, env: { RTC_PORT: String(56_000 + (process.pid % 300) * 2), RTC_LISTEN_IP: '127.0.0.1' } });
  api = new Api(server.url);
});
afterAll(async () => {
  await server?.dispose();
});

function workerPid(): number {
  const pid = server.media?.service.pool.workers[0]?.worker.pid;
  if (pid === undefined) throw new Error('no live worker');
  return pid;
}

describe('/readyz', () => {
  it('is ready while the store and the worker answer, and names its checks', async () => {
    expect(await api.get<Readyz>('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { store: true, media: true }, down: {} } });
  });

  it('is 503 naming the media while a SIGKILLed worker is being replaced, then ready again', async () => {
    const pool = server.media!.service.pool;
    const died = once(pool, 'died');
    const replaced = once(pool, 'replaced');
    process.kill(workerPid(), 'SIGKILL');
    await died;
    const down = await api.get<Readyz>('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not-ready', checks: { store: true, media: false } });
    expect(down.body.down['media']).toContain('worker 0 is dead');
    await replaced;
    expect(await api.get<Readyz>('/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { media: true } } });
  });

  it('is 503 when the worker is alive but does not answer (stopped), and ready once it runs again', async () => {
    const pid = workerPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const hung = await api.get<Readyz>('/readyz');
      expect(hung.status).toBe(503);
      expect(hung.body.down['media']).toContain('worker 0 does not answer');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await expect.poll(async () => (await api.get('/readyz')).status, { timeout: 5000 }).toBe(200);
  });

  it('is 503 naming the store once the event log is closed', async () => {
    await server.store.close();
    const res = await api.get<Readyz>('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'not-ready', checks: { store: false, media: true } });
    expect(Object.keys(res.body.down)).toEqual(['store']);
  });
});
