import { Counter, Gauge, type Registry } from 'prom-client';
import type { HealthReport, PointHealth } from '../../shared/media/health.js';
import type { MediaCounts, MediaService } from '../media/media-service.js';
import type { Metrics } from './nodeMetrics.js';

// The SFU's numbers. Nothing here polls mediasoup on its own: counts come from the service's maps
// at scrape time, bitrates and loss from the link-health samples the service already takes for the
// chair's console (one per conference per healthIntervalMs), and each worker's CPU and memory from
// one getResourceUsage request per worker per scrape. Per node for anyone; per conference and point
// only in the detail registry.

/** A point counts as lossy above this fraction of packets lost (5 %: video visibly breaks up). */
export const LOSSY_RATIO = 0.05;
/** A conference's last sample is dropped when older than this many sample intervals (its media ended). */
const STALE_INTERVALS = 3;

export function watchMedia(metrics: Metrics, media: MediaService): void {
  const reports = new Map<string, HealthReport>();
  media.on('health', (report) => reports.set(report.conferenceId, report));
  const fresh = (): HealthReport[] => {
    const oldest = Date.now() - STALE_INTERVALS * media.tuning.healthIntervalMs;
    for (const [id, report] of reports) if (report.at < oldest) reports.delete(id);
    return [...reports.values()];
  };
  const sampledPoints = () => fresh().flatMap((r) => r.points.map((p) => ({ conference: r.conferenceId, point: p })));
  workerMetrics(metrics.aggregate, media);
  countMetrics(metrics.aggregate, media);
  linkMetrics(metrics.aggregate, sampledPoints);
  pointMetrics(metrics.detail, sampledPoints);
}

function workerMetrics(registry: Registry, media: MediaService): void {
  const registers = [registry];
  const pool = media.pool;
  new Gauge({
    name: 'hoinghi_media_workers',
    help: 'mediasoup workers of this node, by state (alive, dead: being replaced).',
    labelNames: ['state'],
    registers,
    collect() {
      const alive = pool.slots.filter((s) => s.alive).length;
      this.set({ state: 'alive' }, alive);
      this.set({ state: 'dead' }, pool.slots.length - alive);
    },
  });
  const deaths = new Counter({ name: 'hoinghi_media_worker_deaths_total', help: 'mediasoup workers that died (crash, kill, out of memory) since start.', registers });
  pool.on('died', () => deaths.inc());
  // Read once per scrape, shared by the two families below.
  let usage: Promise<{ index: number; cpuUser: number; cpuSystem: number; maxRssBytes: number }[]> | undefined;
  const readUsage = () =>
    (usage ??= Promise.all(
      pool.workers.map(async ({ index, worker }) => {
        const u = await worker.getResourceUsage();
        // ru_utime and ru_stime are in ms, ru_maxrss in KiB (getrusage(2) on Linux).
        return { index, cpuUser: u.ru_utime / 1000, cpuSystem: u.ru_stime / 1000, maxRssBytes: u.ru_maxrss * 1024 };
      }),
    )
      .catch(() => [])
      .finally(() => setTimeout(() => (usage = undefined), 0)));
  new Counter({
    name: 'hoinghi_media_worker_cpu_seconds_total',
    help: 'CPU time of each live mediasoup worker process, by mode (user, system); restarts at 0 when a worker is replaced.',
    labelNames: ['worker', 'mode'],
    registers,
    async collect() {
      this.reset();
      for (const u of await readUsage()) {
        this.inc({ worker: String(u.index), mode: 'user' }, u.cpuUser);
        this.inc({ worker: String(u.index), mode: 'system' }, u.cpuSystem);
      }
    },
  });
  new Gauge({
    name: 'hoinghi_media_worker_max_rss_bytes',
    help: 'Peak resident memory of each live mediasoup worker process.',
    labelNames: ['worker'],
    registers,
    async collect() {
      this.reset();
      for (const u of await readUsage()) this.set({ worker: String(u.index) }, u.maxRssBytes);
    },
  });
}

function countMetrics(registry: Registry, media: MediaService): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, c: MediaCounts) => void) =>
    scrapedGauge(registry, name, help, labelNames, (g) => fill(g, media.counts()));
  gauge('hoinghi_media_conferences', 'Conferences with media sessions on this node.', [], (g, c) => g.set(c.conferences));
  gauge('hoinghi_media_sessions', 'Media sessions (one per connected console or plain RTP point).', [], (g, c) => g.set(c.sessions));
  gauge('hoinghi_media_transports', 'Open mediasoup transports, by direction (send: from a point, recv: to a console).', ['direction'], (g, c) => {
    for (const direction of ['send', 'recv'] as const) g.set({ direction }, c.transports[direction]);
  });
  gauge('hoinghi_media_producers', 'Streams received from points, by kind.', ['kind'], (g, c) => {
    for (const kind of ['audio', 'video'] as const) g.set({ kind }, c.producers[kind]);
  });
  gauge('hoinghi_media_consumers', 'Streams sent to consoles, by kind and state (forwarding, paused by the plan or the floor).', ['kind', 'state'], (g, c) => {
    for (const kind of ['audio', 'video'] as const) {
      g.set({ kind, state: 'forwarding' }, c.consumers[kind].forwarding);
      g.set({ kind, state: 'paused' }, c.consumers[kind].paused);
    }
  });
}

type Sampled = { conference: string; point: PointHealth };
const ratio = (percent: number | null) => (percent === null ? null : percent / 100);

function linkMetrics(registry: Registry, points: () => Sampled[]): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, sampled: Sampled[]) => void) =>
    scrapedGauge(registry, name, help, labelNames, (g) => fill(g, points()));
  gauge('hoinghi_media_points', 'Connected points by media flow in the last link-health sample (flowing, waiting, none).', ['flow'], (g, sampled) => {
    for (const flow of ['flowing', 'waiting', 'none'] as const) g.set({ flow }, sampled.filter((s) => s.point.connected && s.point.media === flow).length);
  });
  gauge('hoinghi_media_points_signal_lost', 'Points whose signal is lost (they had sent media and it stopped, or they left).', [], (g, sampled) => g.set(sampled.filter((s) => s.point.lost).length));
  gauge('hoinghi_media_bitrate_bps', 'Media bitrate through this node, by direction (ingress: from the points, egress: to the consoles), bits per second.', ['direction'], (g, sampled) => {
    g.set({ direction: 'ingress' }, sum(sampled.map((s) => s.point.sendBitrate)));
    g.set({ direction: 'egress' }, sum(sampled.map((s) => s.point.recvBitrate)));
  });
  gauge('hoinghi_media_loss_ratio_max', 'Worst packet loss of any point, by direction (uplink: point to SFU, downlink: SFU to point), as a fraction.', ['direction'], (g, sampled) => {
    g.set({ direction: 'uplink' }, Math.max(0, ...sampled.map((s) => ratio(s.point.uplinkLossPercent) ?? 0)));
    g.set({ direction: 'downlink' }, Math.max(0, ...sampled.map((s) => ratio(s.point.downlinkLossPercent) ?? 0)));
  });
  gauge('hoinghi_media_points_lossy', `Points losing more than ${LOSSY_RATIO * 100} % of packets, by direction.`, ['direction'], (g, sampled) => {
    g.set({ direction: 'uplink' }, sampled.filter((s) => (ratio(s.point.uplinkLossPercent) ?? 0) > LOSSY_RATIO).length);
    g.set({ direction: 'downlink' }, sampled.filter((s) => (ratio(s.point.downlinkLossPercent) ?? 0) > LOSSY_RATIO).length);
  });
}

/** Per point, labelled by conference and point id (ids only: never a title or a name). Authenticated scrape only. */
function pointMetrics(registry: Registry, points: () => Sampled[]): void {
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: Sampled) => void) =>
    scrapedGauge(registry, name, help, ['conference', 'point', ...labelNames], (g) => {
      for (const s of points()) fill(g, s);
    });
  const at = (s: Sampled) => ({ conference: s.conference, point: s.point.pointId });
  gauge('hoinghi_point_bitrate_bps', "One point's media bitrate, by direction (uplink: it sends, downlink: it receives), bits per second.", ['direction'], (g, s) => {
    g.set({ ...at(s), direction: 'uplink' }, s.point.sendBitrate);
    g.set({ ...at(s), direction: 'downlink' }, s.point.recvBitrate);
  });
  gauge('hoinghi_point_loss_ratio', "One point's packet loss, by direction, as a fraction (absent until measured).", ['direction'], (g, s) => {
    const up = ratio(s.point.uplinkLossPercent);
    const down = ratio(s.point.downlinkLossPercent);
    if (up !== null) g.set({ ...at(s), direction: 'uplink' }, up);
    if (down !== null) g.set({ ...at(s), direction: 'downlink' }, down);
  });
  gauge('hoinghi_point_rtt_seconds', 'Round-trip time between the SFU and one point, from RTCP (absent until measured).', [], (g, s) => {
    if (s.point.rttMs !== null) g.set(at(s), s.point.rttMs / 1000);
  });
  gauge('hoinghi_point_media_flowing', '1 when media from this point reached the SFU in the last seconds.', [], (g, s) => g.set(at(s), s.point.media === 'flowing' ? 1 : 0));
  gauge('hoinghi_point_signal_lost', '1 when this point had sent media and it stopped.', [], (g, s) => g.set(at(s), s.point.lost ? 1 : 0));
}

/** A gauge rebuilt from nothing at each scrape: a series whose conference, point or worker is gone disappears. */
function scrapedGauge(registry: Registry, name: string, help: string, labelNames: string[], fill: (g: Gauge) => void): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      fill(this);
    },
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
