import type { AttendeeRecord, CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, nameKey, refuse, type ConfEnv, type Outcome } from './env.js';
import type { MeetingState } from './state.js';
import { entryOf, idsOf } from './buckets.js';

// Importing the invitation list (danh sách triệu tập) from rows shared/import already parsed.
// All or nothing (R-IMPORT-2): any bad row refuses the whole import, naming every bad line.

/** Lower case, no diacritics, đ → d: "THỚI BÌNH" and "Thoi Binh" are the same place. */
function fold(name: string): string {
  return nameKey(name).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}

// Folded words that name the kind of place rather than the place (as shared/import's matcher).
const PREFIXES = ['diem cau', 'uy ban nhan dan', 'hoi dong nhan dan', 'ubnd', 'hdnd', 'thanh pho', 'thi xa', 'thi tran', 'trung tam', 'huyen', 'quan', 'phuong', 'xa', 'tp.', 'tp', 'tx.', 'tx', 'tt'];

function withoutPrefixes(name: string): string {
  let s = fold(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of PREFIXES) {
      if (s.startsWith(`${p} `)) {
        s = s.slice(p.length + 1).trim();
        changed = true;
      }
    }
  }
  return s;
}

/** The ways a point's name is written, loosest last (R-IMPORT-3). */
const KEYS = [nameKey, fold, withoutPrefixes];

type PointIndex = Map<string, string[]>[];

/**
 * The points by each way of writing their name (as written, without diacritics, without
 * place-kind prefixes), built once per import: folding every point's name for every row made a
 * 3,000-row import of 200 points take ~2 s.
 */
function pointIndex(state: MeetingState): PointIndex {
  return KEYS.map((key) => {
    const byKey = new Map<string, string[]>();
    for (const id of state.pointOrder) {
      const k = key(state.points[id]?.name ?? '');
      const ids = byKey.get(k);
      if (ids) ids.push(id);
      else byKey.set(k, [id]);
    }
    return byKey;
  });
}

/**
 * "Điểm cầu huyện Thới Bình", "huyện Thới Bình", "Thoi Binh" all name the same point (R-IMPORT-3):
 * by id, then exact, then without diacritics, then without place-kind prefixes; at each stage one
 * match wins and two are ambiguous. A client that resolved points already sends their ids.
 */
function findPoint(state: MeetingState, index: PointIndex, written: string): { id: string } | { problem: string } {
  if (state.points[written]) return { id: written };
  for (let i = 0; i < KEYS.length; i++) {
    const wanted = (KEYS[i] ?? nameKey)(written);
    if (wanted === '') continue;
    const found = index[i]?.get(wanted) ?? [];
    if (found.length === 1 && found[0] !== undefined) return { id: found[0] };
    if (found.length > 1) return { problem: `point “${written}” is ambiguous` };
  }
  return { problem: `unknown point “${written}”` };
}

export function importInvitationList(env: ConfEnv, c: CommandOf<'importInvitationList'>): Outcome {
  const s = env.state;
  if (c.mode === 'replace' && s.attendeeOrder.some((id) => (entryOf(s.attendees, id)?.marks.length ?? 0) > 0)) {
    return refuse('ATTENDANCE_STARTED');
  }

  const problems: string[] = [];
  const orgByKey = new Map<string, string>();
  for (const id of s.organisationOrder) {
    const o = s.organisations[id];
    if (o) orgByKey.set(nameKey(o.name), id);
  }
  const newOrgs: { id: string; name: string; pointIds: Set<string> }[] = [];
  const newOrgPoints = new Map<string, Set<string>>();
  const seen = new Set<string>();
  if (c.mode === 'append') {
    for (const id of s.attendeeOrder) {
      const a = entryOf(s.attendees, id);
      if (a && !a.walkIn) seen.add(`${nameKey(a.name)}\u0000${a.organisationId}\u0000${a.pointId}`);
    }
  }

  const attendees: AttendeeRecord[] = [];
  const points = pointIndex(s);
  // Fifteen rows or so name each point, written the same way: resolve each spelling once.
  const pointOf = new Map<string, ReturnType<typeof findPoint>>();
  for (const row of c.rows) {
    let point = pointOf.get(row.point);
    if (point === undefined) pointOf.set(row.point, (point = findPoint(s, points, row.point)));
    if ('problem' in point) problems.push(`line ${row.line}: ${point.problem}`);
    if (row.organisation.trim() === '') problems.push(`line ${row.line}: organisation is empty`);
    if ('problem' in point || row.organisation.trim() === '') continue;
    const pointId = point.id;

    // R-IMPORT-3: an organisation the conference does not know yet is created by the import.
    const key = nameKey(row.organisation);
    let organisationId = orgByKey.get(key);
    if (organisationId === undefined) {
      organisationId = env.newId();
      orgByKey.set(key, organisationId);
      const pointIds = new Set<string>();
      newOrgPoints.set(organisationId, pointIds);
      newOrgs.push({ id: organisationId, name: row.organisation, pointIds });
    }
    newOrgPoints.get(organisationId)?.add(pointId);
    const who = `${nameKey(row.name)}\u0000${organisationId}\u0000${pointId}`;
    if (seen.has(who)) {
      problems.push(`line ${row.line}: ${row.name} is already on the list for this organisation and point`);
      continue;
    }
    seen.add(who);
    attendees.push({ id: env.newId(), name: row.name, position: row.position, organisationId, pointId, line: row.line });
  }
  if (problems.length > 0) return refuse('IMPORT_INVALID', problems.slice(0, 50).join('; '));

  const taken = new Set([...idsOf(s.attendees), ...Object.keys(s.organisations)]);
  for (const id of [...newOrgs.map((o) => o.id), ...attendees.map((a) => a.id)]) {
    if (taken.has(id)) return refuse('DUPLICATE_ID', `(${id})`);
    taken.add(id);
  }
  // R-SETUP-9: a new organisation whose rows all name one point sits at that point.
  const events: MeetingEvent[] = newOrgs.map((o) =>
    event(env, 'organisationAdded', { organisationId: o.id, name: o.name, pointId: o.pointIds.size === 1 ? ([...o.pointIds][0] as string) : null }),
  );
  events.push(event(env, 'invitationListImported', { mode: c.mode, attendees }));
  return accept(...events);
}
