import { AlignmentType, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType, type IRunOptions } from 'docx';

// The Word building blocks of an administrative document (Nghị định 30/2020): a paragraph with
// its spacing, and the two-column heading — the authority on the left, the nation and motto on the
// right — shared by the minutes and the invitation letter.

export const DOCX_FONT = 'Times New Roman';
/** twips per centimetre */
export const DOCX_CM = 567;

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

export function para(text: string, opts: { align?: Align; run?: Partial<IRunOptions>; before?: number; after?: number; indent?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 60 },
    indent: opts.indent ? { firstLine: opts.indent } : undefined,
    children: [new TextRun({ text, ...opts.run })],
  });
}

export interface DocxHeading {
  /** the authority's name, one entry per line (shared/reports/authority.ts) */
  authority: readonly string[];
  /** lines under the authority's rule, e.g. "Số: 12/GM-UBND" */
  below?: readonly string[];
  nation: string;
  motto: string;
  placeDate: string;
}

/** Two columns without borders: the authority on the left, the nation and motto on the right. */
export function administrativeHeading(h: DocxHeading): Table {
  const centre = AlignmentType.CENTER;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            // One paragraph per line of the authority's name, so Word never breaks inside a place name.
            children: [
              ...h.authority.map((line, i) => para(line, { align: centre, run: { bold: true, size: 24 }, after: i === h.authority.length - 1 ? 60 : 0 })),
              para('———', { align: centre }),
              ...(h.below ?? []).map((line) => para(line, { align: centre })),
            ],
          }),
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            children: [
              para(h.nation, { align: centre, run: { bold: true, size: 24 }, after: 0 }),
              para(h.motto, { align: centre, run: { bold: true, underline: {} } }),
              para(h.placeDate, { align: centre, run: { italics: true }, before: 120 }),
            ],
          }),
        ],
      }),
    ],
  });
}
