import type { types } from 'mediasoup';
import { tell } from './consumer-sync.js';
import type { HeldTap } from './media-tap.js';
import type { MediaSession, ProducerData } from './media-session.js';

// A private check of a point whose microphone is closed in the program opens its producer for the
// checker alone. Before it opens, every other receiver's consumer of it and the recorder's tap are
// paused, so nothing leaks to them in between (syncReceiver keeps the consumers paused while the
// check lasts; the tap stays held until the producer is closed again: releaseTaps).

/** Pauses what must not hear a checked-only producer. `checks`: session id → the point it checks. */
export async function isolateCheckedOnly(
  checkedOnly: ReadonlySet<string>,
  producers: readonly types.Producer<ProducerData>[],
  sessions: ReadonlyMap<string, MediaSession>,
  checks: ReadonlyMap<string, string>,
  taps: Iterable<HeldTap>,
): Promise<void> {
  for (const tap of taps) if (checkedOnly.has(tap.producerId)) await tap.hold(true);
  for (const p of producers) {
    if (!checkedOnly.has(p.id)) continue;
    for (const session of sessions.values()) {
      if (checks.get(session.info.sessionId) === p.appData.pointId) continue;
      const consumer = session.consumerFor(p.id);
      if (consumer && !consumer.closed && !consumer.paused) {
        await consumer.pause();
        tell(session, consumer);
      }
    }
  }
}

/** Once the microphones are back to the meeting's policy: taps of producers no longer checked-only forward again. */
export async function releaseTaps(checkedOnly: ReadonlySet<string>, taps: Iterable<HeldTap>): Promise<void> {
  for (const tap of taps) if (!checkedOnly.has(tap.producerId)) await tap.hold(false);
}
