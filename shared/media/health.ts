/**
 * Link health of every point, as the chair's and the clerk's consoles show it. Sampled by the SFU
 * at a steady interval; only the transitions (signal lost / restored) become meeting events.
 */

export type ReceivedTile = {
  /** whose video or audio this receiver gets */
  fromPointId: string;
  source: string;
  kind: 'audio' | 'video';
  paused: boolean;
  /** the simulcast layer actually forwarded now (null: none yet, or audio) */
  spatialLayer: number | null;
};

export type PointHealth = {
  pointId: string;
  /** a media session of this point is connected to the SFU */
  connected: boolean;
  /** the point had sent media and none arrived for the configured time (or it left) */
  lost: boolean;
  /** epoch ms of the last transition to lost / back */
  lostSince: number | null;
  /** epoch ms of the last RTP packet seen from the point */
  lastMediaAt: number | null;
  /** seconds since the last media from the point (null when it never sent) */
  silentForSeconds: number | null;
  /** round-trip time SFU ↔ point in ms, from RTCP (null until measured) */
  rttMs: number | null;
  /** percent of packets lost from the point to the SFU */
  uplinkLossPercent: number | null;
  /** percent of packets lost from the SFU to the point, as its receiver reports say */
  downlinkLossPercent: number | null;
  /** what the point sends, bps */
  sendBitrate: number;
  /** what the point receives, bps */
  recvBitrate: number;
  /** its microphone is open at the SFU (floor control) */
  microphoneOpen: boolean;
  receives: ReceivedTile[];
};

export type HealthReport = {
  conferenceId: string;
  at: number;
  points: PointHealth[];
};
