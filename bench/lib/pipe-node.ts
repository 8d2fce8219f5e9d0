// One media node of bench:pipe as its own process (forked by bench/lib/pipe-nodes.ts): hoinghi's
// MediaService with its own mediasoup worker(s), cascading to the other nodes as a cluster node
// does (MediaPipes' signed route POST /internal/cluster/media on this node's loopback address,
// RemoteFeeds and PipeEnds, PipeTransports with SRTP). How it differs from a cluster node: the list
// of nodes is fixed (no PostgreSQL registry), and there is no socket.io: the bench drives the media
// service over IPC with plain RTP transports, as bench:sfu does in one process.
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MediaPipes } from '../../server/cluster/mediaPipes.js';
import { createLogger } from '../../server/log/logger.js';
import { MediaService } from '../../server/media/media-service.js';
import type { ConferencePolicy } from '../../server/media/policy.js';
import type { NodeRegistry } from '../../server/store/pgNodes.js';
import { audioParameters, plainReceiverCapabilities, videoParameters } from '../sfu-conference.js';

type Msg = { id: number; op: string; a: Record<string, unknown> };
let media: MediaService | undefined;
let pipes: MediaPipes | undefined;
let others: string[] = [];
const pipeProducers = new Set<types.Producer>();
const pipeConsumers = new Set<types.Consumer>();

// Every pipe transport's producers (piped in) and consumers (piped out), to count their packets.
mediasoup.observer.on('newworker', (w) =>
  w.observer.on('newrouter', (r) =>
    r.observer.on('newtransport', (t) => {
      if (t.type !== 'pipe') return;
      t.observer.on('newproducer', (p) => {
        pipeProducers.add(p);
        p.observer.once('close', () => pipeProducers.delete(p));
      });
      t.observer.on('newconsumer', (c) => {
        pipeConsumers.add(c);
        c.observer.once('close', () => pipeConsumers.delete(c));
      });
    }),
  ),
);

async function packets(objects: Iterable<types.Producer | types.Consumer>, type: string): Promise<number> {
  const stats = await Promise.all([...objects].map((o) => o.getStats().catch(() => [])));
  return stats.flat().reduce((n, s) => n + ((s as { type: string }).type === type ? (s as { packetCount: number }).packetCount : 0), 0);
}

const ops: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  async start(a) {
    const { ip, workers, minPort, maxPort, keyHex } = a as { ip: string; workers: number; minPort: number; maxPort: number; keyHex: string };
    media = await MediaService.start({ rtc: { listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, minPort, maxPort, workers, tcp: false }, logger: createLogger('silent') });
    const registry = { list: async () => others.map((url) => ({ url, live: true })) } as unknown as NodeRegistry;
    pipes = new MediaPipes({ key: Buffer.from(keyHex, 'hex'), nodes: registry, logger: createLogger('silent') });
    media.setPeers(pipes);
    const app = express();
    app.use(pipes.route);
    const server = app.listen(0, ip);
    await new Promise((r) => server.once('listening', r));
    const url = `http://${ip}:${(server.address() as AddressInfo).port}`;
    pipes.start(media, { protocol: 'udp', ip }, url);
    return { url, workerPids: media.pool.workers.map((w) => w.worker.pid) };
  },
  async peers(a) {
    others = a.urls as string[];
    return null;
  },
  async policy(a) {
    media!.setPolicy(a.conferenceId as string, a.policy as ConferencePolicy);
    return null;
  },
  async sendTransport(a) {
    const { sessionId, conferenceId, pointId, suite } = a as { sessionId: string; conferenceId: string; pointId: string; suite: types.SrtpCryptoSuite };
    if (!media!.inspect(sessionId)) media!.join({ sessionId, conferenceId, pointId, role: 'point', push: () => undefined });
    const t = await media!.createTransport(sessionId, 'send', { listenIp: '127.0.0.1', srtpCryptoSuite: suite });
    if (t.type !== 'plain') throw new Error('expected a plain transport');
    return { id: t.id, port: t.port };
  },
  async produce(a) {
    const { sessionId, transportId, suite, keyBase64, index } = a as { sessionId: string; transportId: string; suite: types.SrtpCryptoSuite; keyBase64: string; index: number };
    await media!.connectTransport(sessionId, transportId, { srtpParameters: { cryptoSuite: suite, keyBase64 } });
    await media!.produce(sessionId, { transportId, kind: 'video', source: 'camera', rtpParameters: videoParameters(index) as never });
    await media!.produce(sessionId, { transportId, kind: 'audio', source: 'microphone', rtpParameters: audioParameters(index) as never });
    return null;
  },
  /** A receiver (a point's, or with pointId null the chair's console, which pages every point): returns the SFU's SRTP key for the sink. */
  async receiver(a) {
    const { sessionId, conferenceId, pointId, suite, sinkPort, theirKey, pageSize } = a as { sessionId: string; conferenceId: string; pointId: string | null; suite: types.SrtpCryptoSuite; sinkPort: number; theirKey: string; pageSize?: number };
    if (!media!.inspect(sessionId)) media!.join({ sessionId, conferenceId, pointId, role: pointId ? 'point' : 'chair', push: () => undefined });
    const t = await media!.createTransport(sessionId, 'recv', { listenIp: '127.0.0.1', srtpCryptoSuite: suite });
    if (t.type !== 'plain') throw new Error('expected a plain transport');
    await media!.connectTransport(sessionId, t.id, { ip: '127.0.0.1', port: sinkPort, srtpParameters: { cryptoSuite: suite, keyBase64: theirKey } });
    if (pageSize) await media!.setView(sessionId, { page: 0, pageSize });
    await media!.consume(sessionId, plainReceiverCapabilities(await media!.rtpCapabilities(sessionId)));
    return t.srtpParameters?.keyBase64;
  },
  async leave(a) {
    media!.leave(a.sessionId as string);
    return null;
  },
  async settled(a) {
    await media!.settled(a.conferenceId as string);
    return media!.cascadeCounts(a.conferenceId as string);
  },
  /** Packets sent into pipes (pipe consumers) and received from pipes (pipe producers) so far. */
  async counters() {
    return { pipedOut: await packets(pipeConsumers, 'outbound-rtp'), pipedIn: await packets(pipeProducers, 'inbound-rtp') };
  },
  async close() {
    await pipes?.close();
    media?.close();
    setTimeout(() => process.exit(0), 100);
    return null;
  },
};

process.on('message', (m: Msg) => {
  const op = ops[m.op];
  (op ? op(m.a) : Promise.reject(new Error(`unknown op ${m.op}`))).then(
    (result) => process.send!({ id: m.id, ok: true, result }),
    (err: Error) => process.send!({ id: m.id, ok: false, error: err.message }),
  );
});
