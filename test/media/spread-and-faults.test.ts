import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaService } from '../../server/media/media-service.js';
import { startMedia, waitFor } from './helpers.js';
import { mediaFlows, syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// Two workers, a tiny per-worker limit: a conference's receivers spread to a router on the other
// worker, fed by pipeToRouter, with nothing different for the receiver. Then that worker is
// SIGKILLed: it is replaced on the same WebRtcServer port, the conference is rebuilt, every
// session is told to reset, and media flows again once they set up again.

const CONF = 'spread';
// Outside the 40000-49999 range that every worker here (tests, benches) takes random ports from.
const PORT = 39_310;
let media: MediaService;
let central: SyntheticPoint;
let district: SyntheticPoint;
const viewers: SyntheticPoint[] = [];


const flowing = (receiver: SyntheticPoint, fromPoint: string, kind: string, timeoutMs = 10_000) => mediaFlows(media, receiver, fromPoint, kind, timeoutMs);

async function webRtcServerPorts(index: number): Promise<number[]> {
  const w = media.pool.workers.find((x) => x.index === index)!;
  const dump = (await w.webRtcServer.dump()) as { udpSockets?: { port: number }[]; tcpServers?: { port: number }[] };
  return [...(dump.udpSockets ?? []), ...(dump.tcpServers ?? [])].map((s) => s.port);
}

beforeAll(async () => {
  media = await startMedia({ workers: 2, port: PORT, tcp: true }, { maxConsumersPerWorker: 3, healthIntervalMs: 500 });
  media.setPolicy(CONF, { mode: 'presiding', centralPointId: 'central', floorHolders: [], spotlight: null, pointOrder: ['central', 'district'], audiblePoints: null });
  central = await syntheticPoint(media, { conferenceId: CONF, pointId: 'central' });
  await central.startSending();
  district = await syntheticPoint(media, { conferenceId: CONF, pointId: 'district' });
  await district.startSending();
  await media.settled(CONF);
  for (let i = 0; i < 2; i++) {
    viewers.push(await syntheticPoint(media, { conferenceId: CONF, pointId: null, role: 'observer' }));
    await media.settled(CONF);
  }
});

afterAll(async () => {
  for (const p of [central, district, ...viewers]) await p?.close();
  media?.close();
});

describe('a conference larger than one worker', () => {
  it('puts further receivers on a router of the other worker and pipes the producers there', async () => {
    const home = media.inspect(central.sessionId)!.recvSlot!.worker.index;
    const spread = viewers.map((v) => media.inspect(v.sessionId)!.recvSlot!.worker.index);
    expect(spread.some((w) => w !== home)).toBe(true);
    for (const v of viewers) {
      await flowing(v, 'central', 'video');
      await flowing(v, 'district', 'audio');
    }
    // the flowing-consumer counts the placement used are real: the far worker carries the viewers
    const far = media.pool.workers.find((w) => w.index !== home)!;
    expect(far.consumers).toBeGreaterThan(0);
  });
});

describe('the WebRtcServer of each worker', () => {
  it('offers one UDP and one TCP candidate on the worker’s own port (TCP is the fallback when UDP is blocked)', async () => {
    media.join({ sessionId: 'ice-check', conferenceId: CONF, pointId: null, role: 'observer', push: () => undefined });
    const t = await media.createTransport('ice-check', 'recv');
    const worker = media.inspect('ice-check')!.recvSlot!.worker.index;
    expect(t.type).toBe('webrtc');
    const candidates = (t as { iceCandidates: { protocol: string; port: number; address: string; tcpType?: string }[] }).iceCandidates;
    expect(candidates.map((c) => `${c.protocol}:${c.address}:${c.port}`).sort()).toEqual([`tcp:127.0.0.1:${PORT + worker}`, `udp:127.0.0.1:${PORT + worker}`]);
    expect(candidates.find((c) => c.protocol === 'tcp')?.tcpType).toBe('passive');
    media.leave('ice-check');
  });
});

describe('a worker dies', () => {
  it('is replaced on the same port, the conference rebuilt, and media flows again after the clients reset', async () => {
    const victim = media.inspect(viewers.find((v) => media.inspect(v.sessionId)!.recvSlot!.worker.index !== media.inspect(central.sessionId)!.recvSlot!.worker.index)!.sessionId)!.recvSlot!.worker;
    const index = victim.index;
    const portsBefore = await webRtcServerPorts(index);
    expect(portsBefore).toEqual([PORT + index, PORT + index]);
    const died: string[][] = [];
    media.on('workerDied', (_i, conferences) => died.push(conferences));
    const killedAt = Date.now();
    process.kill(victim.worker.pid!, 'SIGKILL');

    await waitFor('reset pushed to every session', () => [central, district, ...viewers].every((p) => p.pushes.some((m) => m.type === 'reset' && m.reason === 'worker-died')), 5000);
    expect(died).toEqual([[CONF]]);
    await waitFor('worker replaced', () => media.pool.workers.some((w) => w.index === index && w.worker.pid !== victim.worker.pid), 10_000);
    expect(await webRtcServerPorts(index)).toEqual(portsBefore);

    // what each browser does on `reset`
    for (const p of [central, district, ...viewers]) await p.recover();
    for (const v of viewers) await flowing(v, 'central', 'video');
    await flowing(district, 'central', 'video');
    await flowing(central, 'district', 'audio');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // no duplicate: one consumer per producer per receiver
    for (const v of viewers) expect([...media.inspect(v.sessionId)!.consumers.values()].filter((c) => c.appData.pointId === 'central' && c.kind === 'video')).toHaveLength(1);
  });
});
