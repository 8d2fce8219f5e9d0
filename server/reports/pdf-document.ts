import PDFDocument from 'pdfkit';
import { REPORT_FONTS, type FontFace } from './fonts.js';

// A pdfkit document set up for reports: A4, the embedded Vietnamese font registered under four
// faces, metadata fixed from the log (CreationDate is the time of the last event reported on, so
// generating twice gives the same document), pages buffered so page numbers can be added last.

export type Doc = PDFKit.PDFDocument;

export interface DocumentSetup {
  title: string;
  author: string;
  subject: string;
  /** Epoch ms from the log; never the wall clock. */
  createdAt: number;
  layout: 'portrait' | 'landscape';
}

/** Margins of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I): 2 cm top and bottom, 3 cm left, 2 cm right. */
const CM = 72 / 2.54;
export const MARGINS = { top: 2 * CM, bottom: 2 * CM, left: 3 * CM, right: 2 * CM };

export function newDocument(setup: DocumentSetup): Doc {
  const when = new Date(setup.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: setup.layout,
    margins: MARGINS,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: setup.title,
      Author: setup.author,
      Subject: setup.subject,
      Creator: 'hoinghi',
      Producer: 'hoinghi (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  });
  // Registered by name before any use: pdfkit caches a font under the name it was first selected
  // by, and re-parses the TTF on every switch when the first selection used another key (a
  // constructor `font` path would make every doc.font('regular') parse 500 kB again).
  for (const face of Object.keys(REPORT_FONTS) as FontFace[]) doc.registerFont(face, REPORT_FONTS[face]);
  doc.font('regular');
  return doc;
}

/** "Trang 3/12" centred in the bottom margin of every page; call once all content is laid out. */
export function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit open a new page; lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#444444')
      .text(`Trang ${i + 1}/${range.count}`, doc.page.margins.left, doc.page.height - bottom / 2 - 5, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

/** Ends the document and resolves with its bytes. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const pageBottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;
