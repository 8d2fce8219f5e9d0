import { AlignmentType, ImageRun, Paragraph } from 'docx';
import type { FigurePictures, MinutesFigure } from '../../shared/reports/index.js';
import { para } from './docx-blocks.js';
import { contentWidth, pageBottom, type Doc } from './pdf-document.js';

// The minutes' figures (R-STILL-4/5): the still, centred, 15 cm wide at most (the text is 16 cm
// between the administrative margins), and under it the caption in italics as the press report
// sets it ("Ảnh: Quang cảnh Hội nghị tại điểm cầu …"). A figure whose picture is not on disk any
// more is left out rather than printed as a caption under nothing.

const FIGURE_CM = 15;
/** a landscape still no taller than half a page's text */
const MAX_HEIGHT_CM = 12;

function printedSize(f: MinutesFigure): { widthCm: number; heightCm: number } {
  const ratio = f.height / f.width;
  const widthCm = Math.min(FIGURE_CM, MAX_HEIGHT_CM / ratio);
  return { widthCm, heightCm: widthCm * ratio };
}

export function docxFigures(figures: readonly MinutesFigure[], pictures: FigurePictures): Paragraph[] {
  const out: Paragraph[] = [];
  for (const f of figures) {
    const data = pictures[f.stillId];
    if (!data) continue;
    const { widthCm, heightCm } = printedSize(f);
    const px = (cm: number) => Math.round((cm / 2.54) * 96); // docx sizes images in pixels at 96 to the inch
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { before: 160, after: 60 },
        children: [new ImageRun({ type: 'jpg', data, transformation: { width: px(widthCm), height: px(heightCm) }, altText: { name: f.stillId, description: f.caption, title: f.caption } })],
      }),
    );
    out.push(para(f.caption, { align: AlignmentType.CENTER, run: { italics: true, size: 24 }, after: 160 }));
  }
  return out;
}

export function pdfFigures(doc: Doc, figures: readonly MinutesFigure[], pictures: FigurePictures): void {
  const pt = (cm: number) => (cm / 2.54) * 72;
  for (const f of figures) {
    const data = pictures[f.stillId];
    if (!data) continue;
    const { widthCm, heightCm } = printedSize(f);
    const width = pt(widthCm);
    const height = pt(heightCm);
    doc.font('italic').fontSize(11.5);
    const captionHeight = doc.heightOfString(f.caption, { width: contentWidth(doc), align: 'center' });
    // The picture and its caption stay on one page.
    if (doc.y + 8 + height + 6 + captionHeight > pageBottom(doc)) doc.addPage();
    const left = doc.page.margins.left + (contentWidth(doc) - width) / 2;
    const top = doc.y + 8;
    doc.image(Buffer.from(data), left, top, { width, height });
    doc.text(f.caption, doc.page.margins.left, top + height + 6, { width: contentWidth(doc), align: 'center' });
    doc.moveDown(0.6);
  }
}
