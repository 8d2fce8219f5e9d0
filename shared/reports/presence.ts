import type { Id, MeetingEvent } from '../protocol/index.js';
import { PRESENCE_LABELS } from './labels.js';
import { formatTime } from './time.js';

// A point's connection history as the archive wants it: every join, signal loss, restoration and
// departure with its time, and the total time connected. The meeting state keeps only the current
// signal flag, so the history is read from the events themselves.

export type PresenceChange = keyof typeof PRESENCE_LABELS;

export interface PresenceMoment {
  kind: PresenceChange;
  label: string;
  at: number;
  time: string;
}

export interface PointPresenceHistory {
  moments: PresenceMoment[];
  /** Sum of the stretches between joining and leaving; an open stretch counts up to `asOf`. */
  connectedMs: number;
  /** Sum of the stretches with the signal lost while connected. */
  signalLostMs: number;
  /** Connected at `asOf`. */
  onlineAtEnd: boolean;
}

const KIND_OF: Partial<Record<MeetingEvent['type'], PresenceChange>> = {
  pointWentOnline: 'joined',
  pointSignalLost: 'lost',
  pointSignalRestored: 'restored',
  pointWentOffline: 'left',
};

interface Running {
  moments: PresenceMoment[];
  connectedMs: number;
  signalLostMs: number;
  onlineSince: number | null;
  lostSince: number | null;
}

export function presenceHistories(events: readonly MeetingEvent[], asOf: number): Map<Id, PointPresenceHistory> {
  const runs = new Map<Id, Running>();
  for (const e of events) {
    const kind = KIND_OF[e.type];
    if (!kind || !('pointId' in e) || typeof e.pointId !== 'string') continue;
    let r = runs.get(e.pointId);
    if (!r) runs.set(e.pointId, (r = { moments: [], connectedMs: 0, signalLostMs: 0, onlineSince: null, lostSince: null }));
    r.moments.push({ kind, label: PRESENCE_LABELS[kind], at: e.at, time: formatTime(e.at) });
    if (kind === 'joined') r.onlineSince ??= e.at;
    if (kind === 'lost') r.lostSince ??= e.at;
    // Leaving ends a signal loss too: the point is gone, not "connected without signal".
    if ((kind === 'restored' || kind === 'left') && r.lostSince !== null) {
      r.signalLostMs += Math.max(0, e.at - r.lostSince);
      r.lostSince = null;
    }
    if (kind === 'left' && r.onlineSince !== null) {
      r.connectedMs += Math.max(0, e.at - r.onlineSince);
      r.onlineSince = null;
    }
  }
  const out = new Map<Id, PointPresenceHistory>();
  for (const [pointId, r] of runs) {
    const openConnected = r.onlineSince === null ? 0 : Math.max(0, asOf - r.onlineSince);
    const openLost = r.lostSince === null ? 0 : Math.max(0, asOf - r.lostSince);
    out.set(pointId, {
      moments: r.moments,
      connectedMs: r.connectedMs + openConnected,
      signalLostMs: r.signalLostMs + openLost,
      onlineAtEnd: r.onlineSince !== null,
    });
  }
  return out;
}

export const emptyPresence = (): PointPresenceHistory => ({ moments: [], connectedMs: 0, signalLostMs: 0, onlineAtEnd: false });
