import { contentWidth, pageBottom, type Doc } from './pdf-document.js';

// A ruled table that breaks across pages and repeats its header on each, with optional group
// rows spanning every column (an organisation's name above its attendees). Cells wrap; a row is
// as tall as its tallest cell and never splits across pages.

export interface Column {
  header: string;
  /** Share of the table's width; the shares are normalised, so they need not add up to 1. */
  weight: number;
  align?: 'left' | 'center' | 'right';
}

export type TableRow = { cells: readonly (string | number)[]; bold?: boolean } | { group: string };

export interface TableStyle {
  fontSize: number;
  padding: number;
}

const HEADER_FILL = '#e6e6e6';
const GROUP_FILL = '#f3f3f3';

export function table(doc: Doc, columns: readonly Column[], rows: readonly TableRow[], style: TableStyle = { fontSize: 9, padding: 3 }): void {
  const x0 = doc.page.margins.left;
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const width = contentWidth(doc);
  const widths = columns.map((c) => (c.weight / total) * width);
  const { fontSize, padding } = style;

  // Most cells fit on one line: measuring their width is far cheaper than pdfkit's line wrapper,
  // which matters for a 3,000-row roll-call (see docs/BENCHMARKS.md).
  const fitsOneLine = (text: string, w: number): boolean => !text.includes('\n') && doc.widthOfString(text) <= w - 2 * padding;

  const cellHeight = (text: string, w: number, face: string): number => {
    doc.font(face).fontSize(fontSize);
    if (fitsOneLine(text, w)) return doc.currentLineHeight(true);
    return doc.heightOfString(text || ' ', { width: w - 2 * padding });
  };

  const cellText = (text: string, x: number, y: number, w: number, face: string, align: 'left' | 'center' | 'right'): void => {
    doc.font(face).fontSize(fontSize).fillColor('black');
    if (fitsOneLine(text, w)) {
      const free = w - 2 * padding - doc.widthOfString(text);
      const dx = align === 'center' ? free / 2 : align === 'right' ? free : 0;
      doc.text(text, x + padding + dx, y + padding, { lineBreak: false });
    } else {
      doc.text(text, x + padding, y + padding, { width: w - 2 * padding, align });
    }
  };

  const drawRow = (cells: readonly string[], face: string, fill: string | null, isHeader = false): void => {
    const h = Math.max(...cells.map((c, i) => cellHeight(c, widths[i] ?? width, face))) + 2 * padding;
    // A header needs room for one row under it too.
    if (doc.y + (isHeader ? h * 2 : h) > pageBottom(doc)) {
      doc.addPage();
      if (!isHeader) drawHeader();
    }
    const y = doc.y;
    if (fill) doc.save().rect(x0, y, width, h).fill(fill).restore();
    // One path for the row's rules: its box and the separators between cells.
    doc.save().lineWidth(0.5).rect(x0, y, width, h);
    let x = x0;
    for (const w of widths.slice(0, -1)) {
      x += w;
      doc.moveTo(x, y).lineTo(x, y + h);
    }
    doc.stroke().restore();
    x = x0;
    cells.forEach((c, i) => {
      const w = widths[i] ?? width;
      cellText(c, x, y, w, face, isHeader ? 'center' : (columns[i]?.align ?? 'left'));
      x += w;
    });
    doc.x = x0;
    doc.y = y + h;
  };

  const drawGroup = (text: string): void => {
    const h = cellHeight(text, width, 'bold') + 2 * padding;
    // Keep a group row with at least one row under it.
    if (doc.y + h * 2.5 > pageBottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    doc.save().rect(x0, y, width, h).fill(GROUP_FILL).restore();
    doc.save().lineWidth(0.5).rect(x0, y, width, h).stroke().restore();
    doc.font('bold').fontSize(fontSize).fillColor('black').text(text, x0 + padding, y + padding, { width: width - 2 * padding });
    doc.x = x0;
    doc.y = y + h;
  };

  function drawHeader(): void {
    drawRow(
      columns.map((c) => c.header),
      'bold',
      HEADER_FILL,
      true,
    );
  }

  drawHeader();
  for (const r of rows) {
    if ('group' in r) drawGroup(r.group);
    else drawRow(r.cells.map(String), r.bold ? 'bold' : 'regular', null);
  }
  doc.moveDown(0.5);
}
