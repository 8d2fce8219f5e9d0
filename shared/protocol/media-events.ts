import type { z } from 'zod';
import type { MEDIA_REQUESTS, MediaAck, MediaPush, MediaRequestName } from './media.js';

// The media signalling as socket.io event maps, derived from the request schemas of media.ts: a
// `media:*` request's payload is its schema's input, its ack carries what MediaReplies says. The
// replies are mediasoup's own parameter objects; mediasoup (server) and mediasoup-client
// describe the same objects, and media-events.test-d.ts checks that both fit these shapes.

export type MediaKindWire = 'audio' | 'video';

/** The header extensions mediasoup's routers offer (mediasoup-client knows each of them). */
export type HeaderExtensionUriWire =
  | 'urn:ietf:params:rtp-hdrext:sdes:mid'
  | 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id'
  | 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id'
  | 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'
  | 'urn:3gpp:video-orientation'
  | 'urn:ietf:params:rtp-hdrext:toffset'
  | 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay'
  | 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension';

/** The router's capabilities: what a Device is loaded with. */
export type RouterRtpCapabilitiesWire = {
  codecs?: {
    kind: MediaKindWire;
    mimeType: string;
    preferredPayloadType: number;
    clockRate: number;
    channels?: number;
    parameters?: Record<string, unknown>;
    rtcpFeedback?: { type: string; parameter?: string }[];
  }[];
  headerExtensions?: {
    kind: MediaKindWire;
    uri: HeaderExtensionUriWire;
    preferredId: number;
    preferredEncrypt?: boolean;
    direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  }[];
};

export type IceParametersWire = { usernameFragment: string; password: string; iceLite?: boolean };
export type IceCandidateWire = {
  foundation: string;
  priority: number;
  /** the same as address (older clients read this name) */
  ip: string;
  address: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  tcpType?: 'active' | 'passive' | 'so';
};
export type DtlsParametersWire = {
  role?: 'auto' | 'client' | 'server';
  fingerprints: { algorithm: 'sha-1' | 'sha-224' | 'sha-256' | 'sha-384' | 'sha-512'; value: string }[];
};
/** A WebRTC transport the browser creates its side of. */
export type TransportParamsWire = { id: string; iceParameters: IceParametersWire; iceCandidates: IceCandidateWire[]; dtlsParameters: DtlsParametersWire };

/** What each media request answers besides `ok: true`. */
export type MediaReplies = {
  'media:capabilities': { rtpCapabilities: RouterRtpCapabilitiesWire };
  'media:createTransport': { transport: TransportParamsWire };
  'media:connect': object;
  'media:produce': { producerId: string };
  'media:closeProducer': object;
  'media:privateCheck': object;
  'media:consume': object;
  'media:resume': object;
  'media:setVisibleTiles': object;
  'media:restartIce': { iceParameters: IceParametersWire };
};

/** A request's payload as a browser sends it (defaults not yet applied). */
export type MediaRequestInput<N extends MediaRequestName> = z.input<(typeof MEDIA_REQUESTS)[N]>;

export type MediaClientToServerEvents = {
  [N in MediaRequestName]: (payload: MediaRequestInput<N>, ack: (ack: MediaAck<MediaReplies[N]>) => void) => void;
};

export type MediaServerToClientEvents = {
  /** MEDIA_PUSH_EVENT */
  'media:push': (push: MediaPush) => void;
};
