import type { types } from 'mediasoup';
import type { ProducerData } from './media-session.js';

// A tap: one producer's RTP sent, unchanged, to a local UDP port (a recorder's ffmpeg). A
// PlainTransport with comedia off (mediasoup sends to the port it is told, before hearing from
// it) and RTCP muxed on the RTP port, so the recorder gets the sender reports it aligns audio and
// video with on the same socket. The consumer starts paused: the recorder resumes it once its
// process listens, then asks for a key frame so the recording starts with a whole picture.

/** What a recorder needs to describe the stream in an SDP. */
export type TapCodec = {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters: Record<string, unknown>;
};

export interface MediaTap {
  readonly pointId: string;
  readonly kind: 'audio' | 'video';
  readonly codec: TapCodec;
  readonly ssrc: number;
  /** the local UDP port the tap sends to */
  readonly port: number;
  readonly closed: boolean;
  /** start sending (the receiver listens now) */
  resume(): Promise<void>;
  /** ask the point's encoder for a key frame (a segment can only begin on one) */
  requestKeyFrame(): Promise<void>;
  /** what the SFU's consumer is doing now (score, simulcast layers, packets out), for a failure's message */
  describe(): Promise<string>;
  /**
   * Pauses and resumes a forwarding camera's consumer and sets its layer again: mediasoup then
   * chooses its target layer afresh and asks for a key frame (a consumer resumed before its
   * producer's streams scored can stay without a layer). Nothing while paused or held.
   */
  nudge(): Promise<void>;
  /** called once, when the tap closes for any reason (producer gone, router closed, close()) */
  onClose(listener: () => void): void;
  close(): void;
}

/**
 * The tap as the SFU keeps it: besides the recorder's resume, a hold the conference puts on it
 * while the point's microphone is open for an organiser's private check alone (issue #13: a
 * private check is not in the program, so not in the recording either). It forwards only while
 * the recorder wants it and nothing holds it.
 */
export interface HeldTap extends MediaTap {
  readonly producerId: string;
  hold(held: boolean): Promise<void>;
}

/**
 * A plain receiver sends no transport-cc or REMB feedback. Left in its capabilities, mediasoup
 * would run a bandwidth estimator for it that never hears back, stay at its initial 600 kbps guess,
 * and hold large tiles below the planned layer.
 */
export function withoutBandwidthFeedback(caps: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: caps.codecs?.map((c) => ({ ...c, rtcpFeedback: c.rtcpFeedback?.filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') })),
    headerExtensions: caps.headerExtensions?.filter((h) => !h.uri.includes('transport-wide-cc') && !h.uri.includes('abs-send-time')),
  };
}

export async function openTap(router: types.Router, producer: types.Producer<ProducerData>, dest: { ip: string; port: number }, held = false): Promise<HeldTap> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: dest.ip },
    rtcpMux: true,
    comedia: false,
    appData: { tapOf: producer.id },
  });
  try {
    await transport.connect({ ip: dest.ip, port: dest.port });
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: withoutBandwidthFeedback(router.rtpCapabilities),
      paused: true,
      // A recorder never asks for retransmissions; RTX would only add a stream it cannot read.
      enableRtx: false,
    });
    // The layer a tap takes, chosen here rather than left to mediasoup's default: the top one (a
    // recording and the live program are full frame). Without bandwidth feedback mediasoup targets
    // the highest layer that scores above zero up to this one, and switches at its key frame.
    const preferred = topLayers(producer);
    if (consumer.type === 'simulcast') await consumer.setPreferredLayers(preferred);
    const codec = consumer.rtpParameters.codecs[0];
    const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
    if (!codec || ssrc === undefined) throw new Error('the tap consumer has no codec or ssrc');
    const listeners: (() => void)[] = [];
    let closed = false;
    let wanted = false;
    let holding = held;
    // pause/resume one at a time: mediasoup updates `paused` only once the worker answered, so two
    // overlapping steps could both read the old state and leave the tap forwarding while held.
    let steps: Promise<void> = Promise.resolve();
    const apply = (): Promise<void> => {
      const step = steps.then(async () => {
        if (consumer.closed) return;
        const forward = wanted && !holding;
        if (forward && consumer.paused) await consumer.resume();
        else if (!forward && !consumer.paused) await consumer.pause();
      });
      steps = step.catch(() => undefined);
      return step;
    };
    const closeAll = () => {
      if (closed) return;
      closed = true;
      if (!transport.closed) transport.close();
      for (const l of listeners.splice(0)) l();
    };
    consumer.observer.once('close', closeAll);
    transport.observer.once('close', closeAll);
    return {
      pointId: producer.appData.pointId,
      producerId: producer.id,
      kind: consumer.kind,
      codec: {
        mimeType: codec.mimeType,
        payloadType: codec.payloadType,
        clockRate: codec.clockRate,
        ...(codec.channels ? { channels: codec.channels } : {}),
        parameters: { ...(codec.parameters ?? {}) },
      },
      ssrc,
      port: dest.port,
      get closed() {
        return closed;
      },
      resume: () => {
        wanted = true;
        return apply();
      },
      hold: (h) => {
        if (h === holding) return steps;
        holding = h;
        return apply();
      },
      requestKeyFrame: () => (consumer.kind === 'video' && !consumer.closed ? consumer.requestKeyFrame() : Promise.resolve()),
      describe: () => describeConsumer(consumer),
      nudge: () => {
        const step = steps.then(async () => {
          if (consumer.closed || consumer.kind !== 'video' || consumer.paused || !wanted || holding) return;
          await consumer.pause();
          await consumer.resume();
          if (consumer.type === 'simulcast') await consumer.setPreferredLayers(preferred);
          await consumer.requestKeyFrame();
        });
        steps = step.catch(() => undefined);
        return step;
      },
      onClose: (l) => (closed ? l() : listeners.push(l)),
      close: closeAll,
    };
  } catch (err) {
    transport.close();
    throw err;
  }
}

/** The highest spatial and temporal layer a simulcast producer sends (L1T3 for a browser's encodings). */
function topLayers(producer: types.Producer): { spatialLayer: number; temporalLayer: number } {
  const encodings = producer.rtpParameters.encodings ?? [];
  const temporal = /T(\d)/.exec(encodings[0]?.scalabilityMode ?? '')?.[1];
  return { spatialLayer: Math.max(0, encodings.length - 1), temporalLayer: temporal ? Number(temporal) - 1 : 0 };
}

async function describeConsumer(consumer: types.Consumer): Promise<string> {
  if (consumer.closed) return 'consumer closed';
  const layers = (l: types.ConsumerLayers | undefined) => (l ? `${l.spatialLayer}/${l.temporalLayer ?? '-'}` : 'none');
  const stats = await consumer.getStats().catch(() => []);
  const out = stats.find((s) => s.type === 'outbound-rtp');
  return [
    `${consumer.type} ${consumer.kind}`,
    consumer.paused ? 'paused' : 'forwarding',
    consumer.producerPaused ? 'producer paused' : '',
    `score ${consumer.score.score}, producer ${consumer.score.producerScore} [${consumer.score.producerScores.join(',')}]`,
    `current layers ${layers(consumer.currentLayers)}, preferred ${layers(consumer.preferredLayers)}`,
    `${out?.packetCount ?? 0} packets out`,
  ]
    .filter(Boolean)
    .join('; ');
}
