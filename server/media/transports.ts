import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';
import type { TransportDirection } from '../../shared/protocol/media.js';
import { mediaError } from './errors.js';
import type { MediaTuning } from './media-config.js';
import type { AnyTransport, MediaSession } from './media-session.js';
import type { RouterSlot } from './router-slot.js';

/** A plain RTP transport (synthetic points, benchmarks, hardware encoders); SRTP when a crypto suite is given. */
export type PlainOptions = { listenIp: string; srtpCryptoSuite?: types.SrtpCryptoSuite };

export type TransportParams =
  | { id: string; type: 'webrtc'; iceParameters: types.IceParameters; iceCandidates: types.IceCandidate[]; dtlsParameters: types.DtlsParameters }
  | { id: string; type: 'plain'; ip: string; port: number; srtpParameters?: types.SrtpParameters };

export type ConnectParams = { dtlsParameters?: unknown; ip?: string; port?: number; srtpParameters?: types.SrtpParameters };

/** A session's send or receive transport on `slot`'s router (WebRTC, or plain RTP); it replaces the session's old one. */
export async function createTransport(
  slot: RouterSlot,
  session: MediaSession,
  direction: TransportDirection,
  opts: { rtc: Config['rtc']; tuning: MediaTuning; plain: PlainOptions | undefined },
): Promise<TransportParams> {
  const { plain } = opts;
  const old = direction === 'send' ? session.send : session.recv;
  if (old && !old.closed) old.close();
  const appData = { sessionId: session.info.sessionId, direction };
  let transport: AnyTransport;
  if (plain) {
    transport = await slot.router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: plain.listenIp },
      rtcpMux: true,
      comedia: direction === 'send',
      ...(plain.srtpCryptoSuite ? { enableSrtp: true, srtpCryptoSuite: plain.srtpCryptoSuite } : {}),
      appData,
    });
  } else {
    transport = await slot.router.createWebRtcTransport({
      webRtcServer: slot.worker.webRtcServer,
      enableUdp: true,
      enableTcp: opts.rtc.tcp,
      preferUdp: true,
      initialAvailableOutgoingBitrate: opts.tuning.initialOutgoingBitrate,
      appData,
    });
  }
  if (direction === 'send') {
    session.send = transport;
    session.sendSlot = slot;
    session.sendBitrate = 0;
    session.lastRtpBytesIn = 0;
  } else {
    session.recv = transport;
    session.recvSlot = slot;
    session.consumers.clear();
    session.lastPlan = '';
  }
  if (transport.type === 'plain') {
    const tuple = transport.tuple;
    const srtp = transport.srtpParameters ? { srtpParameters: transport.srtpParameters } : {};
    return { id: transport.id, type: 'plain', ip: tuple.localAddress ?? tuple.localIp, port: tuple.localPort, ...srtp };
  }
  const t = transport as types.WebRtcTransport;
  return { id: t.id, type: 'webrtc', iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
}

export async function connectTransport(session: MediaSession, transportId: string, params: ConnectParams): Promise<void> {
  const transport = session.transport(transportId);
  if (!transport) throw mediaError('TRANSPORT_NOT_FOUND');
  if (transport.type === 'plain') await transport.connect({ ip: params.ip, port: params.port, ...(params.srtpParameters ? { srtpParameters: params.srtpParameters } : {}) });
  else await (transport as types.WebRtcTransport).connect({ dtlsParameters: params.dtlsParameters as types.DtlsParameters });
}

export async function restartIce(session: MediaSession, transportId: string): Promise<types.IceParameters> {
  const transport = session.transport(transportId);
  if (!transport || transport.type !== 'webrtc') throw mediaError('TRANSPORT_NOT_FOUND');
  return (transport as types.WebRtcTransport).restartIce();
}
