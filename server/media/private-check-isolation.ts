import type { types } from 'mediasoup';
import { tell } from './consumer-sync.js';
import type { HeldTap } from './media-tap.js';
import type { MediaSession, ProducerData } from './media-session.js';
import type { PipeEnds } from './pipe-ends.js';
import { isAudible, type ConferencePolicy } from './policy.js';
import type { PrivateChecks } from './private-checks.js';
import type { Feed } from './remote-feeds.js';

// A private check of a point whose microphone is closed in the program opens its producer for the
// checker alone. Before it opens, every other receiver's consumer of it and the recorder's tap are
// paused, so nothing leaks to them in between (syncReceiver keeps the consumers paused while the
// check lasts; the tap stays held until the producer is closed again: releaseTaps). In cluster
// mode the checker may be on another node than the point: the point's node opens the microphone,
// and its pipe consumers to every node but the checker's are paused the same way (PipeEnds.hold).

/** A microphone open at the SFU for a private check and for nothing in the program. */
export function checkedOnly(p: Feed, checked: ReadonlySet<string>, policy: ConferencePolicy): boolean {
  return p.kind === 'audio' && checked.has(p.appData.pointId) && !isAudible(policy, p.appData.pointId);
}

/**
 * Floor control and private checks at the SFU, one step of the media sync: every microphone of
 * this node open while the meeting says it is audible, or while an organiser (here or on another
 * node) checks its point; nothing but the checker hears one open for a check alone. Returns this
 * node's checks (session → point) and every point checked now, for the receivers' plans.
 */
export async function applyMicrophones(c: {
  policy: ConferencePolicy;
  /** this node's producers */
  producers: readonly types.Producer<ProducerData>[];
  /** this node's and other nodes' */
  feeds: readonly Feed[];
  sessions: ReadonlyMap<string, MediaSession>;
  checks: PrivateChecks;
  taps: Iterable<HeldTap>;
  ends: PipeEnds | undefined;
}): Promise<{ checks: Map<string, string>; checked: Set<string> }> {
  const checks = c.checks.live(c.sessions);
  const checked = c.checks.points(c.sessions);
  const only = new Set(c.feeds.filter((p) => checkedOnly(p, checked, c.policy)).map((p) => p.id));
  const pointOf = new Map(c.producers.map((p) => [p.id, p.appData.pointId]));
  const held = (node: string, producerId: string) => only.has(producerId) && !c.checks.checkedAt(node, pointOf.get(producerId) ?? '');
  await isolateCheckedOnly(only, c.feeds, c.sessions, checks, c.taps);
  await c.ends?.hold(held);
  for (const p of c.producers) {
    if (p.kind !== 'audio') continue;
    const open = isAudible(c.policy, p.appData.pointId) || checked.has(p.appData.pointId);
    if (open && p.paused) await p.resume();
    else if (!open && !p.paused) await p.pause();
  }
  await releaseTaps(only, c.taps);
  await c.ends?.letThrough(held);
  return { checks, checked };
}

/**
 * Pauses what must not hear a checked-only producer (this node's or, cluster mode, one brought
 * from another node). `checks`: this node's sessions' checks, session id → the point it checks.
 */
export async function isolateCheckedOnly(
  checkedOnly: ReadonlySet<string>,
  producers: readonly Feed[],
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
