import { stillFigureCaption, stillsForMinutes } from '../meeting/selectors-stills.js';
import type { MeetingState } from '../meeting/state.js';
import type { Id } from '../protocol/index.js';

// The stills chosen for the minutes as figures (R-STILL-4, R-STILL-5): each under the agenda step
// it was taken in, or after the steps when none ran then, in the order taken, with the caption
// in the press report's words ("Ảnh: Quang cảnh Hội nghị tại điểm cầu …"). The picture itself is
// a file beside the log (server/stills); the renderers are given its bytes by id.

export interface MinutesFigure {
  stillId: Id;
  /** "Ảnh: …" */
  caption: string;
  /** the picture's size in pixels, so a renderer keeps its proportions */
  width: number;
  height: number;
}

export function minutesFigures(state: MeetingState): { byStep: Map<Id, MinutesFigure[]>; other: MinutesFigure[] } {
  const byStep = new Map<Id, MinutesFigure[]>();
  const other: MinutesFigure[] = [];
  for (const still of stillsForMinutes(state)) {
    const figure: MinutesFigure = { stillId: still.id, caption: stillFigureCaption(state, still), width: still.width, height: still.height };
    const step = still.stepId !== null && state.agenda.steps[still.stepId] ? still.stepId : null;
    if (step === null) other.push(figure);
    else byStep.set(step, [...(byStep.get(step) ?? []), figure]);
  }
  return { byStep, other };
}

/** JPEG bytes of the chosen stills, by still id: what the server read from disk for a render. */
export type FigurePictures = Readonly<Record<Id, Uint8Array>>;
