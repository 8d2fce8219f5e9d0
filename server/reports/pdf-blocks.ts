import { contentWidth, pageBottom, type Doc } from './pdf-document.js';

// The blocks an administrative document is made of: the two-column heading (organiser on the
// left, national name and motto on the right, each underlined by a short rule), centred titles,
// and the signature blocks at the end.

export interface HeadingBlock {
  /** Left column, upper case, one entry per line (shared/reports/authority.ts): the organiser. */
  authority: readonly string[];
  nation: string;
  motto: string;
  /** "Cà Mau, ngày 04 tháng 01 năm 2021", italic under the motto. */
  placeDate: string;
}

export function heading(doc: Doc, h: HeadingBlock): void {
  const x0 = doc.page.margins.left;
  const width = contentWidth(doc);
  const leftW = width * 0.4;
  const rightW = width * 0.6;
  const rightX = x0 + leftW;
  const top = doc.y;

  // Each line stays whole: a line too wide for the column is set smaller, never wrapped.
  doc.font('bold').fontSize(11);
  const widest = Math.max(1, ...h.authority.map((l) => doc.widthOfString(l)));
  doc.fontSize(Math.max(8, Math.min(11, (11 * (leftW - 4)) / widest)));
  doc.y = top;
  for (const line of h.authority) doc.text(line, x0, doc.y, { width: leftW, align: 'center', lineBreak: false }).moveDown(0);
  const leftBottom = doc.y;
  rule(doc, x0 + leftW / 2, leftBottom + 2, leftW * 0.35);

  doc.font('bold').fontSize(11).text(h.nation, rightX, top, { width: rightW, align: 'center' });
  doc.font('bold').fontSize(12).text(h.motto, rightX, doc.y + 1, { width: rightW, align: 'center' });
  // The motto's rule is as long as the motto itself, as the model form draws it.
  rule(doc, rightX + rightW / 2, doc.y + 2, doc.widthOfString(h.motto));
  doc.font('italic').fontSize(11).text(h.placeDate, rightX, doc.y + 10, { width: rightW, align: 'center' });

  doc.x = x0;
  doc.y = Math.max(doc.y, leftBottom) + 18;
}

function rule(doc: Doc, centreX: number, y: number, length: number): void {
  doc.save().lineWidth(0.6).moveTo(centreX - length / 2, y).lineTo(centreX + length / 2, y).stroke().restore();
}

export function centredTitle(doc: Doc, text: string, size: number, face: 'bold' | 'regular' | 'italic' = 'bold'): void {
  doc.font(face).fontSize(size).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: 'center' });
}

/** A bold lead-in followed by regular text on the same line: "Thời gian: vào lúc …". */
export function labelled(doc: Doc, label: string, value: string, size = 12): void {
  const x = doc.page.margins.left;
  const width = contentWidth(doc);
  if (!value) {
    doc.font('bold').fontSize(size).text(label, x, doc.y, { width });
    return;
  }
  doc.font('bold').fontSize(size).text(`${label} `, x, doc.y, { continued: true, width, align: 'justify' });
  doc.font('regular').text(value, { continued: false, align: 'justify' });
}

export function paragraph(doc: Doc, text: string, size = 12, face: 'regular' | 'italic' | 'bold' = 'regular', indent = 0): void {
  doc.font(face).fontSize(size).text(text, doc.page.margins.left + indent, doc.y, { width: contentWidth(doc) - indent, align: 'justify' });
}

export function sectionHeading(doc: Doc, text: string, size = 12): void {
  ensureSpace(doc, size * 4);
  doc.moveDown(0.4);
  doc.font('bold').fontSize(size).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2);
}

/** Starts a new page when fewer than `height` points remain, so a heading never ends a page. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

export interface SignatureBlock {
  role: string;
  name: string;
}

/** Side by side, left then right, each: role (bold), "(Ký, ghi rõ họ tên)" (italic), room to sign, name (bold). */
export function signatures(doc: Doc, blocks: readonly SignatureBlock[]): void {
  const height = 130;
  ensureSpace(doc, height);
  doc.moveDown(1);
  const width = contentWidth(doc) / blocks.length;
  const top = doc.y;
  blocks.forEach((b, i) => {
    const x = doc.page.margins.left + i * width;
    doc.font('bold').fontSize(12).text(b.role, x, top, { width, align: 'center' });
    doc.font('italic').fontSize(11).text('(Ký, ghi rõ họ tên)', x, doc.y, { width, align: 'center' });
    doc.font('bold').fontSize(12).text(b.name || ' ', x, top + 100, { width, align: 'center' });
  });
  doc.x = doc.page.margins.left;
  doc.y = top + height;
}
