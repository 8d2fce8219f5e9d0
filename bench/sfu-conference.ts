// What one SFU benchmark conference looks like, whoever runs it (hoinghi's MediaService or a bare
// mediasoup worker): N points, point 0 central (the chair's room), point 1 holds the floor,
// presiding layout: every receiver gets 2 large tiles at the top layer (central + floor holder),
// the first page of 8 thumbnails at the lowest layer, the rest paused, and the microphones of the
// central point and the floor holder (every other microphone is paused at the SFU by floor control).
import { randomBytes } from 'node:crypto';
import type { LoadGen, Suite } from './lib/loadgen.js';
import { srtpKey } from './lib/loadgen.js';

export const VIDEO_PT = 101;
export const AUDIO_PT = 100;
export const PAGE_SIZE = 8;

export type ConferenceSpec = { points: number; workers: number; suite: Suite; clipUs: number; pin: boolean };

export type RunningConference = {
  kind: 'hoinghi' | 'bare';
  workerPids: number[];
  /** consumers that exist (paused ones included) and those that carry packets now */
  consumers: number;
  flowingConsumers: number;
  /** worker RSS (KiB) before the conference's transports existed, per worker */
  baseRssKiB: number[];
  /** receivers per worker (where their recv transports live) */
  receiversPerWorker: number[];
  /** preferred and current spatial layer of every video consumer (is the plan really carried out?) */
  layers(): { preferred: number; current: number }[];
  close(): Promise<void>;
};

export const pointId = (i: number) => `p${String(i).padStart(3, '0')}`;

/** SSRCs of point i: three simulcast layers and the microphone. */
export function ssrcsOf(i: number): [number, number, number, number] {
  const base = 0x10000000 + i * 16;
  return [base, base + 1, base + 2, base + 3];
}

export function videoParameters(i: number) {
  const [a, b, c] = ssrcsOf(i);
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000 }],
    encodings: [{ ssrc: a }, { ssrc: b }, { ssrc: c }],
  };
}

export function audioParameters(i: number) {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2 }],
    encodings: [{ ssrc: ssrcsOf(i)[3] }],
  };
}

export const audible = (i: number) => i === 0 || i === 1;

/** Registers point i with the load generator: it sends to the SFU's port with its own key and phase. */
export async function addSender(lg: LoadGen, spec: ConferenceSpec, i: number, port: number): Promise<string | undefined> {
  const keyBase64 = srtpKey(spec.suite, randomBytes);
  await lg.point({ port, ssrcs: ssrcsOf(i), suite: spec.suite, ...(keyBase64 ? { keyBase64 } : {}), phaseUs: (i * spec.clipUs) / spec.points });
  return keyBase64;
}

/** The presiding plan of receiver i, computed here without hoinghi's code (for the bare worker). */
export function presidingPlan(i: number, n: number): { large: number[]; thumbnails: number[]; audio: number[] } {
  const large = [0, 1].filter((p) => p !== i && p < n);
  const thumbnails: number[] = [];
  for (let p = 2; p < n && thumbnails.length < PAGE_SIZE; p++) if (p !== i) thumbnails.push(p);
  const audio: number[] = [];
  for (let p = 0; p < n; p++) if (p !== i) audio.push(p);
  return { large, thumbnails, audio };
}

/**
 * What a plain RTP receiver can do: the router's capabilities without transport-wide congestion
 * control and REMB. Offered those, mediasoup runs its bandwidth estimator for the transport and,
 * with no feedback ever coming back, holds every simulcast consumer at the layer its initial
 * estimate (600 kbps) allows: the large tiles would never reach the top layer.
 */
export function plainReceiverCapabilities<T extends { headerExtensions?: { uri: string }[]; codecs?: { rtcpFeedback?: { type: string }[] }[] }>(caps: T): T {
  const bwe = (uri: string) => uri.includes('transport-wide-cc') || uri.includes('abs-send-time');
  return {
    ...caps,
    headerExtensions: (caps.headerExtensions ?? []).filter((h) => !bwe(h.uri)),
    codecs: (caps.codecs ?? []).map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') })),
  };
}
