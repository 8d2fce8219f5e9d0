import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFF_TICKS } from '../../server/media/link-health.js';
import { DEFAULT_TUNING } from '../../server/media/media-config.js';
import type { MediaService } from '../../server/media/media-service.js';
import type { HealthReport } from '../../shared/media/health.js';
import { startMedia, waitFor } from './helpers.js';
import { syntheticPoint, type SyntheticPoint } from './synthetic-point.js';

// Link-health sampling backs off steady points (issue 18): their receive, producer and consumer
// stats are read every BACKOFF_TICKS-th tick, the send transport every tick. What it must keep:
// the reports still carry measured figures, and a point whose uplink starts losing packets is
// reported with that loss within the bound docs/MEDIA.md states. Real worker, ffmpeg points, the
// default tick (1 s).

const CONF = 'ca-mau-2021';
const IDS = ['ubnd-tinh', 'thoi-binh', 'u-minh'];
const TICK_MS = DEFAULT_TUNING.healthIntervalMs;
/** docs/MEDIA.md: BACKOFF_TICKS ticks, plus the worker's next receiver report to the point (≤ ~1.5 s for video). */
const DEGRADED_WITHIN_MS = BACKOFF_TICKS * TICK_MS + 1500;
/** Each detailed read of a point is three requests (receive transport, producer, consumer), plus its send transport. */
const DETAIL_REQUESTS = 3;

let media: MediaService;
const points: SyntheticPoint[] = [];
const reports: { at: number; report: HealthReport }[] = [];

beforeAll(async () => {
  media = await startMedia();
  media.on('health', (report) => reports.push({ at: Date.now(), report }));
  media.setPolicy(CONF, { mode: 'presiding', centralPointId: IDS[0]!, floorHolders: [], spotlight: null, pointOrder: IDS, audiblePoints: [IDS[0]!] });
  for (const pointId of IDS) {
    const p = await syntheticPoint(media, { conferenceId: CONF, pointId });
    await p.startSending();
    points.push(p);
  }
}, 30_000);

afterAll(async () => {
  for (const p of points) await p.close();
  media?.close();
});

describe('link-health sampling backs off steady points and still measures', () => {
  it('reads a steady point’s detailed stats once every BACKOFF_TICKS ticks, and its reports stay measured', async () => {
    await waitFor('every point steady and backed off', () => media.healthSampling(CONF)!.backedOff.length === IDS.length, 20_000);
    const before = media.healthSampling(CONF)!;
    const from = reports.length;
    await waitFor('ten more ticks', () => media.healthSampling(CONF)!.ticks >= before.ticks + 10, 20_000);
    const after = media.healthSampling(CONF)!;
    const ticks = after.ticks - before.ticks;
    const perTick = (after.requests - before.requests) / ticks;
    // Full reads would be IDS.length × (1 + 3) = 12 a tick; backed off, 3 + 9 / 5 = 4.8.
    expect(perTick).toBeLessThanOrEqual(IDS.length * (1 + DETAIL_REQUESTS / BACKOFF_TICKS) + 0.5);
    expect(perTick).toBeGreaterThanOrEqual(IDS.length);
    for (const { report } of reports.slice(from)) {
      for (const h of report.points) {
        expect(h.media).toBe('flowing');
        expect(h.sendBitrate).toBeGreaterThan(0);
        expect(h.recvBitrate).toBeGreaterThan(0);
        expect(h.uplinkLossPercent).not.toBeNull();
      }
    }
  }, 60_000);

  it(`reports a steady point whose packets start dropping as lossy within ${DEGRADED_WITHIN_MS} ms, and reads it at full rate while it is`, async () => {
    const lossy = points[1]!;
    await waitFor('the point backed off', () => media.healthSampling(CONF)!.backedOff.includes(lossy.pointId!), 20_000);
    const t0 = Date.now();
    lossy.dropVideo(5); // 20 % of its video packets
    // The first window after t0 may straddle it (part lossless, a few percent): the point counts as
    // reported once a window shows the loss it now has (~20 %), and that must come within the bound.
    const seen = await waitFor(
      'loss reported',
      () => reports.find(({ at, report }) => at >= t0 && (report.points.find((h) => h.pointId === lossy.pointId)?.uplinkLossPercent ?? 0) > 10),
      DEGRADED_WITHIN_MS + 5000,
      20,
    );
    const elapsed = seen.at - t0;
    expect(elapsed).toBeLessThanOrEqual(DEGRADED_WITHIN_MS);
    const h = seen.report.points.find((p) => p.pointId === lossy.pointId)!;
    expect(h.uplinkLossPercent).toBeGreaterThan(10);
    expect(h.uplinkLossPercent).toBeLessThan(30);
    expect(media.healthSampling(CONF)!.backedOff).not.toContain(lossy.pointId);
    lossy.dropVideo(0);
  }, 60_000);
});
