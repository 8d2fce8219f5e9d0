import type { Id } from '../protocol/index.js';
import { entryOf } from './buckets.js';
import type { MeetingState, Point, Still } from './state.js';

// Stills (ảnh hội nghị): in the order taken, those chosen for the minutes, and the caption the
// minutes print under each, in the words of the province's own press report ("Ảnh: Quang cảnh
// Hội nghị tại điểm cầu trung tâm Ủy ban nhân dân tỉnh", "Ảnh: Đồng chí Nguyễn Tiến Hải, Bí thư
// Tỉnh ủy phát biểu chỉ đạo tại Hội nghị").

export function stillsInOrder(state: MeetingState): Still[] {
  return state.stillOrder.map((id) => state.stills[id]).filter((s): s is Still => s !== undefined);
}

/** R-STILL-4: the stills chosen for the minutes, in the order taken. */
export function stillsForMinutes(state: MeetingState): Still[] {
  return stillsInOrder(state).filter((s) => s.inMinutes);
}

/** "điểm cầu Huyện Thới Bình", "điểm cầu trung tâm UBND tỉnh" (a name that already says so is kept). */
export function pointPhrase(point: Pick<Point, 'name' | 'kind'> | undefined): string {
  if (!point) return 'điểm cầu';
  const name = point.name.trim();
  if (/^điểm cầu\b/iu.test(name)) return `điểm cầu${name.slice('điểm cầu'.length)}`;
  return point.kind === 'central' ? `điểm cầu trung tâm ${name}` : `điểm cầu ${name}`;
}

/** R-STILL-5: the caption after "Ảnh: ": the one chosen, else the speaker speaking, else the room. */
export function stillCaption(state: MeetingState, still: Still): string {
  if (still.caption) return still.caption.replace(/^ảnh\s*:\s*/iu, '');
  const point = state.points[still.pointId];
  if (still.speechId !== null) {
    const directive = entryOf(state.speeches, still.speechId)?.kind === 'directive';
    const verb = directive ? 'phát biểu chỉ đạo' : 'phát biểu';
    if (still.speakerName) return `Đồng chí ${still.speakerName}${still.speakerPosition ? `, ${still.speakerPosition}` : ''} ${verb} tại Hội nghị.`;
    return `Đại diện ${pointPhrase(point)} ${verb} tại Hội nghị.`;
  }
  return `Quang cảnh Hội nghị tại ${pointPhrase(point)}.`;
}

/** The still the server took as this speech began, if any (R-STILL-2). */
export function stillOfSpeech(state: MeetingState, speechId: Id): Still | null {
  return stillsInOrder(state).find((s) => s.trigger === 'speechStart' && s.speechId === speechId) ?? null;
}

/** R-STILL-5: the line the minutes print under the figure, "Ảnh: …". */
export function stillFigureCaption(state: MeetingState, still: Still): string {
  return `Ảnh: ${stillCaption(state, still)}`;
}
