import type { MeetingEvent } from '../../shared/protocol/index.js';
import { CATCH_UP_PAGE_SIZE, type CatchUpPage } from '../../shared/protocol/socket.js';
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

/** Sends the pages of a plan through `send`; resolves once the last one (done: true) went out. */
export async function sendCatchUp(
  store: EventStore<MeetingEvent>,
  conferenceId: string,
  plan: CatchUpPlan,
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
    send({ conferenceId, reset: first && plan.reset, events: events.map((e) => ({ seq: e.seq, event: e.event })), headSeq: plan.headSeq, done });
    first = false;
  }
}
