import { centralPoint, floorHolderPointIds, microphoneGivenTo, pointAudio, pointPresence, talliesByPoint } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { entryOf } from '../../../shared/meeting/buckets.js';
import type { HealthReport } from '../../../shared/media/health.js';
import { healthOf, linkNumbers, linkVerdict, type LinkNumbers, type LinkVerdict } from '../common/linkHealth.js';

// Everything one tile of the chair's wall shows about a point, gathered from the selectors and
// the SFU's health report in one pure step, so the wall's rules are tested without a browser.

/** 'noMedia': connected to the meeting, but the SFU measured no media from it (issue 12). */
export type PresenceState = 'online' | 'noMedia' | 'lost' | 'offline' | 'neverJoined';

export interface WallTile {
  pointId: string;
  name: string;
  central: boolean;
  presence: PresenceState;
  /** present + substitutes, of those invited at this point */
  attending: number;
  invited: number;
  /** headcount reported with readiness; null if not reported */
  headcount: number | null;
  muted: boolean;
  held: boolean;
  /** the point is in the conference, so it has a microphone to speak of (open or muted) */
  hasMicrophone: boolean;
  /** for 'noMedia': the SFU saw its transports connect (false: firewall or announced address) */
  transportConnected: boolean;
  talking: boolean;
  hasFloor: boolean;
  /** the chair opened this point's microphone for a moment, without a floor (R-MEDIA-9) */
  micGiven: boolean;
  spotlighted: boolean;
  link: LinkVerdict;
  numbers: LinkNumbers;
}

export function wallTiles(state: MeetingState, health: HealthReport | null, now: number): WallTile[] {
  const tallies = talliesByPoint(state);
  const central = centralPoint(state)?.id ?? null;
  const holders = new Set(floorHolderPointIds(state));
  return state.pointOrder.flatMap((pointId) => {
    const p = state.points[pointId];
    if (!p) return [];
    const presence = pointPresence(state, pointId, now);
    const audio = pointAudio(state, pointId);
    const tally = tallies[pointId];
    const h = healthOf(health, pointId);
    const state_: PresenceState = presence.online
      ? presence.signalLost
        ? 'lost'
        : h?.media === 'none'
          ? 'noMedia'
          : 'online'
      : presence.spans.length > 0
        ? 'offline'
        : 'neverJoined';
    return [
      {
        pointId,
        name: p.name,
        central: pointId === central,
        presence: state_,
        attending: tally?.attending ?? 0,
        invited: tally?.invited ?? 0,
        headcount: entryOf(state.readiness, pointId)?.headcount ?? null,
        muted: audio.muted,
        held: audio.heldBy !== undefined,
        hasMicrophone: presence.online,
        transportConnected: h?.transportConnected ?? false,
        talking: state.media.activeSpeakerPointId === pointId,
        hasFloor: holders.has(pointId),
        micGiven: microphoneGivenTo(state) === pointId,
        spotlighted: state.media.spotlightPointId === pointId,
        link: state_ === 'lost' ? 'poor' : linkVerdict(h),
        numbers: linkNumbers(h),
      },
    ];
  });
}
