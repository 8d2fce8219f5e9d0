import { createLogger } from '../../server/log/logger.js';
import type { Config } from '../../server/config/config.js';
import { MediaService } from '../../server/media/media-service.js';
import type { MediaTuning } from '../../server/media/media-config.js';

export function testRtc(over: Partial<Config['rtc']> = {}): Config['rtc'] {
  return { listenIp: '127.0.0.1', announcedAddress: undefined, port: 0, minPort: 40_000, maxPort: 49_999, workers: 1, tcp: false, ...over };
}

export async function startMedia(rtc: Partial<Config['rtc']> = {}, tuning: Partial<MediaTuning> = {}): Promise<MediaService> {
  return MediaService.start({ rtc: testRtc(rtc), logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), tuning });
}

/** Polls until check() returns a truthy value or the time runs out (then throws with the label). */
export async function waitFor<T>(label: string, check: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 100): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
