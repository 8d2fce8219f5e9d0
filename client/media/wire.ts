import type { types } from 'mediasoup-client';
import type { MediaRequestInput } from '../../shared/protocol/media-events.js';
import { plainCodec } from '../../shared/protocol/media-codes.js';
import type { RtpParametersWire } from '../../shared/protocol/media.js';

// mediasoup-client's parameter objects and the shapes the signalling carries differ in two ways
// the types notice: codec parameters go out as plain values only (the server refuses nested
// ones), and a pushed consumer's header extensions must be ones mediasoup-client knows. These
// conversions check instead of casting.


/** The device's capabilities as `media:consume` carries them. */
export function capabilitiesForServer(capabilities: types.RtpCapabilities): MediaRequestInput<'media:consume'>['rtpCapabilities'] {
  const { codecs, ...rest } = capabilities;
  return { ...rest, ...(codecs ? { codecs: codecs.map(plainCodec) } : {}) };
}

/** A producer's parameters as `media:produce` carries them. */
export function producerParametersForServer(rtp: types.RtpParameters): MediaRequestInput<'media:produce'>['rtpParameters'] {
  return { ...rtp, codecs: rtp.codecs.map(plainCodec) };
}

const KNOWN_EXTENSIONS: readonly types.RtpHeaderExtensionUri[] = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
  'urn:3gpp:video-orientation',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'urn:ietf:params:rtp-hdrext:toffset',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'urn:mediasoup:params:rtp-hdrext:packet-id',
];
const isKnownExtension = (uri: string): uri is types.RtpHeaderExtensionUri => KNOWN_EXTENSIONS.some((known) => known === uri);

/** A pushed consumer's parameters for recv.consume(): extensions mediasoup-client cannot name are left out. */
export function consumerRtpParameters(wire: RtpParametersWire): types.RtpParameters {
  const { headerExtensions, ...rest } = wire;
  const known = (headerExtensions ?? []).flatMap(({ uri, id, ...ext }) => (isKnownExtension(uri) && id !== undefined ? [{ ...ext, uri, id }] : []));
  return { ...rest, headerExtensions: known };
}
