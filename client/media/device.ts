import { Device, type types } from 'mediasoup-client';

/** A mediasoup-client Device loaded with the SFU router's capabilities. */
export async function loadDevice(routerRtpCapabilities: types.RtpCapabilities): Promise<Device> {
  const device = await Device.factory();
  await device.load({ routerRtpCapabilities });
  return device;
}
