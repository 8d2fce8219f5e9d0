import { PROGRAM_BACKGROUND } from '../../server/recording/lower-third.js';

// Colours of the letterboxing tests (the program cut): the program's background and a
// tolerance for what H.264 and VP8 make of a flat colour.

export const BACKGROUND = PROGRAM_BACKGROUND;

/** '#rrggbb' or '0xrrggbb' as [r, g, b]. */
export function rgbOf(colour: string): [number, number, number] {
  const hex = colour.replace(/^#|^0x/, '');
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Within `tolerance` of each other in every channel. */
export function near(a: [number, number, number], b: [number, number, number], tolerance = 40): boolean {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
}

