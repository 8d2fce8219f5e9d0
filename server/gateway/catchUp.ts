import type { MeetingEvent } from '../../shared/protocol/index.js';
import { CATCH_UP_PAGE_SIZE, type CatchUpPage } from '../../shared/protocol/socket.js';
import type { ProjectedEvents } from '../rooms/readView.js';
import type { EventStore } from '../store/EventStore.js';

// The catch-up rule: a client that (re)connects with its last seq gets exactly the events after
// it, in order, before any live event. The caller runs this inside the room's serial queue, so
// the head cannot move while the pages go out and the first live broadcast follows the last page.
// A client ahead of the server (the server lost its data, or it is another server) is told to
// reset and gets the whole log from the start.

export interface CatchUpPlan {
  readonly reset: boolean;
  readonly fromSeq: number;
  readonly headSeq: number;
}

export function planCatchUp(clientSeq: number | undefined, headSeq: number): CatchUpPlan {
  const seq = clientSeq ?? 0;
  if (seq > headSeq) return { reset: true, fromSeq: 0, headSeq };
  return { reset: false, fromSeq: seq, headSeq };
}

/**
 * Sends the pages of a plan through `send`; resolves once the last one (done: true) went out.
 * `project` is the reader's view (readView.ts): what it may not read goes as a withheld seq.
 */
export async function sendCatchUp(
  store: EventStore<MeetingEvent>,
  conferenceId: string,
  plan: CatchUpPlan,
  project: (events: readonly { seq: number; event: MeetingEvent }[]) => ProjectedEvents,
  send: (page: CatchUpPage) => void,
): Promise<void> {
  let after = plan.fromSeq;
  let first = true;
  let done = false;
  while (!done) {
    const events = after < plan.headSeq ? await store.read(conferenceId, after, Math.min(CATCH_UP_PAGE_SIZE, plan.headSeq - after)) : [];
    const last = events[events.length - 1];
    if (last) after = last.seq;
    // An empty page before the head would be a store bug (it throws on gaps); never loop on it.
    done = after >= plan.headSeq || events.length === 0;
    const shown = project(events);
    send({
      conferenceId,
      reset: first && plan.reset,
      events: shown.events,
      ...(shown.withheld.length > 0 ? { withheld: shown.withheld } : {}),
      headSeq: plan.headSeq,
      done,
    });
    first = false;
  }
}
