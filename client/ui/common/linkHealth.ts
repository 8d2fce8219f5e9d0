import type { HealthReport, PointHealth } from '../../../shared/media/health.js';

// A point's link health as one colour and a line of numbers, from the SFU's report. The
// thresholds are what a video call stays usable at: under 150 ms and 2 % loss nobody notices,
// past 400 ms or 8 % speech breaks up. A link is judged only on media that actually flows: a
// connection that carries no packets is 'none' (issue 12: it used to read "good, 0 ms, 0 %").

export type LinkVerdict = 'good' | 'fair' | 'poor' | 'unknown' | 'none';

export function linkVerdict(h: PointHealth | undefined): LinkVerdict {
  if (!h) return 'unknown';
  if (h.lost || !h.connected) return 'poor';
  if (h.media === 'none') return 'none';
  if (h.media === 'waiting') return 'unknown';
  const loss = Math.max(h.uplinkLossPercent ?? 0, h.downlinkLossPercent ?? 0);
  if (h.rttMs === null && h.uplinkLossPercent === null && h.downlinkLossPercent === null) return 'unknown';
  const rtt = h.rttMs ?? 0;
  if (rtt < 150 && loss < 2) return 'good';
  if (rtt < 400 && loss < 8) return 'fair';
  return 'poor';
}

export interface LinkNumbers {
  rtt: string;
  loss: string;
  bitrate: string;
}

export function linkNumbers(h: PointHealth | undefined): LinkNumbers {
  // Round trip and loss of a link that carries nothing are no measurement: shown as unknown.
  const measured = h?.media === 'flowing';
  const loss = h && measured ? Math.max(h.uplinkLossPercent ?? -1, h.downlinkLossPercent ?? -1) : -1;
  return {
    rtt: measured && h?.rttMs != null ? `${Math.round(h.rttMs)} ms` : '—',
    loss: loss >= 0 ? `${loss.toFixed(1)} %` : '—',
    bitrate: h ? `${Math.round((h.sendBitrate + h.recvBitrate) / 1000)} kbit/s` : '—',
  };
}

export function healthOf(report: HealthReport | null, pointId: string): PointHealth | undefined {
  return report?.points.find((p) => p.pointId === pointId);
}
