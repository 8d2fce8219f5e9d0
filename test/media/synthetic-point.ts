import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import type { MediaService } from '../../server/media/media-service.js';
import type { Role } from '../../shared/protocol/common.js';
import type { MediaPush } from '../../shared/protocol/media.js';
import { ensureFixtures, type PointLook } from './fixtures.js';
import { sleep, waitFor } from './helpers.js';

/**
 * A connection point made of plain RTP instead of a browser: ffmpeg streams a pre-encoded VP8
 * simulcast camera (3 layers) and an Opus microphone into a PlainTransport of the real SFU, and a
 * UDP socket receives what the SFU forwards to it, counting packets per SSRC. With a `look`, the
 * point's picture is one flat colour and its tone its own pitch (recordings tell points apart by
 * them); otherwise every point sends the same test pattern and 440 Hz. Nothing is mocked:
 * the same MediaService methods a browser's signalling reaches are called.
 */

const VIDEO_PT = 101;
const AUDIO_PT = 100;

let nextSsrc = 1000;

export type SyntheticPoint = {
  sessionId: string;
  pointId: string | null;
  pushes: MediaPush[];
  /** packets received per SSRC (the consumer's ssrc, from its rtpParameters) */
  packetsBySsrc: Map<number, number>;
  /** consumer ids this receiver was given, with their ssrc */
  consumers: Map<string, { pointId: string; source: string; kind: string; ssrc: number }>;
  packetsOf(consumerId: string): number;
  startSending(): Promise<void>;
  /** the encoder stops (ffmpeg killed) while the session stays connected */
  stopSending(): Promise<void>;
  /** from now on the uplink drops every `every`-th video packet (0: none), as a lossy link would */
  dropVideo(every: number): void;
  /** what a browser does on a `reset` push: set up transports, consumers and (if it sent) producers again */
  recover(): Promise<void>;
  close(): Promise<void>;
};

export async function syntheticPoint(
  media: MediaService,
  opts: { conferenceId: string; pointId: string | null; role?: Role; send?: boolean; receive?: boolean; look?: PointLook },
): Promise<SyntheticPoint> {
  const sessionId = `synthetic-${opts.pointId ?? 'viewer'}-${Math.random().toString(36).slice(2, 8)}`;
  const pushes: MediaPush[] = [];
  const consumers = new Map<string, { pointId: string; source: string; kind: string; ssrc: number }>();
  const packetsBySsrc = new Map<number, number>();
  media.join({
    sessionId,
    conferenceId: opts.conferenceId,
    pointId: opts.pointId,
    role: opts.role ?? (opts.pointId ? 'point' : 'observer'),
    push: (m) => {
      pushes.push(m);
      if (m.type === 'newConsumer') {
        const ssrc = (m.consumer.rtpParameters.encodings?.[0]?.ssrc as number | undefined) ?? -1;
        consumers.set(m.consumer.consumerId, { pointId: m.consumer.pointId, source: m.consumer.source, kind: m.consumer.kind, ssrc });
      }
    },
  });

  const sockets: dgram.Socket[] = [];
  const bind = async () => {
    const socket = dgram.createSocket('udp4');
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return socket;
  };

  let sinkPort = 0;
  const setupReceive = async () => {
    if (sinkPort === 0) {
      const sink = await bind();
      sink.on('message', (msg) => {
        // RTP (not RTCP: payload types 72-76 with the marker bit are RTCP's range): ssrc at bytes 8..11.
        if (msg.length < 12 || ((msg[1]! & 0x7f) >= 72 && (msg[1]! & 0x7f) <= 76)) return;
        const ssrc = msg.readUInt32BE(8);
        packetsBySsrc.set(ssrc, (packetsBySsrc.get(ssrc) ?? 0) + 1);
      });
      sinkPort = sink.address().port;
    }
    const recv = await media.createTransport(sessionId, 'recv', { listenIp: '127.0.0.1' });
    await media.connectTransport(sessionId, recv.id, { ip: '127.0.0.1', port: sinkPort });
    await media.consume(sessionId, await media.rtpCapabilities(sessionId));
  };
  if (opts.receive !== false) await setupReceive();

  let ffmpeg: ChildProcess | undefined;
  let dropEvery = 0;
  let videoRelayed = 0;
  const startSending = async () => {
    const fixtures = ensureFixtures(opts.look);
    const send = await media.createTransport(sessionId, 'send', { listenIp: '127.0.0.1' });
    if (send.type !== 'plain') throw new Error('expected a plain transport');
    const ssrcs = [nextSsrc++, nextSsrc++, nextSsrc++];
    const audioSsrc = nextSsrc++;
    await media.produce(sessionId, {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000 }],
        encodings: ssrcs.map((ssrc) => ({ ssrc })),
      },
    });
    await media.produce(sessionId, {
      transportId: send.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: audioSsrc }],
      },
    });
    // ffmpeg's four RTP outputs each use their own source port; a PlainTransport in comedia mode
    // locks onto one remote tuple, so a relay socket forwards all of them from a single port.
    const relay = await bind();
    relay.on('message', (msg) => {
      if (dropEvery > 0 && msg.length >= 12 && (msg[1]! & 0x7f) === VIDEO_PT && ++videoRelayed % dropEvery === 0) return;
      relay.send(msg, send.port, send.ip);
    });
    const to = `rtp://127.0.0.1:${relay.address().port}?rtcpport=${relay.address().port}&pkt_size=1200`;
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
    for (const file of fixtures.layers) args.push('-re', '-stream_loop', '-1', '-i', file);
    args.push('-re', '-stream_loop', '-1', '-i', fixtures.audio);
    fixtures.layers.forEach((_f, i) => args.push('-map', `${i}:v`, '-c', 'copy', '-f', 'rtp', '-payload_type', String(VIDEO_PT), '-ssrc', String(ssrcs[i]), to));
    const pcm = fixtures.audio.endsWith('.wav');
    args.push('-map', '3:a', ...(pcm ? ['-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-application', 'lowdelay'] : ['-c', 'copy']), '-f', 'rtp', '-payload_type', String(AUDIO_PT), '-ssrc', String(audioSsrc), to);
    sending = true;
    ffmpeg = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ffmpeg.stderr?.on('data', () => undefined);
  };

  const stopSending = async () => {
    if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      const exited = new Promise((r) => ffmpeg!.once('exit', r));
      ffmpeg.kill('SIGKILL');
      await exited;
    }
  };

  let sending = false;
  const recover = async () => {
    const wasSending = sending || ffmpeg !== undefined;
    await stopSending();
    if (opts.receive !== false) await setupReceive();
    if (wasSending) await startSending();
  };

  return {
    sessionId,
    pointId: opts.pointId,
    pushes,
    packetsBySsrc,
    consumers,
    packetsOf: (consumerId) => packetsBySsrc.get(consumers.get(consumerId)?.ssrc ?? -1) ?? 0,
    startSending,
    stopSending,
    dropVideo: (every) => {
      dropEvery = every;
    },
    recover,
    async close() {
      await stopSending();
      media.leave(sessionId);
      for (const s of sockets) s.close();
    },
  };
}

/** Waits until `receiver`'s consumer of `fromPoint`'s `kind` exists and its packets keep arriving. */
export async function mediaFlows(media: MediaService, receiver: SyntheticPoint, fromPoint: string, kind: string, timeoutMs = 10_000): Promise<void> {
  const consumerOf = () => [...(media.inspect(receiver.sessionId)?.consumers.values() ?? [])].find((c) => c.appData.pointId === fromPoint && c.kind === kind);
  await waitFor(`${fromPoint} ${kind} reaches ${receiver.sessionId}`, async () => {
    const c = consumerOf();
    if (!c) return false;
    const before = receiver.packetsOf(c.id);
    await sleep(300);
    return receiver.packetsOf(c.id) > before;
  }, timeoutMs);
}
