import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, refuse, type ConfEnv, type Outcome } from './env.js';
import { firstPendingStepId, nextRunnableStepId } from './selectors-agenda.js';

// The agenda (chương trình): start, next, back, skip. Entering a discussion step opens the
// speaker queue and leaving it closes it (R-AGENDA-5).

/** Events that move from the current step (if any) to `toId` (or to no step). */
function moveTo(env: ConfEnv, toId: string | null): MeetingEvent[] {
  const s = env.state;
  const events: MeetingEvent[] = [];
  const from = s.agenda.currentStepId;
  if (from !== null) events.push(event(env, 'agendaStepEnded', { stepId: from }));
  if (toId !== null) events.push(event(env, 'agendaStepStarted', { stepId: toId }));
  const discussion = toId !== null && s.agenda.steps[toId]?.kind === 'discussion';
  if (discussion && !s.queue.open) events.push(event(env, 'queueOpened', {}));
  if (!discussion && s.queue.open) events.push(event(env, 'queueClosed', {}));
  return events;
}

export function startAgenda(env: ConfEnv, c: CommandOf<'startAgenda'>): Outcome {
  const s = env.state;
  if (s.agenda.currentStepId !== null) return refuse('AGENDA_ALREADY_STARTED');
  if (s.agenda.order.length === 0) return refuse('AGENDA_EMPTY');
  if (c.stepId !== undefined) {
    if (!s.agenda.steps[c.stepId]) return refuse('UNKNOWN_AGENDA_STEP');
    return accept(...moveTo(env, c.stepId));
  }
  const first = firstPendingStepId(s);
  return first === null ? refuse('AGENDA_AT_END') : accept(...moveTo(env, first));
}

export function nextAgendaStep(env: ConfEnv): Outcome {
  const current = env.state.agenda.currentStepId;
  if (current === null) return refuse('AGENDA_NOT_STARTED');
  // Past the last step the agenda simply ends: the conclusion is over.
  return accept(...moveTo(env, nextRunnableStepId(env.state, current)));
}

export function previousAgendaStep(env: ConfEnv): Outcome {
  const s = env.state;
  const current = s.agenda.currentStepId;
  if (current === null) return refuse('AGENDA_NOT_STARTED');
  const i = s.agenda.order.indexOf(current);
  const prev = i > 0 ? s.agenda.order[i - 1] : undefined;
  if (prev === undefined) return refuse('AGENDA_AT_START');
  return accept(...moveTo(env, prev));
}

export function skipAgendaStep(env: ConfEnv, c: CommandOf<'skipAgendaStep'>): Outcome {
  const s = env.state;
  const stepId = c.stepId ?? nextPendingAfterCurrent(env);
  if (stepId === null) return refuse('AGENDA_AT_END');
  const st = s.agenda.steps[stepId];
  if (!st) return refuse('UNKNOWN_AGENDA_STEP');
  if (st.runs.length > 0 || s.agenda.currentStepId === st.id) return refuse('STEP_ALREADY_RUN');
  if (st.skipped) return refuse('NO_CHANGE');
  return accept(event(env, 'agendaStepSkipped', { stepId: st.id }));
}

function nextPendingAfterCurrent(env: ConfEnv): string | null {
  const s = env.state;
  const start = s.agenda.currentStepId === null ? 0 : s.agenda.order.indexOf(s.agenda.currentStepId) + 1;
  for (let i = start; i < s.agenda.order.length; i++) {
    const st = s.agenda.steps[s.agenda.order[i] ?? ''];
    if (st && !st.skipped && st.runs.length === 0) return st.id;
  }
  return s.agenda.currentStepId === null ? firstPendingStepId(s) : null;
}
