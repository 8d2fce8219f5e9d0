import type { AttendeeRecord, CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, nameKey, refuse, type ConfEnv, type Outcome } from './env.js';
import type { MeetingState } from './state.js';

// Importing the invitation list (danh sách triệu tập) from rows shared/import already parsed.
// All or nothing (R-IMPORT-2): any bad row refuses the whole import, naming every bad line.

/** "Điểm cầu huyện Thới Bình", "huyện Thới Bình", "Thới Bình" all name the same point. */
function pointKey(name: string): string {
  return nameKey(name)
    .replace(/^điểm cầu\s+/, '')
    .replace(/^(trung tâm|huyện|thành phố|tp\.?|thị xã|tx\.?|xã|phường|thị trấn|quận)\s+/, '')
    .trim();
}

function findPoint(state: MeetingState, written: string): string | null {
  if (state.points[written]) return written;
  const exact = state.pointOrder.find((id) => nameKey(state.points[id]?.name ?? '') === nameKey(written));
  if (exact) return exact;
  const loose = state.pointOrder.filter((id) => pointKey(state.points[id]?.name ?? '') === pointKey(written));
  return loose.length === 1 ? (loose[0] ?? null) : null;
}

export function importInvitationList(env: ConfEnv, c: CommandOf<'importInvitationList'>): Outcome {
  const s = env.state;
  if (c.mode === 'replace' && s.attendeeOrder.some((id) => (s.attendees[id]?.marks.length ?? 0) > 0)) {
    return refuse('ATTENDANCE_STARTED');
  }

  const problems: string[] = [];
  const orgByKey = new Map<string, string>();
  for (const id of s.organisationOrder) {
    const o = s.organisations[id];
    if (o) orgByKey.set(nameKey(o.name), id);
  }
  const newOrgs: { id: string; name: string }[] = [];
  const seen = new Set<string>();
  if (c.mode === 'append') {
    for (const id of s.attendeeOrder) {
      const a = s.attendees[id];
      if (a && !a.walkIn) seen.add(`${nameKey(a.name)}\u0000${a.organisationId}\u0000${a.pointId}`);
    }
  }

  const attendees: AttendeeRecord[] = [];
  for (const row of c.rows) {
    const pointId = findPoint(s, row.point);
    if (pointId === null) problems.push(`line ${row.line}: unknown point “${row.point}”`);
    if (row.organisation.trim() === '') problems.push(`line ${row.line}: organisation is empty`);
    if (pointId === null || row.organisation.trim() === '') continue;

    // R-IMPORT-3: an organisation the conference does not know yet is created by the import.
    const key = nameKey(row.organisation);
    let organisationId = orgByKey.get(key);
    if (organisationId === undefined) {
      organisationId = env.newId();
      orgByKey.set(key, organisationId);
      newOrgs.push({ id: organisationId, name: row.organisation });
    }
    const who = `${nameKey(row.name)}\u0000${organisationId}\u0000${pointId}`;
    if (seen.has(who)) {
      problems.push(`line ${row.line}: ${row.name} is already on the list for this organisation and point`);
      continue;
    }
    seen.add(who);
    attendees.push({ id: env.newId(), name: row.name, position: row.position, organisationId, pointId, line: row.line });
  }
  if (problems.length > 0) return refuse('IMPORT_INVALID', problems.slice(0, 50).join('; '));

  const taken = new Set([...Object.keys(s.attendees), ...Object.keys(s.organisations)]);
  for (const id of [...newOrgs.map((o) => o.id), ...attendees.map((a) => a.id)]) {
    if (taken.has(id)) return refuse('DUPLICATE_ID', `(${id})`);
    taken.add(id);
  }
  const events: MeetingEvent[] = newOrgs.map((o) => event(env, 'organisationAdded', { organisationId: o.id, name: o.name }));
  events.push(event(env, 'invitationListImported', { mode: c.mode, attendees }));
  return accept(...events);
}
