// The conference through hoinghi's own SFU service (server/media): MediaService sessions, plain
// SRTP transports, producers, and consumers created, paused and layered by the real layout plan
// (shared/media/layout-plan.ts) from a presiding policy, with link-health sampling running.
import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import { createLogger } from '../server/log/logger.js';
import { MediaService } from '../server/media/media-service.js';
import type { LoadGen } from './lib/loadgen.js';
import { srtpKey } from './lib/loadgen.js';
import { pin, prioritise, rssKiB } from './lib/proc.js';
import { addSender, audible, plainReceiverCapabilities, audioParameters, pointId, videoParameters, type ConferenceSpec, type RunningConference } from './sfu-conference.js';

/** hoinghi's conference, with its media service and points (bench:recording taps their producers). */
export type HoinghiConference = RunningConference & { pushes: () => number; media: MediaService; conferenceId: string; points: string[] };

export async function hoinghiConference(spec: ConferenceSpec, lg: LoadGen, sinkPorts: number[]): Promise<HoinghiConference> {
  const media = await MediaService.start({
    rtc: { listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, minPort: 40000, maxPort: 49999, workers: spec.workers, tcp: false },
    logger: createLogger('silent'),
    ...(process.env.BENCH_SPREAD_SENDERS_FROM ? { tuning: { spreadSendersFrom: Number(process.env.BENCH_SPREAD_SENDERS_FROM) } } : {}),
  });
  const pids = media.pool.workers.map((w) => w.worker.pid);
  if (spec.pin) pids.forEach((pid, w) => pin(pid, w % 2));
  pids.forEach(prioritise);
  const baseRssKiB = pids.map(rssKiB);
  const conferenceId = 'bench';
  const points = Array.from({ length: spec.points }, (_v, i) => pointId(i));
  media.setPolicy(conferenceId, {
    mode: 'presiding',
    centralPointId: points[0]!,
    floorHolders: points.length > 1 ? [points[1]!] : [],
    spotlight: null,
    pointOrder: points,
    audiblePoints: points.filter((_p, i) => audible(i)),
  });
  let pushes = 0;
  const suite = spec.suite === 'none' ? {} : { srtpCryptoSuite: spec.suite as types.SrtpCryptoSuite };
  for (let i = 0; i < spec.points; i++) {
    const sessionId = `s-${points[i]}`;
    media.join({ sessionId, conferenceId, pointId: points[i]!, role: 'point', push: () => void pushes++ });
    const send = await media.createTransport(sessionId, 'send', { listenIp: '127.0.0.1', ...suite });
    if (send.type !== 'plain') throw new Error('expected a plain transport');
    const key = await addSender(lg, spec, i, send.port);
    if (key) await media.connectTransport(sessionId, send.id, { srtpParameters: { cryptoSuite: spec.suite as types.SrtpCryptoSuite, keyBase64: key } });
    await media.produce(sessionId, { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: videoParameters(i) as never });
    await media.produce(sessionId, { transportId: send.id, kind: 'audio', source: 'microphone', rtpParameters: audioParameters(i) as never });
  }
  await media.settled(conferenceId);
  for (let i = 0; i < spec.points; i++) {
    const sessionId = `s-${points[i]}`;
    const recv = await media.createTransport(sessionId, 'recv', { listenIp: '127.0.0.1', ...suite });
    if (recv.type !== 'plain') throw new Error('expected a plain transport');
    const theirKey = srtpKey(spec.suite, randomBytes);
    await media.connectTransport(sessionId, recv.id, {
      ip: '127.0.0.1',
      port: sinkPorts[i]!,
      ...(theirKey ? { srtpParameters: { cryptoSuite: spec.suite as types.SrtpCryptoSuite, keyBase64: theirKey } } : {}),
    });
    await lg.sinkKey(i, spec.suite, recv.srtpParameters?.keyBase64);
    await media.consume(sessionId, plainReceiverCapabilities(await media.rtpCapabilities(sessionId)));
    // One receiver at a time, as browsers arrive: the worker pool places each by its consumer count.
    await media.settled(conferenceId);
  }
  let consumers = 0;
  let flowing = 0;
  const receiversPerWorker = pids.map(() => 0);
  for (let i = 0; i < spec.points; i++) {
    const s = media.inspect(`s-${points[i]}`)!;
    const w = s.recvSlot ? media.pool.workers.indexOf(s.recvSlot.worker) : -1;
    if (w >= 0) receiversPerWorker[w]!++;
    for (const c of s.consumers.values()) {
      consumers++;
      if (!c.paused && !c.producerPaused) flowing++;
    }
  }
  return {
    kind: 'hoinghi',
    workerPids: pids,
    consumers,
    flowingConsumers: flowing,
    baseRssKiB,
    receiversPerWorker,
    pushes: () => pushes,
    media,
    conferenceId,
    points,
    layers: () =>
      points.flatMap((p) =>
        [...(media.inspect(`s-${p}`)?.consumers.values() ?? [])]
          .filter((c) => c.type === 'simulcast' && !c.paused)
          .map((c) => ({ preferred: c.preferredLayers?.spatialLayer ?? -1, current: c.currentLayers?.spatialLayer ?? -1 })),
      ),
    async close() {
      media.close();
    },
  };
}
