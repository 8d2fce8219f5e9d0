import { Device, type types } from 'mediasoup-client';

/**
 * A mediasoup-client Device loaded with the SFU router's capabilities. `made` may be started
 * before those arrive (the browser's handler is detected meanwhile, not after the answer).
 */
export async function loadDevice(routerRtpCapabilities: types.RtpCapabilities, made: Promise<Device> = Device.factory()): Promise<Device> {
  const device = await made;
  await device.load({ routerRtpCapabilities });
  return device;
}
