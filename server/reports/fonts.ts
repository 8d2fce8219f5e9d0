import { createRequire } from 'node:module';

// The PDF embeds Noto Serif (SIL Open Font License 1.1, shipped by the npm package
// @expo-google-fonts/noto-serif): it covers every Vietnamese letter with its tone marks
// (Latin Extended Additional), so pdfkit never falls back to a standard font that lacks them.
// A serif face because Vietnamese administrative documents are set in a Times-like serif.

const require = createRequire(import.meta.url);

const file = (dir: string, name: string): string => require.resolve(`@expo-google-fonts/noto-serif/${dir}/${name}`);

export const REPORT_FONTS = {
  regular: file('400Regular', 'NotoSerif_400Regular.ttf'),
  bold: file('700Bold', 'NotoSerif_700Bold.ttf'),
  italic: file('400Regular_Italic', 'NotoSerif_400Regular_Italic.ttf'),
  boldItalic: file('700Bold_Italic', 'NotoSerif_700Bold_Italic.ttf'),
} as const;

export type FontFace = keyof typeof REPORT_FONTS;

/** The family name the PDF records (what `pdffonts` lists), for tests and the README. */
export const REPORT_FONT_FAMILY = 'NotoSerif';
