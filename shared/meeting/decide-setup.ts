import type { CommandOf } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, nameKey, refuse, type ConfEnv, type Outcome } from './env.js';
import { centralPoint } from './selectors-floor.js';
import type { MeetingState } from './state.js';
import { entriesOf, entryOf } from './buckets.js';

// Setting up points, the presiding panel, organisations and the agenda (admin only).

function pointNameTaken(s: MeetingState, name: string, except?: string): boolean {
  const key = nameKey(name);
  return s.pointOrder.some((id) => id !== except && nameKey(s.points[id]?.name ?? '') === key);
}
function organisationNameTaken(s: MeetingState, name: string, except?: string): boolean {
  const key = nameKey(name);
  return s.organisationOrder.some((id) => id !== except && nameKey(s.organisations[id]?.name ?? '') === key);
}

function isPermutation(current: readonly string[], proposed: readonly string[]): boolean {
  if (current.length !== proposed.length) return false;
  const set = new Set(proposed);
  return set.size === proposed.length && current.every((id) => set.has(id));
}

// --- points ---
export function addPoint(env: ConfEnv, c: CommandOf<'addPoint'>): Outcome {
  const id = freshId(env, c.id, (x) => x in env.state.points);
  if (isRefusal(id)) return id;
  if (c.kind === 'central' && centralPoint(env.state)) return refuse('CENTRAL_POINT_EXISTS');
  if (pointNameTaken(env.state, c.name)) return refuse('DUPLICATE_NAME', `(${c.name})`);
  return accept(event(env, 'pointAdded', { pointId: id, name: c.name, kind: c.kind, contact: c.contact ?? '', region: c.region ?? null }));
}

export function updatePoint(env: ConfEnv, c: CommandOf<'updatePoint'>): Outcome {
  const p = env.state.points[c.pointId];
  if (!p) return refuse('UNKNOWN_POINT');
  const fields: { name?: string; kind?: typeof p.kind; contact?: string; region?: string | null } = {};
  if (c.name !== undefined && c.name !== p.name) fields.name = c.name;
  if (c.kind !== undefined && c.kind !== p.kind) fields.kind = c.kind;
  if (c.contact !== undefined && c.contact !== p.contact) fields.contact = c.contact;
  if (c.region !== undefined && c.region !== p.region) fields.region = c.region;
  if (Object.keys(fields).length === 0) return refuse('NO_CHANGE');
  if (fields.name !== undefined && pointNameTaken(env.state, fields.name, p.id)) return refuse('DUPLICATE_NAME');
  if (fields.kind === 'central' && centralPoint(env.state)) return refuse('CENTRAL_POINT_EXISTS');
  if (p.kind === 'central' && fields.kind !== undefined && env.conf.status !== 'draft') return refuse('NO_CENTRAL_POINT');
  return accept(event(env, 'pointUpdated', { pointId: p.id, ...fields }));
}

export function removePoint(env: ConfEnv, c: CommandOf<'removePoint'>): Outcome {
  const s = env.state;
  const p = s.points[c.pointId];
  if (!p) return refuse('UNKNOWN_POINT');
  // R-SETUP-3: the record must stay whole; a point with people, requests or speeches stays.
  const used =
    s.attendeeOrder.some((id) => entryOf(s.attendees, id)?.pointId === p.id) ||
    entriesOf(s.queue.requests).some((r) => r.pointId === p.id) ||
    entriesOf(s.speeches).some((sp) => sp.pointId === p.id);
  if (used) return refuse('IN_USE', `(${p.name})`);
  // R-SETUP-9: organisations placed at the point are moved or taken off it first.
  const placed = s.organisationOrder.filter((id) => s.organisations[id]?.pointId === p.id).map((id) => s.organisations[id]?.name ?? id);
  if (placed.length > 0) return refuse('IN_USE', `(${placed.join(', ')})`);
  if (p.kind === 'central' && env.conf.status !== 'draft') return refuse('NO_CENTRAL_POINT');
  return accept(event(env, 'pointRemoved', { pointId: p.id }));
}

// --- presiding panel ---
export function addPanelMember(env: ConfEnv, c: CommandOf<'addPanelMember'>): Outcome {
  const id = freshId(env, c.id, (x) => x in env.state.panel);
  if (isRefusal(id)) return id;
  return accept(event(env, 'panelMemberAdded', { memberId: id, name: c.name, position: c.position, organisation: c.organisation }));
}

export function updatePanelMember(env: ConfEnv, c: CommandOf<'updatePanelMember'>): Outcome {
  const m = env.state.panel[c.memberId];
  if (!m) return refuse('UNKNOWN_PANEL_MEMBER');
  const fields: { name?: string; position?: string; organisation?: string } = {};
  if (c.name !== undefined && c.name !== m.name) fields.name = c.name;
  if (c.position !== undefined && c.position !== m.position) fields.position = c.position;
  if (c.organisation !== undefined && c.organisation !== m.organisation) fields.organisation = c.organisation;
  if (Object.keys(fields).length === 0) return refuse('NO_CHANGE');
  return accept(event(env, 'panelMemberUpdated', { memberId: m.id, ...fields }));
}

export function removePanelMember(env: ConfEnv, c: CommandOf<'removePanelMember'>): Outcome {
  const s = env.state;
  if (!s.panel[c.memberId]) return refuse('UNKNOWN_PANEL_MEMBER');
  const used =
    Object.values(s.agenda.steps).some((st) => st.presidingMemberId === c.memberId) ||
    entriesOf(s.speeches).some((sp) => sp.memberId === c.memberId);
  if (used) return refuse('IN_USE');
  return accept(event(env, 'panelMemberRemoved', { memberId: c.memberId }));
}

export function reorderPanel(env: ConfEnv, c: CommandOf<'reorderPanel'>): Outcome {
  if (!isPermutation(env.state.panelOrder, c.memberIds)) return refuse('NOT_A_PERMUTATION');
  if (c.memberIds.every((id, i) => env.state.panelOrder[i] === id)) return refuse('NO_CHANGE');
  return accept(event(env, 'panelReordered', { memberIds: c.memberIds }));
}

// --- organisations ---
export function addOrganisation(env: ConfEnv, c: CommandOf<'addOrganisation'>): Outcome {
  const id = freshId(env, c.id, (x) => x in env.state.organisations);
  if (isRefusal(id)) return id;
  if (organisationNameTaken(env.state, c.name)) return refuse('DUPLICATE_NAME', `(${c.name})`);
  if (c.pointId !== undefined && !env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  return accept(event(env, 'organisationAdded', { organisationId: id, name: c.name, pointId: c.pointId ?? null }));
}

export function updateOrganisation(env: ConfEnv, c: CommandOf<'updateOrganisation'>): Outcome {
  const o = env.state.organisations[c.organisationId];
  if (!o) return refuse('UNKNOWN_ORGANISATION');
  // R-SETUP-9: only what changes is recorded (as R-CONF-8).
  const fields: { name?: string; pointId?: string | null } = {};
  if (c.name !== undefined && c.name !== o.name) fields.name = c.name;
  if (c.pointId !== undefined && c.pointId !== o.pointId) fields.pointId = c.pointId;
  if (Object.keys(fields).length === 0) return refuse('NO_CHANGE');
  if (fields.name !== undefined && organisationNameTaken(env.state, fields.name, o.id)) return refuse('DUPLICATE_NAME');
  if (fields.pointId != null && !env.state.points[fields.pointId]) return refuse('UNKNOWN_POINT');
  return accept(event(env, 'organisationUpdated', { organisationId: o.id, ...fields }));
}

export function removeOrganisation(env: ConfEnv, c: CommandOf<'removeOrganisation'>): Outcome {
  const s = env.state;
  if (!s.organisations[c.organisationId]) return refuse('UNKNOWN_ORGANISATION');
  if (s.attendeeOrder.some((id) => entryOf(s.attendees, id)?.organisationId === c.organisationId)) return refuse('IN_USE');
  return accept(event(env, 'organisationRemoved', { organisationId: c.organisationId }));
}

// --- agenda steps ---
export function addAgendaStep(env: ConfEnv, c: CommandOf<'addAgendaStep'>): Outcome {
  const id = freshId(env, c.id, (x) => x in env.state.agenda.steps);
  if (isRefusal(id)) return id;
  if (c.presidingMemberId !== undefined && !env.state.panel[c.presidingMemberId]) return refuse('UNKNOWN_PANEL_MEMBER');
  return accept(
    event(env, 'agendaStepAdded', {
      stepId: id,
      title: c.title,
      kind: c.kind,
      presenter: c.presenter ?? null,
      presidingMemberId: c.presidingMemberId ?? null,
      plannedMinutes: c.plannedMinutes,
      plannedStart: c.plannedStart ?? null,
      documents: c.documents ?? [],
    }),
  );
}

export function updateAgendaStep(env: ConfEnv, c: CommandOf<'updateAgendaStep'>): Outcome {
  const st = env.state.agenda.steps[c.stepId];
  if (!st) return refuse('UNKNOWN_AGENDA_STEP');
  if (c.presidingMemberId != null && !env.state.panel[c.presidingMemberId]) return refuse('UNKNOWN_PANEL_MEMBER');
  const { type: _t, stepId: _s, ...proposed } = c;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(proposed)) {
    if (v !== undefined && JSON.stringify(st[k as keyof typeof st]) !== JSON.stringify(v)) fields[k] = v;
  }
  if (Object.keys(fields).length === 0) return refuse('NO_CHANGE');
  return accept(event(env, 'agendaStepUpdated', { stepId: st.id, ...fields }));
}

export function reorderAgenda(env: ConfEnv, c: CommandOf<'reorderAgenda'>): Outcome {
  if (!isPermutation(env.state.agenda.order, c.stepIds)) return refuse('NOT_A_PERMUTATION');
  if (c.stepIds.every((id, i) => env.state.agenda.order[i] === id)) return refuse('NO_CHANGE');
  return accept(event(env, 'agendaReordered', { stepIds: c.stepIds }));
}

export function removeAgendaStep(env: ConfEnv, c: CommandOf<'removeAgendaStep'>): Outcome {
  const st = env.state.agenda.steps[c.stepId];
  if (!st) return refuse('UNKNOWN_AGENDA_STEP');
  // R-AGENDA-9: a step that ran belongs to the minutes.
  if (st.runs.length > 0 || env.state.agenda.currentStepId === st.id) return refuse('STEP_ALREADY_RUN');
  return accept(event(env, 'agendaStepRemoved', { stepId: st.id }));
}
