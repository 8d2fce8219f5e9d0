import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { hasEntry } from './buckets.js';
import { ownPoint } from './decide-roll-call.js';
import { accept, event, nameKey, refuse, type ConfEnv, type Outcome } from './env.js';
import { centralPoint } from './selectors-floor.js';

// The organiser's commands (issue #13): points in bulk and in order, calling a point during the
// line test, the pre-flight a point reports, and the first opening of a join link.

/** R-ORG-1: many points at once, all or nothing; each is an ordinary pointAdded. */
export function addPoints(env: ConfEnv, c: CommandOf<'addPoints'>): Outcome {
  const s = env.state;
  const existing = new Map(s.pointOrder.map((id) => [nameKey(s.points[id]?.name ?? ''), id] as const));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const ids = new Set<string>();
  const events: MeetingEvent[] = [];
  let central = centralPoint(s) !== null;
  for (const p of c.points) {
    const key = nameKey(p.name);
    if (existing.has(key) || seen.has(key)) duplicates.push(p.name);
    seen.add(key);
    if (p.kind === 'central') {
      if (central) return refuse('CENTRAL_POINT_EXISTS', `(${p.name})`);
      central = true;
    }
    const id = p.id ?? env.newId();
    if (id in s.points || ids.has(id)) return refuse('DUPLICATE_ID', `(${id})`);
    ids.add(id);
    events.push(event(env, 'pointAdded', { pointId: id, name: p.name, kind: p.kind, contact: p.contact ?? '', region: p.region ?? null }));
  }
  if (duplicates.length > 0) return refuse('DUPLICATE_NAME', `(${duplicates.slice(0, 20).join('; ')})`);
  return accept(...events);
}

/** R-ORG-2: the points' order is the admin's, a permutation of the current ids. */
export function reorderPoints(env: ConfEnv, c: CommandOf<'reorderPoints'>): Outcome {
  const current = env.state.pointOrder;
  const proposed = new Set(c.pointIds);
  if (current.length !== c.pointIds.length || proposed.size !== c.pointIds.length || !current.every((id) => proposed.has(id))) {
    return refuse('NOT_A_PERMUTATION');
  }
  if (c.pointIds.every((id, i) => current[i] === id)) return refuse('NO_CHANGE');
  return accept(event(env, 'pointsReordered', { pointIds: c.pointIds }));
}

/** R-ORG-3: the organiser (or the chair) calls a point; the notice stays until the point answers. */
export function callPoint(env: ConfEnv, c: CommandOf<'callPoint'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  return accept(event(env, 'pointCalled', { pointId: c.pointId, message: c.message ?? null }));
}

export function acknowledgeCall(env: ConfEnv, c: CommandOf<'acknowledgeCall'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  const refused = ownPoint(env, c.pointId);
  if (refused) return refused;
  const call = env.state.lineTest.calls[c.pointId];
  if (!call || call.acknowledgedAt !== null) return refuse('NO_CHANGE');
  return accept(event(env, 'pointCallAcknowledged', { pointId: c.pointId }));
}

/** R-ORG-4: a point records its own pre-flight; the last one counts. */
export function reportPreflight(env: ConfEnv, c: CommandOf<'reportPreflight'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  const { type: _t, ...fields } = c;
  return ownPoint(env, c.pointId) ?? accept(event(env, 'preflightReported', fields));
}

/** R-ORG-5: the first opening of each link is recorded (by the server), later ones are NO_CHANGE. */
export function recordLinkOpened(env: ConfEnv, c: CommandOf<'recordLinkOpened'>): Outcome {
  if ((c.role === 'point') !== (c.pointId !== undefined)) return refuse('INVALID_COMMAND', 'pointId: given for a point link, and only for it');
  if (c.pointId !== undefined && !env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (hasEntry(env.state.lineTest.linkOpens, c.linkId)) return refuse('NO_CHANGE');
  return accept(event(env, 'linkOpened', { linkId: c.linkId, role: c.role, pointId: c.pointId ?? null }));
}

