import type { EventOf } from '../protocol/index.js';
import { eventNotHandled, type Draft } from './records.js';
import type { MeetingState } from './state.js';

// Reducers of the organiser's events (issue #13): the order of points and the line test's
// records (pre-flight results, calls to a point, first openings of links).

export const ORGANISER_EVENT_TYPES = ['pointsReordered', 'pointCalled', 'pointCallAcknowledged', 'preflightReported', 'linkOpened'] as const;
export type OrganiserEvent = EventOf<(typeof ORGANISER_EVENT_TYPES)[number]>;

export function evolveOrganiser(w: Draft, s: MeetingState, e: OrganiserEvent): void {
  switch (e.type) {
    case 'pointsReordered':
      s.pointOrder = [...e.pointIds];
      return;
    case 'pointCalled':
      w.put(w.field(s, 'lineTest'), 'calls', e.pointId, { message: e.message, at: e.at, by: e.by, acknowledgedAt: null });
      return;
    case 'pointCallAcknowledged': {
      const call = s.lineTest.calls[e.pointId];
      if (call) w.put(w.field(s, 'lineTest'), 'calls', e.pointId, { ...call, acknowledgedAt: e.at });
      return;
    }
    case 'preflightReported':
      w.bucketPut(w.field(s, 'lineTest'), 'preflight', e.pointId, { camera: e.camera, microphone: e.microphone, network: e.network, at: e.at });
      return;
    case 'linkOpened':
      w.bucketPut(w.field(s, 'lineTest'), 'linkOpens', e.linkId, { role: e.role, pointId: e.pointId, at: e.at });
      return;
    default:
      eventNotHandled(e);
  }
}
