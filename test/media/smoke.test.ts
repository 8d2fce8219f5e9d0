import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mediasoup from 'mediasoup';
import type { Worker, Router } from 'mediasoup/types';

/**
 * The foundation's media smoke test: the real worker built against Debian's libraries forwards
 * real VP8 RTP. ffmpeg encodes a test pattern and sends it to a PlainTransport producer; a
 * consumer on a second PlainTransport forwards it to a UDP socket of ours. If the worker, the
 * router or the libsrtp/liburing compatibility layer is broken, no packet arrives.
 */
describe('mediasoup worker smoke test (real worker, real VP8 RTP from ffmpeg)', () => {
  let worker: Worker;
  let router: Router;
  let ffmpeg: ChildProcess | undefined;
  const sink = dgram.createSocket('udp4');
  let sinkPackets = 0;
  let sinkBytes = 0;

  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    router = await worker.createRouter({
      mediaCodecs: [{ kind: 'video', mimeType: 'video/VP8', clockRate: 90000 }],
    });
    sink.on('message', (msg) => {
      // RTCP (payload types 200–204 after the marker bit) is counted apart from RTP.
      const pt = (msg[1] ?? 0) & 0x7f;
      if (pt >= 72 && pt <= 76) return;
      sinkPackets += 1;
      sinkBytes += msg.length;
    });
    sink.bind(0, '127.0.0.1');
    await once(sink, 'listening');
  });

  afterAll(async () => {
    ffmpeg?.kill('SIGKILL');
    worker?.close();
    sink.close();
  });

  it('forwards ffmpeg VP8 from a PlainTransport producer to a consumer on another transport', async () => {
    // ffmpeg sends RTCP from a socket of its own: with rtcpMux its first Sender Report would fix
    // the comedia tuple to that socket and every RTP packet would then be ignored.
    const ingest = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: true,
    });
    const producer = await ingest.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
        encodings: [{ ssrc: 22_220_001 }],
      },
    });

    const egress = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
    });
    await egress.connect({ ip: '127.0.0.1', port: sink.address().port });
    const consumer = await egress.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });

    const port = ingest.tuple.localPort;
    const rtcpPort = ingest.rtcpTuple?.localPort ?? port + 1;
    ffmpeg = spawn(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-re',
        '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30',
        '-t', '8', '-an',
        '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-g', '15',
        '-payload_type', '101', '-ssrc', '22220001',
        '-f', 'rtp', `rtp://127.0.0.1:${port}?rtcpport=${rtcpPort}&pkt_size=1200`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let ffmpegErrors = '';
    ffmpeg.stderr?.on('data', (d: Buffer) => (ffmpegErrors += d.toString()));

    const deadline = Date.now() + 15_000;
    let consumerPackets = 0;
    let consumerBytes = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const stats = await consumer.getStats();
      const outbound = stats.find((s) => s.type === 'outbound-rtp');
      consumerPackets = outbound?.packetCount ?? 0;
      consumerBytes = outbound?.byteCount ?? 0;
      if (consumerPackets > 60 && sinkPackets > 60) break;
    }

    expect(ffmpegErrors).toBe('');
    const producerStats = await producer.getStats();
    expect(producerStats[0]?.packetCount ?? 0).toBeGreaterThan(60);
    expect(consumerPackets).toBeGreaterThan(60);
    expect(consumerBytes).toBeGreaterThan(consumerPackets * 100);
    expect(sinkPackets).toBeGreaterThan(60);
    expect(sinkBytes).toBeGreaterThan(sinkPackets * 100);
  });
});
