import { planLayout, type LayoutPlan, type VideoOnOffer } from './layout-plan.js';
import { centralPoint, currentAgendaStep, currentDirectiveSpeech, floorHolderPointIds, floorHolders } from '../meeting/selectors.js';
import type { MeetingState } from '../meeting/state.js';
import { entryOf } from '../meeting/buckets.js';
import type { SpeechKind } from '../protocol/index.js';

// What the program shows, as data: the same layout plan the SFU enforces (shared/media), fed from
// the meeting's selectors, and the lower-third caption. Kept apart from the views so the rules
// ("the floor holder is large at every point") are tested without a browser, and shared so the
// program cut after the meeting (shared/recording/edit-list.ts) edits by the very same rules.

/**
 * The videos to place: what the media layer offers, plus a name card (a camera slot) for every
 * connected point that sends no video yet, so a point is never invisible on the wall or stage.
 */
export function stageVideos(state: MeetingState, offered: readonly VideoOnOffer[]): VideoOnOffer[] {
  const out: VideoOnOffer[] = [];
  const central = centralPoint(state)?.id ?? null;
  for (const pointId of state.pointOrder) {
    const mine = offered.filter((v) => v.pointId === pointId);
    if (mine.length > 0) out.push(...mine);
    else if (entryOf(state.presence, pointId)?.online || pointId === central) out.push({ pointId, source: 'camera' });
  }
  // Sources of points the meeting does not list (should not happen) go last rather than vanish.
  for (const v of offered) if (!state.points[v.pointId]) out.push(v);
  return out;
}

export interface StageOptions {
  viewerPointId: string | null;
  pageSize: number;
  page?: number;
}

export function programPlan(state: MeetingState, offered: readonly VideoOnOffer[], opts: StageOptions): LayoutPlan {
  return planLayout({
    mode: state.media.layout,
    centralPointId: centralPoint(state)?.id ?? null,
    floorHolders: floorHolderPointIds(state),
    spotlight: state.media.spotlightPointId,
    videos: stageVideos(state, offered),
    viewer: { pointId: opts.viewerPointId, page: opts.page ?? 0, pageSize: opts.pageSize },
  });
}

export interface Caption {
  /** who speaks: a floor holder, a presiding-panel member, or the step's presenter */
  name: string | null;
  position: string | null;
  pointName: string | null;
  kind: SpeechKind | null;
  stepTitle: string | null;
}

/** The lower third: the current speaker first, else the step's presenter; always the step. */
export function programCaption(state: MeetingState, now: number): Caption {
  const step = currentAgendaStep(state, now);
  const stepTitle = step ? step.step.title : null;
  const speech = currentDirectiveSpeech(state) ?? floorHolders(state)[0] ?? null;
  if (speech) {
    return {
      name: speech.speakerName ?? state.points[speech.pointId]?.name ?? null,
      position: speech.speakerPosition,
      pointName: state.points[speech.pointId]?.name ?? null,
      kind: speech.kind,
      stepTitle,
    };
  }
  if (step?.step.presidingMemberId || step?.step.presenter) {
    const member = step.step.presidingMemberId ? state.panel[step.step.presidingMemberId] : undefined;
    const central = centralPoint(state);
    return {
      name: step.step.presenter ?? member?.name ?? null,
      position: step.step.presenter ? null : (member?.position ?? null),
      pointName: central?.name ?? null,
      kind: null,
      stepTitle,
    };
  }
  return { name: null, position: null, pointName: null, kind: null, stepTitle };
}
