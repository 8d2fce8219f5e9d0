import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { FigurePictures, Minutes, MinutesSpeech } from '../../shared/reports/index.js';
import { GENERAL_NOTES_HEADING, OTHER_SPEECHES_HEADING, speechCells, stepTime } from '../../shared/reports/minutes-text.js';
import { administrativeHeading, DOCX_CM, DOCX_FONT, para, type Align } from './docx-blocks.js';
import { docxFigures } from './figures.js';
import { stableZip } from './zip-stable.js';

// The minutes as a Word document, for the office to edit the wording before signing. Set in
// Times New Roman 13 pt on A4 with the margins of Nghị định 30/2020 (the font every office's Word
// has, with full Vietnamese coverage). Core properties carry the log's time, not the clock.

const FONT = DOCX_FONT;
const CM = DOCX_CM;

/** "Label: value" with the label in bold, as the minutes' fact lines read. */
function labelled(label: string, value: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: 60 },
    children: [new TextRun({ text: `${label} `, bold: true }), new TextRun({ text: value })],
  });
}

const heading = (text: string): Paragraph => para(text, { align: AlignmentType.LEFT, run: { bold: true }, before: 160, after: 80 });

function cell(text: string | number, opts: { bold?: boolean; fill?: string; align?: Align; width?: number; size?: number } = {}): TableCell {
  return new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    shading: opts.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } : undefined,
    children: [
      new Paragraph({
        alignment: opts.align ?? AlignmentType.LEFT,
        children: [new TextRun({ text: String(text), bold: opts.bold, size: opts.size ?? 22 })],
      }),
    ],
  });
}

/** A ruled table; widths in percent of the text width, `size` in half-points. */
function grid(headers: readonly string[], widths: readonly number[], rows: readonly (readonly (string | number)[])[], boldLast = false, size = 22): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, { bold: true, fill: 'E6E6E6', align: AlignmentType.CENTER, width: widths[i], size })),
      }),
      ...rows.map(
        (r, ri) =>
          new TableRow({
            cantSplit: true,
            children: r.map((c, i) =>
              cell(c, { width: widths[i], size, bold: boldLast && ri === rows.length - 1, align: typeof c === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT }),
            ),
          }),
      ),
    ],
  });
}

function speechTable(list: readonly MinutesSpeech[]): Table {
  return grid(
    ['STT', 'Người phát biểu', 'Điểm cầu', 'Nội dung', 'Bắt đầu', 'Kết thúc', 'Thời lượng'],
    [7, 23, 14, 20, 12, 12, 12],
    list.map((s) => [
      String(s.no),
      ...speechCells(s),
    ]),
    false,
    20,
  );
}

/** Two columns without borders: the organiser on the left, the nation and motto on the right. */
function headingBlock(m: Minutes): Table {
  return administrativeHeading({ authority: m.authority, nation: m.nation, motto: m.motto, placeDate: m.placeDate });
}

function signatureBlock(m: Minutes): Table {
  const centre = AlignmentType.CENTER;
  const column = (s: { role: string; name: string }): TableCell =>
    new TableCell({
      width: { size: 50, type: WidthType.PERCENTAGE },
      children: [
        para(s.role, { align: centre, run: { bold: true } }),
        para('(Ký, ghi rõ họ tên)', { align: centre, run: { italics: true }, after: 1400 }),
        para(s.name, { align: centre, run: { bold: true } }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [column(m.signatures.clerk), column(m.signatures.chair)] })],
  });
}

function body(m: Minutes, pictures: FigurePictures): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [headingBlock(m)];
  out.push(para(m.title, { align: AlignmentType.CENTER, run: { bold: true, size: 30 }, before: 360, after: 60 }));
  out.push(para(m.subtitle, { align: AlignmentType.CENTER, run: { bold: true }, after: 240 }));
  out.push(labelled('Thời gian:', `${m.timeLine}.`));
  out.push(labelled('Địa điểm:', `${m.place}.`));
  out.push(
    labelled(
      'Hình thức:',
      m.connectionPoints.length
        ? `trực tuyến, kết nối ${m.connectionPoints.length} điểm cầu: ${m.connectionPoints.join('; ')}.`
        : 'trực tiếp tại điểm cầu trung tâm.',
    ),
  );
  out.push(heading('I. THÀNH PHẦN THAM DỰ'));
  out.push(labelled('1. Đoàn chủ tọa:', m.presidingPanel.length ? '' : '(chưa có)'));
  for (const p of m.presidingPanel) out.push(para(`- Đồng chí ${p.name}, ${p.position};`, { indent: 360 }));
  out.push(labelled('2. Thư ký hội nghị:', m.clerks.join(', ') || '…'));
  out.push(labelled('3. Đại biểu:', m.attendance.summary));
  out.push(para(m.attendance.quorum.label, { run: { italics: true }, indent: 360, after: 120 }));
  const t = m.attendance.overall;
  out.push(
    grid(
      ['Điểm cầu', 'Triệu tập', 'Có mặt', 'Dự thay', 'Vắng có lý do', 'Vắng không lý do', 'Bổ sung'],
      [34, 11, 11, 11, 11, 11, 11],
      [
        ...m.attendance.byPoint.map((p) => [p.name, p.tally.invited, p.tally.present, p.tally.substitutes, p.tally.excused, p.tally.absent, p.tally.walkIns]),
        ['Tổng cộng', t.invited, t.present, t.substitutes, t.excused, t.absent, t.walkIns],
      ],
      true,
    ),
  );
  out.push(heading('II. NỘI DUNG HỘI NGHỊ'));
  for (const s of m.steps) {
    out.push(para(`${s.no}. ${s.title}`, { run: { bold: true }, before: 120 }));
    const when = stepTime(s);
    out.push(labelled('Thời gian:', when));
    if (s.presenter) out.push(labelled('Trình bày:', s.presenter));
    if (s.presiding) out.push(labelled('Điều hành:', s.presiding));
    if (s.speeches.length) out.push(speechTable(s.speeches));
    for (const n of s.notes) out.push(para(n, { indent: 360 }));
    out.push(...docxFigures(s.figures, pictures));
  }
  if (m.otherSpeeches.length) {
    out.push(para(OTHER_SPEECHES_HEADING, { run: { bold: true }, before: 120 }));
    out.push(speechTable(m.otherSpeeches));
  }
  if (m.generalNotes.length) {
    out.push(para(GENERAL_NOTES_HEADING, { run: { bold: true }, before: 120 }));
    for (const n of m.generalNotes) out.push(para(n, { indent: 360 }));
  }
  out.push(...docxFigures(m.otherFigures, pictures));
  out.push(para(m.closing, { before: 240, after: 240 }));
  out.push(signatureBlock(m));
  out.push(para(`Lập từ nhật ký sự kiện đến sự kiện số ${m.asOf.seq} (${m.asOf.label}).`, { run: { italics: true, size: 18 }, before: 240 }));
  return out;
}

const xmlEscape = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** docProps/core.xml with the log's time: the docx library would stamp the wall clock. */
function coreProperties(m: Minutes): string {
  const when = new Date(m.asOf.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(`${m.title} - ${m.subtitle}`)}</dc:title>` +
    `<dc:creator>${xmlEscape(m.conference.organiser)}</dc:creator>` +
    '<cp:lastModifiedBy>hoinghi</cp:lastModifiedBy><cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

export async function minutesDocx(m: Minutes, pictures: FigurePictures = {}): Promise<Buffer> {
  const doc = new Document({
    creator: m.conference.organiser,
    title: `${m.title} - ${m.subtitle}`,
    lastModifiedBy: 'hoinghi',
    revision: 1,
    styles: { default: { document: { run: { font: FONT, size: 26 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2 * CM, bottom: 2 * CM, left: 3 * CM, right: 2 * CM },
          },
        },
        children: body(m, pictures),
      },
    ],
  });
  const raw = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreProperties(m) }]);
  return stableZip(new Uint8Array(raw), m.asOf.at);
}
