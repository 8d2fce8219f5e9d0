import type { MediaTap, PointFeed } from '../media/media-service.js';

/**
 * What the recorder needs from the SFU, and nothing more: each point's camera and microphone now,
 * a tap that sends one of them to a local port, and word when they change. MediaService is the
 * implementation; server/recording never touches mediasoup itself.
 */
export interface RecordingMediaEdge {
  pointFeeds(conferenceId: string): PointFeed[];
  openTap(conferenceId: string, producerId: string, dest: { ip: string; port: number }): Promise<MediaTap>;
  on(event: 'feeds', listener: (conferenceId: string) => void): unknown;
  off(event: 'feeds', listener: (conferenceId: string) => void): unknown;
}

export type { MediaTap, PointFeed };
