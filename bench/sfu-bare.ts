// The same conference on a bare mediasoup worker: PlainTransports, producers and consumers made
// directly with mediasoup's API, no hoinghi code (no layout logic, no stats polling, no signalling).
// With two workers, producers live on the first and every other receiver on a router of the
// second, fed by pipeToRouter.
import { randomBytes } from 'node:crypto';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { ROUTER_MEDIA_CODECS } from '../server/media/media-config.js';
import type { LoadGen } from './lib/loadgen.js';
import { srtpKey } from './lib/loadgen.js';
import { pin, prioritise, rssKiB } from './lib/proc.js';
import { addSender, audible, plainReceiverCapabilities, audioParameters, presidingPlan, videoParameters, type ConferenceSpec, type RunningConference } from './sfu-conference.js';

export async function bareConference(spec: ConferenceSpec, lg: LoadGen, sinkPorts: number[]): Promise<RunningConference> {
  const workers: types.Worker[] = [];
  for (let w = 0; w < spec.workers; w++) {
    const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 40000, rtcMaxPort: 49999 });
    if (spec.pin) pin(worker.pid, w % 2);
    prioritise(worker.pid);
    workers.push(worker);
  }
  const routers = await Promise.all(workers.map((w) => w.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS })));
  const baseRssKiB = workers.map((w) => rssKiB(w.pid));
  const main = routers[0]!;
  const srtp = spec.suite === 'none' ? {} : { enableSrtp: true, srtpCryptoSuite: spec.suite as types.SrtpCryptoSuite };
  const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1' };

  const video: types.Producer[] = [];
  const audio: types.Producer[] = [];
  for (let i = 0; i < spec.points; i++) {
    const send = await main.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true, ...srtp });
    const key = await addSender(lg, spec, i, send.tuple.localPort);
    if (key) await send.connect({ srtpParameters: { cryptoSuite: spec.suite as types.SrtpCryptoSuite, keyBase64: key } });
    video.push(await send.produce({ kind: 'video', rtpParameters: videoParameters(i) as types.RtpParameters }));
    audio.push(await send.produce({ kind: 'audio', rtpParameters: audioParameters(i) as types.RtpParameters, paused: !audible(i) }));
  }
  // Piped copies of every producer on the other routers (same ids).
  for (const r of routers.slice(1)) for (const p of [...video, ...audio]) await main.pipeToRouter({ producerId: p.id, router: r });

  let consumers = 0;
  let flowing = 0;
  const simulcast: types.Consumer[] = [];
  const receiversPerWorker = workers.map(() => 0);
  for (let i = 0; i < spec.points; i++) {
    const w = i % routers.length;
    const router = routers[w]!;
    receiversPerWorker[w]!++;
    const recv = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false, ...srtp });
    const theirKey = srtpKey(spec.suite, randomBytes);
    await recv.connect({ ip: '127.0.0.1', port: sinkPorts[i]!, ...(theirKey ? { srtpParameters: { cryptoSuite: spec.suite as types.SrtpCryptoSuite, keyBase64: theirKey } } : {}) });
    await lg.sinkKey(i, spec.suite, recv.srtpParameters?.keyBase64);
    const plan = presidingPlan(i, spec.points);
    const caps = plainReceiverCapabilities(router.rtpCapabilities);
    for (const [list, layer] of [[plan.large, 2], [plan.thumbnails, 0]] as const) {
      for (const p of list) {
        simulcast.push(await recv.consume({ producerId: video[p]!.id, rtpCapabilities: caps, preferredLayers: { spatialLayer: layer, temporalLayer: 2 } }));
        consumers++;
        flowing++;
      }
    }
    for (const p of plan.audio) {
      await recv.consume({ producerId: audio[p]!.id, rtpCapabilities: caps });
      consumers++;
      if (audible(p)) flowing++;
    }
  }
  // A plain receiver has no bandwidth estimate: mediasoup reconsiders a simulcast layer only when
  // asked, and may have settled below the preferred layer before the sender's reports arrived.
  // Re-asking once a second is what hoinghi's media service does on its health tick, too.
  const nudge = setInterval(() => {
    for (const c of simulcast) {
      const want = c.preferredLayers?.spatialLayer ?? 0;
      if (!c.closed && (c.currentLayers?.spatialLayer ?? -1) < want) void c.setPreferredLayers({ spatialLayer: want, temporalLayer: 2 }).catch(() => undefined);
    }
  }, 1000);
  return {
    kind: 'bare',
    workerPids: workers.map((w) => w.pid),
    consumers,
    flowingConsumers: flowing,
    baseRssKiB,
    receiversPerWorker,
    layers: () => simulcast.map((c) => ({ preferred: c.preferredLayers?.spatialLayer ?? -1, current: c.currentLayers?.spatialLayer ?? -1 })),
    async close() {
      clearInterval(nudge);
      for (const w of workers) w.close();
    },
  };
}
