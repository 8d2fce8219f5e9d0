import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDevicesEarly, takeEarlyDevices } from './earlyDevices.js';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const link = (payload: object) => `#t=v1.${b64url(JSON.stringify(payload))}.c2ln`;
const POINT = link({ c: 'ca-mau-2021', r: 'point', p: 'cm-u-minh', l: 'l1', x: 2e9 });
const CHAIR = link({ c: 'ca-mau-2021', r: 'chair', l: 'l2', x: 2e9 });
const NO_CHOICE = { cameraId: null, microphoneId: null };

function fakeDevices() {
  const stopped: string[] = [];
  const stream = { getTracks: () => [{ stop: () => stopped.push('camera') }, { stop: () => stopped.push('microphone') }] } as unknown as MediaStream;
  const getUserMedia = vi.fn(async (_c: MediaStreamConstraints) => stream);
  return { md: { getUserMedia } as unknown as MediaDevices, getUserMedia, stream, stopped };
}

afterEach(() => {
  takeEarlyDevices(NO_CHOICE);
  vi.useRealTimers();
});

describe('devices opened early for a point link', () => {
  it('a point link asks for camera and microphone at once; the pre-flight takes that request once', async () => {
    const f = fakeDevices();
    expect(openDevicesEarly({ hash: POINT, pathname: '/join', isSecureContext: true, mediaDevices: f.md })).toBe(true);
    expect(f.getUserMedia).toHaveBeenCalledWith({ video: true, audio: true });
    expect(takeEarlyDevices({ cameraId: 'other-camera', microphoneId: null })).toBeNull();
    await expect(takeEarlyDevices(NO_CHOICE)).resolves.toBe(f.stream);
    expect(takeEarlyDevices(NO_CHOICE)).toBeNull();
  });

  it('not for a chair link, the program screen, or an insecure page', () => {
    const f = fakeDevices();
    expect(openDevicesEarly({ hash: CHAIR, pathname: '/', isSecureContext: true, mediaDevices: f.md })).toBe(false);
    expect(openDevicesEarly({ hash: POINT, pathname: '/program', isSecureContext: true, mediaDevices: f.md })).toBe(false);
    expect(openDevicesEarly({ hash: POINT, pathname: '/join', isSecureContext: false, mediaDevices: f.md })).toBe(false);
    expect(openDevicesEarly({ hash: '#t=junk', pathname: '/join', isSecureContext: true, mediaDevices: f.md })).toBe(false);
    expect(f.getUserMedia).not.toHaveBeenCalled();
  });

  it('a request nobody takes (the welcome said otherwise) is closed after 15 s', async () => {
    vi.useFakeTimers();
    const f = fakeDevices();
    openDevicesEarly({ hash: POINT, pathname: '/join', isSecureContext: true, mediaDevices: f.md });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(f.stopped).toEqual(['camera', 'microphone']);
    expect(takeEarlyDevices(NO_CHOICE)).toBeNull();
  });
});
