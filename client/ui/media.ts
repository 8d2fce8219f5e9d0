import { createContext } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { HealthReport } from '../../shared/media/health.js';
import type { OwnLinkSample } from './common/ownLink.js';
import type { VideoOnOffer, VideoSource } from '../../shared/media/layout-plan.js';

// What the views need from the media layer (client/media, the mediasoup-client wrapper): which
// videos are on offer, the stream of each, the local camera, and the SFU's link-health report.
// Views read this interface only, so a console still works (name cards instead of video) while
// media is down or not yet set up.

export interface MediaView {
  videos(): readonly VideoOnOffer[];
  stream(pointId: string, source: VideoSource): MediaStream | null;
  /** audio of a point, played by the program view's hidden audio elements */
  audio(pointId: string): MediaStream | null;
  localStream(): MediaStream | null;
  health(): HealthReport | null;
  /** our own link, measured from this browser's WebRTC statistics; null until measured */
  ownLink(): OwnLinkSample | null;
  /** the SFU link: 'off' before media is set up (pre-flight, or no media layer) */
  status(): MediaStatus;
  subscribe(listener: () => void): () => void;
}

export type MediaStatus = 'off' | 'idle' | 'connecting' | 'connected' | 'recovering' | 'closed';

/** What the console's media badge says: set up is not enough, packets must be measured flowing (issue 12). */
export type MediaBadgeState = Exclude<MediaStatus, 'off'> | 'measuring' | 'unreachable' | 'noMedia';

export function mediaBadgeState(status: Exclude<MediaStatus, 'off'>, own: OwnLinkSample | null): MediaBadgeState {
  if (status !== 'connected') return status;
  if (!own || own.flowing === null) return own && !own.transportConnected ? 'unreachable' : 'measuring';
  if (!own.transportConnected) return 'unreachable';
  return own.flowing ? 'connected' : 'noMedia';
}

export const NO_MEDIA: MediaView = {
  videos: () => [],
  stream: () => null,
  audio: () => null,
  localStream: () => null,
  health: () => null,
  ownLink: () => null,
  status: () => 'off',
  subscribe: () => () => {},
};

export const MediaContext = createContext<MediaView>(NO_MEDIA);

/** The media view, re-rendering whenever a stream, the offer or the health report changes. */
export function useMedia(): MediaView {
  const media = useContext(MediaContext);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => media.subscribe(() => bump(undefined)), [media]);
  return media;
}
