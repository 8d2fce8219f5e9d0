import { emptyState } from '../meeting/state.js';
import { evolve, replay } from '../meeting/evolve.js';
import { floorHolderPointIds } from '../meeting/selectors-floor.js';
import type { MeetingState } from '../meeting/state.js';
import { programCaption, programPlan, type Caption } from '../media/program-view.js';
import type { MeetingEvent } from '../protocol/index.js';
import type { LayoutMode } from '../protocol/values.js';

// The program cut's edit decision list (biên tập theo diễn biến hội nghị), from the log alone:
// the log is folded event by event through the meeting core; after each event the program
// picture is decided by the same layout plan and caption the live program view uses
// (shared/media/program-view.ts); where it changes, there is a cut at that event's logged time.
// Pure and deterministic: the same log gives the same list, byte for byte once serialised, so the
// list written beside the video says exactly why every cut is where it is. The renderer
// (server/recording/program-render.ts) only draws it.
//
// Picture rules (issue #16): the floor holder fills the frame; the other large pictures of the
// chair's layout (the central point in "presiding", a spotlighted point) are insets in the top
// right corner; "gallery" is a grid of the first nine pictures. Only room cameras are recorded yet,
// so the program offers every connected point's camera (and the central point's).

export const PROGRAM_WIDTH = 1280;
export const PROGRAM_HEIGHT = 720;
const INSET = { w: 320, h: 180, margin: 24, gap: 12, max: 3 };
const GRID_MAX = 9;

export type Rect = { x: number; y: number; w: number; h: number };
export type Picture = { pointId: string; role: 'main' | 'inset' | 'grid'; rect: Rect };
export type ShotCaption = Omit<Caption, 'kind'>;

export type Shot = {
  /** from the run's start, in ms */
  fromMs: number;
  toMs: number;
  layout: LayoutMode;
  /** drawn in this order, the first at the back */
  pictures: Picture[];
  caption: ShotCaption;
};

/** A speech begun during the run, and where it is in the program (the minutes link to it). */
export type SpeechMark = { speechId: string; pointId: string; speaker: string | null; atMs: number };

export type EditList = {
  format: 'hoinghi-program-edit-list';
  version: 1;
  conferenceId: string | null;
  recordingId: string;
  /** logged wall-clock instants of the run (ms since the epoch) */
  startedAt: number;
  stoppedAt: number;
  /** true when the log does not (yet) say the run stopped: the list ends at the last event */
  open: boolean;
  durationMs: number;
  width: number;
  height: number;
  shots: Shot[];
  speeches: SpeechMark[];
  /** the names of the points the shots show (a point shown with no picture gets its name drawn) */
  pointNames: Record<string, string>;
};

const even = (n: number) => 2 * Math.floor(n / 2);

/** The place of the i-th inset (top right, one under the other); the live program draws them there too. */
export function insetRect(i: number): Rect {
  return { x: PROGRAM_WIDTH - INSET.w - INSET.margin, y: INSET.margin + i * (INSET.h + INSET.gap), w: INSET.w, h: INSET.h };
}

/** How many insets the program shows at most. */
export const MAX_INSETS = INSET.max;

/** Cells of a grid of n 16:9 pictures, centred on the frame. */
function gridRects(n: number): Rect[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const w = even(Math.min(PROGRAM_WIDTH / cols, ((PROGRAM_HEIGHT / rows) * 16) / 9));
  const h = even((w * 9) / 16);
  const x0 = even((PROGRAM_WIDTH - cols * w) / 2);
  const y0 = even((PROGRAM_HEIGHT - rows * h) / 2);
  return Array.from({ length: n }, (_, i) => ({ x: x0 + (i % cols) * w, y: y0 + Math.floor(i / cols) * h, w, h }));
}

/** What the program shows in this state. */
export function programPicture(state: MeetingState): { layout: LayoutMode; pictures: Picture[] } {
  const layout = state.media.layout;
  const plan = programPlan(state, [], { viewerPointId: null, pageSize: GRID_MAX });
  const grid = plan.tiles.filter((t) => t.size === 'grid').slice(0, GRID_MAX);
  if (grid.length > 0) {
    const rects = gridRects(grid.length);
    return { layout, pictures: grid.map((t, i) => ({ pointId: t.pointId, role: 'grid', rect: rects[i]! })) };
  }
  const large = [...new Set(plan.tiles.filter((t) => t.size === 'large').map((t) => t.pointId))];
  if (large.length === 0) return { layout, pictures: [] };
  const holders = floorHolderPointIds(state);
  const main = large.find((p) => holders.includes(p)) ?? large[0]!;
  const insets = large.filter((p) => p !== main).slice(0, INSET.max);
  return {
    layout,
    pictures: [
      { pointId: main, role: 'main', rect: { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT } },
      ...insets.map((pointId, i): Picture => ({ pointId, role: 'inset', rect: insetRect(i) })),
    ],
  };
}

function shotAt(state: MeetingState, at: number): Omit<Shot, 'fromMs' | 'toMs'> {
  const { kind: _kind, ...caption } = programCaption(state, at);
  return { ...programPicture(state), caption };
}

const sameShot = (a: Omit<Shot, 'fromMs' | 'toMs'>, b: Omit<Shot, 'fromMs' | 'toMs'>) =>
  JSON.stringify([a.layout, a.pictures, a.caption]) === JSON.stringify([b.layout, b.pictures, b.caption]);

/**
 * The edit list of one recording run, or null when the log has no such run. An open run (no stop
 * logged: the server died, or the meeting goes on) ends at the last logged event.
 */
export function programEditList(events: readonly MeetingEvent[], recordingId: string): EditList | null {
  const startIndex = events.findIndex((e) => e.type === 'recordingStarted' && e.recordingId === recordingId);
  if (startIndex < 0) return null;
  let state = replay(events.slice(0, startIndex + 1), emptyState());
  const startedAt = events[startIndex]!.at;
  const shots: Shot[] = [];
  const speeches: SpeechMark[] = [];
  let current = { fromMs: 0, ...shotAt(state, startedAt) };
  let stoppedAt: number | null = null;
  let lastAt = startedAt;

  for (const e of events.slice(startIndex + 1)) {
    // The log's times never go back; if a damaged one did, the cut stays where it was.
    const at = Math.max(lastAt, e.at);
    lastAt = at;
    state = evolve(state, e);
    if (e.type === 'recordingStopped' && e.recordingId === recordingId) {
      stoppedAt = at;
      break;
    }
    if (e.type === 'floorGranted' || e.type === 'directiveSpeechStarted') {
      speeches.push({ speechId: e.speechId, pointId: e.pointId, speaker: e.speakerName ?? state.points[e.pointId]?.name ?? null, atMs: at - startedAt });
    }
    const next = shotAt(state, at);
    if (sameShot(current, next)) continue;
    const fromMs = at - startedAt;
    // Several events at one instant make one cut, to the state after the last of them.
    if (fromMs > current.fromMs) shots.push({ ...current, toMs: fromMs });
    current = { fromMs, ...next };
  }
  const end = stoppedAt ?? lastAt;
  const durationMs = end - startedAt;
  if (durationMs > current.fromMs || shots.length === 0) shots.push({ ...current, toMs: Math.max(durationMs, current.fromMs) });
  return {
    format: 'hoinghi-program-edit-list',
    version: 1,
    conferenceId: state.conference?.id ?? null,
    recordingId,
    startedAt,
    stoppedAt: end,
    open: stoppedAt === null,
    durationMs,
    width: PROGRAM_WIDTH,
    height: PROGRAM_HEIGHT,
    shots: merged(shots),
    speeches,
    pointNames: namesOf(shots, state),
  };
}

/** The name of each point some shot shows, as the log has it at the end of the run. */
function namesOf(shots: readonly Shot[], state: MeetingState): Record<string, string> {
  const names: Record<string, string> = {};
  for (const p of shots.flatMap((s) => s.pictures)) names[p.pointId] ??= state.points[p.pointId]?.name ?? p.pointId;
  return names;
}

/** Neighbours that show the same (A→B→A within one instant) are one shot. */
function merged(shots: Shot[]): Shot[] {
  const out: Shot[] = [];
  for (const s of shots) {
    const last = out[out.length - 1];
    if (last && sameShot(last, s)) out[out.length - 1] = { ...last, toMs: s.toMs };
    else out.push(s);
  }
  return out;
}
