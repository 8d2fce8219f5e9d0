import { hintsPreflight, joinHintFromToken } from '../joinHint.js';
import { tokenFromHash } from '../route.js';
import { environmentProblem, loadDeviceChoice, type DeviceChoice } from './checks.js';

// Opening a camera takes a few hundred milliseconds, most of it in the browser, not in this page.
// The page's first script (client/ui/earlyJoin.ts) calls openDevicesEarly, so for a point's link
// the camera and microphone are asked for before the rest of the app is evaluated and drawn; the
// pre-flight then takes that request instead of making its own. What the pre-flight shows does
// not change: it still shows the camera, the level and the link check, and "join" still waits for
// the camera.

type Early = { choice: DeviceChoice; stream: Promise<MediaStream> };
let early: Early | null = null;

export function deviceConstraints(choice: DeviceChoice): MediaStreamConstraints {
  return {
    video: choice.cameraId ? { deviceId: { exact: choice.cameraId } } : true,
    audio: choice.microphoneId ? { deviceId: { exact: choice.microphoneId } } : true,
  };
}

/** Starts opening the devices if the page is a point's join link; returns whether it did. */
export function openDevicesEarly(env: { hash: string; pathname: string; isSecureContext: boolean; mediaDevices: MediaDevices | undefined }): boolean {
  const token = tokenFromHash(env.hash);
  if (!token || !hintsPreflight(joinHintFromToken(token), env.pathname)) return false;
  const md = env.mediaDevices;
  if (environmentProblem({ isSecureContext: env.isSecureContext, hasGetUserMedia: typeof md?.getUserMedia === 'function' }) || !md) return false;
  const choice = loadDeviceChoice();
  const mine: Early = { choice, stream: md.getUserMedia(deviceConstraints(choice)) };
  early = mine;
  // A failure is the pre-flight's to report; nobody taking the stream (the welcome said
  // otherwise) must not leave the camera on.
  mine.stream.catch(() => {});
  setTimeout(() => {
    if (early !== mine) return;
    early = null;
    void mine.stream.then((s) => s.getTracks().forEach((t) => t.stop()), () => {});
  }, 15_000);
  return true;
}

/** The early request, if it was for this choice of devices; it can be taken once. */
export function takeEarlyDevices(choice: DeviceChoice): Promise<MediaStream> | null {
  if (!early || early.choice.cameraId !== choice.cameraId || early.choice.microphoneId !== choice.microphoneId) return null;
  const s = early.stream;
  early = null;
  return s;
}
