import { z } from 'zod';

/**
 * Link health of every point, as the chair's and the clerk's consoles show it. Sampled by the SFU
 * at a steady interval; only the transitions (signal lost / restored) become meeting events.
 * A zod schema because it crosses the wire (`media:push { type: 'health' }`); types from it.
 */

const EpochMs = z.number().int().nonnegative();
const Bps = z.number().nonnegative();

export const MediaFlowSchema = z.enum(['flowing', 'waiting', 'none']);
export type MediaFlow = z.infer<typeof MediaFlowSchema>;

export const ReceivedTileSchema = z.strictObject({
  /** whose video this receiver gets */
  fromPointId: z.string(),
  source: z.string(),
  kind: z.enum(['audio', 'video']),
  paused: z.boolean(),
  /** the simulcast layer actually forwarded now (null: none yet) */
  spatialLayer: z.number().int().nullable(),
});
export type ReceivedTile = z.infer<typeof ReceivedTileSchema>;

export const PointHealthSchema = z.strictObject({
  pointId: z.string(),
  /** a media session of this point is connected to the SFU */
  connected: z.boolean(),
  /** the point had sent media and none arrived for the configured time (or it left) */
  lost: z.boolean(),
  /** epoch ms of the last transition to lost / back */
  lostSince: EpochMs.nullable(),
  /** epoch ms of the last RTP packet seen from the point */
  lastMediaAt: EpochMs.nullable(),
  /** seconds since the last media from the point (null when it never sent) */
  silentForSeconds: z.number().nonnegative().nullable(),
  /** round-trip time SFU ↔ point in ms, from RTCP (null until measured) */
  rttMs: z.number().nonnegative().nullable(),
  /** percent of packets lost from the point to the SFU */
  uplinkLossPercent: z.number().min(0).max(100).nullable(),
  /** percent of packets lost from the SFU to the point, as its receiver reports say */
  downlinkLossPercent: z.number().min(0).max(100).nullable(),
  /** what the point sends, bps */
  sendBitrate: Bps,
  /** what the point receives, bps */
  recvBitrate: Bps,
  /**
   * Measured, never assumed: 'flowing' when RTP from the point reached the SFU in the last few
   * seconds; 'waiting' for the first few seconds of a connection that has sent nothing yet;
   * 'none' when nothing arrived for longer (a firewall, a wrong announced address, no camera).
   */
  media: MediaFlowSchema,
  /** ICE and DTLS of its transports to the SFU are connected (false: media cannot get through) */
  transportConnected: z.boolean(),
  /** its microphone is open at the SFU (floor control) */
  microphoneOpen: z.boolean(),
  /** the video tiles it receives, with the layer each gets */
  receives: z.array(ReceivedTileSchema),
});
export type PointHealth = z.infer<typeof PointHealthSchema>;

export const HealthReportSchema = z.strictObject({
  conferenceId: z.string(),
  at: EpochMs,
  points: z.array(PointHealthSchema),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;
