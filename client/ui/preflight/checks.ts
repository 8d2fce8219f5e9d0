// The pre-flight checks, as pure functions: what the browser allows, what a getUserMedia failure
// means for the person in front of it, how loud the microphone is, how good the link is.

export type EnvironmentProblem = 'insecure' | 'unsupported' | null;

export function environmentProblem(env: { isSecureContext: boolean; hasGetUserMedia: boolean }): EnvironmentProblem {
  // Browsers hide navigator.mediaDevices outside a secure context: say the real cause first.
  if (!env.isSecureContext) return 'insecure';
  if (!env.hasGetUserMedia) return 'unsupported';
  return null;
}

export type DeviceProblem = 'blocked' | 'notFound' | 'inUse' | 'other';

/** getUserMedia's DOMException names, as Chromium and Firefox raise them. */
export function deviceProblem(error: unknown): DeviceProblem {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'blocked';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'inUse';
    default:
      return 'other';
  }
}

/**
 * Microphone level 0..1 from one analyser frame (samples in −1..1): RMS on a decibel scale from
 * −60 dB (silence) to 0 dB, which is how loudness is heard, so normal speech fills half the bar.
 */
export function levelOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export type NetworkVerdict = 'good' | 'fair' | 'poor';

/** The median of the round trips (one slow sample is not the link), and what it means for a call. */
export function networkVerdict(roundTripsMs: readonly number[]): { rttMs: number; verdict: NetworkVerdict } | null {
  const ok = roundTripsMs.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  if (ok.length === 0) return null;
  const mid = Math.floor(ok.length / 2);
  const rttMs = Math.round(ok.length % 2 ? (ok[mid] as number) : ((ok[mid - 1] as number) + (ok[mid] as number)) / 2);
  return { rttMs, verdict: rttMs < 150 ? 'good' : rttMs < 400 ? 'fair' : 'poor' };
}

/** Round trips to the server: small uncached requests to the page's own origin. */
export async function measureRoundTrips(url: string, count = 5, fetchFn: typeof fetch = fetch, now: () => number = () => performance.now()): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    try {
      const res = await fetchFn(url, { method: 'HEAD', cache: 'no-store' });
      if (res.ok || res.status < 500) out.push(now() - start);
    } catch {
      // An unreachable server leaves the list short; none at all means "cannot reach".
    }
  }
  return out;
}

export interface DeviceChoice {
  cameraId: string | null;
  microphoneId: string | null;
}

const KEY = 'hoinghi.devices';

export function loadDeviceChoice(): DeviceChoice {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<DeviceChoice> | null;
    return {
      cameraId: typeof raw?.cameraId === 'string' ? raw.cameraId : null,
      microphoneId: typeof raw?.microphoneId === 'string' ? raw.microphoneId : null,
    };
  } catch {
    return { cameraId: null, microphoneId: null };
  }
}

export function saveDeviceChoice(choice: DeviceChoice): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Without storage the choice lasts for this page.
  }
}

/** What the pre-flight found, as the point reports it (reportPreflight; the organiser's line test). */
export interface PreflightReport {
  camera: 'ok' | DeviceProblem;
  microphone: 'ok' | DeviceProblem;
  network: { verdict: NetworkVerdict; rttMs: number } | null;
}

/**
 * A device is 'ok' when its track was opened; otherwise the reason the browser gave (none given:
 * not found). The network: the measured verdict; unreachable (or still measuring) is null.
 */
export function preflightReport(found: { camera: boolean; microphone: boolean; problem: DeviceProblem | null; network: { verdict: NetworkVerdict; rttMs: number } | 'checking' | 'failed' }): PreflightReport {
  const missing = found.problem ?? 'notFound';
  return {
    camera: found.camera ? 'ok' : missing,
    microphone: found.microphone ? 'ok' : missing,
    network: typeof found.network === 'object' ? found.network : null,
  };
}
