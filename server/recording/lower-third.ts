import { insetRect, type ShotCaption } from '../../shared/recording/edit-list.js';

// The program's look, shared by the program cut (after the meeting) and the live program stream:
// the background behind missing pictures, the fonts, and the lower third (a band, the speaker's
// line — name, position, point — and the agenda step's line), as ffmpeg filters.

export const PROGRAM_BACKGROUND = '0x14233a';

export const PROGRAM_FONTS = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
};

/**
 * A picture fitted to its place (w×h) keeping its own shape — a 4:3 webcam, a phone's camera held
 * upright — centred, the rest of the place the program's background: the program cut's pictures
 * and the live mix's slots alike. A live slot's picture changes size when another point is switched
 * in; the mixer runs with `-reinit_filter 0`, and this filter follows the change by itself (checked
 * with Debian's ffmpeg 5.1 on 16:9 → 4:3 → 16:9 through one graph: full frame, bars, full frame).
 * Even sizes, as yuv420p needs.
 */
export function fittedPicture(w: number, h: number): string {
  return `scale=w=${w}:h=${h}:force_original_aspect_ratio=decrease:force_divisible_by=2:eval=frame,pad=w=${w}:h=${h}:x=-1:y=-1:color=${PROGRAM_BACKGROUND}:eval=frame,setsar=1`;
}

/** The two lines of a caption; null where there is nothing to say. */
export function captionLines(caption: ShotCaption): { speaker: string | null; step: string | null } {
  const speaker = [caption.name, caption.position, caption.pointName].filter((x): x is string => !!x).join(' — ');
  return { speaker: speaker || null, step: caption.stepTitle || null };
}

/** A path in a filtergraph option value: its own quoting rules, apart from the shell's. */
export function graphPath(p: string): string {
  return p.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/:/g, '\\:');
}

/** The band behind the caption; `extra` adds options (`enable=…`, or a name for live commands). */
export function lowerThirdBand(frameHeight: number, opts: { name?: string; extra?: string; visible?: boolean } = {}): string {
  const colour = opts.visible === false ? 'black@0' : 'black@0.62';
  return `drawbox${opts.name ? `@${opts.name}` : ''}=x=0:y=${frameHeight - 160}:w=iw:h=120:color=${colour}:t=fill${opts.extra ? `:${opts.extra}` : ''}`;
}

/** The live command that shows or hides the band (ffmpeg's `drawbox` takes a new colour at run time). */
export const bandColour = (visible: boolean) => (visible ? 'black@0.62' : 'black@0');

/** One line of the caption, its text read from `textFile` (no expansion: names may hold '%'). */
export function lowerThirdLine(line: 'speaker' | 'step', frameHeight: number, textFile: string, fonts: { regular: string; bold: string }, extra?: string): string {
  const bold = line === 'speaker';
  const font = graphPath(bold ? fonts.bold : fonts.regular);
  const y = frameHeight - (bold ? 142 : 88);
  return `drawtext=fontfile='${font}':textfile=${graphPath(textFile)}:expansion=none:x=48:y=${y}:fontsize=${bold ? 36 : 28}:fontcolor=white${extra ? `:${extra}` : ''}`;
}

/**
 * A point's name in its place, for a point the program shows that sent no picture (its camera
 * off, or never sent): the place says whose it is instead of staying an empty frame. Centred,
 * sized to the place (a full frame's name reads from across a hall, an inset's still fits 320 px).
 */
export function namePlate(rect: { x: number; y: number; w: number; h: number }, name: string, textFile: string, boldFont: string, opts: { extra?: string; fullFrame: boolean }): string {
  const { extra, fullFrame } = opts;
  // The full frame's name stays left of the insets' column, which may hold pictures over it.
  const area = fullFrame ? { ...rect, w: insetRect(0).x } : rect;
  // DejaVu Sans Bold is about 0.66 em a letter: the size that fits the name in its place, within bounds.
  const size = Math.floor(Math.max(14, Math.min(56, area.h / 10, (area.w - 24) / (0.66 * Math.max(1, [...name].length)))));
  // A lighter place, so that an inset or a cell with no picture still reads as one. Not for the
  // full frame: it would be drawn over the insets' pictures too.
  const place = fullFrame ? '' : `drawbox=x=${rect.x}:y=${rect.y}:w=${rect.w}:h=${rect.h}:color=white@0.08:t=fill${extra ? `:${extra}` : ''},`;
  return `${place}drawtext=fontfile='${graphPath(boldFont)}':textfile=${graphPath(textFile)}:expansion=none:fontsize=${size}:fontcolor=white:x=${area.x}+(${area.w}-text_w)/2:y=${area.y}+(${area.h}-text_h)/2${extra ? `:${extra}` : ''}`;
}
