import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaPipes } from '../../server/cluster/mediaPipes.js';
import { nodeKey } from '../../server/cluster/nodeSigning.js';
import { createLogger } from '../../server/log/logger.js';
import type { MediaService } from '../../server/media/media-service.js';
import type { MediaPush } from '../../shared/protocol/media.js';
import type { NodeRegistry } from '../../server/store/pgNodes.js';
import { startMedia, waitFor } from '../media/helpers.js';

// Issue 15: a node whose senders are spread over two workers (spreadSendersFrom) must pipe to
// another node a producer that lives on its SECOND worker, which no receiver of its own consumes.
// Its pipe transports to other nodes live on the conference's first router: before the fix, the
// other node's `consume` of such a producer failed (the first router does not have it) and the
// camera never reached the other node's receivers. Two media nodes, each its own MediaService with
// its own mediasoup workers (A: 2 workers, every sender from the second on spread; B: 1), cascading
// through the real signed route POST /internal/cluster/media and SRTP pipe transports; the node
// list is fixed instead of PostgreSQL's registry (what the route does is the same).

const CONF = 'pipe-second-worker';
const POINTS = ['trung-tam', 'thoi-binh', 'u-minh'];
const key = nodeKey(randomBytes(32));
type Node = { media: MediaService; pipes: MediaPipes; server: ReturnType<ReturnType<typeof express>['listen']>; url: string };
const nodes: Node[] = [];
const chairPushes: MediaPush[] = [];

async function startNode(workers: number, others: () => string[]): Promise<Node> {
  const media = await startMedia({ workers }, { spreadSendersFrom: 1 });
  const registry = { list: async () => others().map((url) => ({ url, live: true })) } as unknown as NodeRegistry;
  const pipes = new MediaPipes({ key, nodes: registry, logger: createLogger('silent') });
  media.setPeers(pipes);
  const app = express();
  app.use(pipes.route);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pipes.start(media, { protocol: 'udp', ip: '127.0.0.1' }, url);
  return { media, pipes, server, url };
}

const policy = { mode: 'presiding' as const, centralPointId: POINTS[0]!, floorHolders: [], spotlight: null, pointOrder: POINTS, audiblePoints: [POINTS[0]!] };
const VIDEO = (ssrc: number) => ({ codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }] });

beforeAll(async () => {
  const urls = () => nodes.map((n) => n.url);
  const a = await startNode(2, () => urls().filter((u) => u !== nodes[0]?.url));
  nodes.push(a);
  const b = await startNode(1, () => urls().filter((u) => u !== nodes[1]?.url));
  nodes.push(b);
  for (const n of nodes) n.media.setPolicy(CONF, policy);
  // A: the three points send (cameras only, no receivers on A): the first on A's first worker, the others spread.
  for (const [i, pointId] of POINTS.entries()) {
    const sessionId = `s-${pointId}`;
    a.media.join({ sessionId, conferenceId: CONF, pointId, role: 'point', push: () => undefined });
    const send = await a.media.createTransport(sessionId, 'send', { listenIp: '127.0.0.1' });
    await a.media.produce(sessionId, { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: VIDEO(5000 + 10 * i) as never });
    await a.media.settled(CONF);
  }
  // B: the chair's console (every point's thumbnail), a plain RTP receiver.
  b.media.join({ sessionId: 'chair', conferenceId: CONF, pointId: null, role: 'chair', push: (m) => chairPushes.push(m) });
  const recv = await b.media.createTransport('chair', 'recv', { listenIp: '127.0.0.1' });
  await b.media.connectTransport('chair', recv.id, { ip: '127.0.0.1', port: 9 });
  await b.media.setView('chair', { page: 0, pageSize: 20 });
  await b.media.consume('chair', await b.media.rtpCapabilities('chair'));
}, 60_000);

afterAll(async () => {
  for (const n of nodes) {
    await n.pipes.close();
    n.server.close();
    n.media.close();
  }
});

describe('a node with its senders on two workers pipes each of them to another node', () => {
  it('places the points on both of A’s workers', () => {
    const workers = POINTS.map((p) => nodes[0]!.media.pool.workers.indexOf(nodes[0]!.media.inspect(`s-${p}`)!.sendSlot!.worker));
    expect(new Set(workers)).toEqual(new Set([0, 1]));
  });

  it('the chair on B gets the camera of every point on A, those on A’s second worker too', async () => {
    const onSecond = POINTS.filter((p) => nodes[0]!.media.pool.workers.indexOf(nodes[0]!.media.inspect(`s-${p}`)!.sendSlot!.worker) === 1);
    expect(onSecond.length).toBeGreaterThan(0);
    const cameras = () => new Set(chairPushes.flatMap((m) => (m.type === 'newConsumer' && m.consumer.source === 'camera' ? [m.consumer.pointId] : [])));
    await waitFor('a consumer on B of every camera on A', () => POINTS.every((p) => cameras().has(p)), 15_000).catch(() => undefined);
    expect([...cameras()].sort()).toEqual([...POINTS].sort());
    expect(nodes[0]!.media.cascadeCounts(CONF).pipedOut).toBe(POINTS.length);
    expect(nodes[1]!.media.cascadeCounts(CONF).broughtIn).toBe(POINTS.length);
  });
});
