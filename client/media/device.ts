import { Device } from 'mediasoup-client';
import { request, type SignallingSocket } from './signalling.js';

/** A mediasoup-client Device loaded with the SFU router's capabilities. */
export async function loadDevice(socket: SignallingSocket): Promise<Device> {
  const { rtpCapabilities } = await request(socket, 'media:capabilities', {});
  const device = await Device.factory();
  await device.load({ routerRtpCapabilities: rtpCapabilities });
  return device;
}
