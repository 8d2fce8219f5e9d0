import type { Id } from '../protocol/index.js';
import type { AgendaStep, MeetingState } from './state.js';

// The agenda as people see it: which step runs, how long it has run against its plan.

export type StepPhase = 'pending' | 'running' | 'done' | 'skipped';

export interface AgendaStepView {
  step: AgendaStep;
  /** 0-based position in the agenda. */
  index: number;
  phase: StepPhase;
  /** First actual start and last actual end; null until they happen. */
  startedAt: number | null;
  endedAt: number | null;
  /** Sum of every run of the step (a step re-entered with "back" adds up). */
  elapsedMs: number;
  plannedMs: number;
  /** elapsed − planned: negative while within plan. */
  overMs: number;
}

export function stepElapsedMs(step: AgendaStep, now: number): number {
  let total = 0;
  for (const r of step.runs) total += Math.max(0, (r.to ?? Math.max(now, r.from)) - r.from);
  return total;
}

function view(state: MeetingState, step: AgendaStep, index: number, now: number): AgendaStepView {
  const running = state.agenda.currentStepId === step.id;
  const phase: StepPhase = running ? 'running' : step.skipped ? 'skipped' : step.runs.length > 0 ? 'done' : 'pending';
  const elapsedMs = stepElapsedMs(step, now);
  const plannedMs = step.plannedMinutes * 60_000;
  const last = step.runs[step.runs.length - 1];
  return {
    step,
    index,
    phase,
    startedAt: step.runs[0]?.from ?? null,
    endedAt: running ? null : (last?.to ?? null),
    elapsedMs,
    plannedMs,
    overMs: elapsedMs - plannedMs,
  };
}

export function agendaTimeline(state: MeetingState, now: number): AgendaStepView[] {
  const out: AgendaStepView[] = [];
  state.agenda.order.forEach((id, i) => {
    const st = state.agenda.steps[id];
    if (st) out.push(view(state, st, i, now));
  });
  return out;
}

/** The running step with elapsed vs planned (R-AGENDA-6), or null between steps. */
export function currentAgendaStep(state: MeetingState, now: number): AgendaStepView | null {
  const id = state.agenda.currentStepId;
  if (id === null) return null;
  const st = state.agenda.steps[id];
  return st ? view(state, st, state.agenda.order.indexOf(id), now) : null;
}

/** The step "next" would start: the first step after `afterId` (or from the top) not skipped. */
export function nextRunnableStepId(state: MeetingState, afterId: Id | null): Id | null {
  const start = afterId === null ? 0 : state.agenda.order.indexOf(afterId) + 1;
  for (let i = start; i < state.agenda.order.length; i++) {
    const id = state.agenda.order[i];
    const st = id === undefined ? undefined : state.agenda.steps[id];
    if (st && !st.skipped) return st.id;
  }
  return null;
}

/** The first step that has neither run nor been skipped: where "start" begins. */
export function firstPendingStepId(state: MeetingState): Id | null {
  for (const id of state.agenda.order) {
    const st = state.agenda.steps[id];
    if (st && !st.skipped && st.runs.length === 0) return id;
  }
  return null;
}
