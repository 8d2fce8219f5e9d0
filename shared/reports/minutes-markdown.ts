import type { Minutes, MinutesSpeech } from './minutes.js';
import { GENERAL_NOTES_HEADING, OTHER_SPEECHES_HEADING, speechDuration, speechStart, stepTime } from './minutes-text.js';
import { markdownLines, markdownText } from './markdown-escape.js';

// The minutes as Markdown for the web view. Byte-stable: the same Minutes give the same text.
// Every piece of typed text goes through markdownText (issue 14: names and topics carried raw
// HTML and javascript: links into the tables), in cells and outside them alike.

const cell = markdownText;
const text = markdownText;

function speechTable(speeches: readonly MinutesSpeech[]): string[] {
  if (speeches.length === 0) return [];
  return [
    '| STT | Người phát biểu | Chức vụ | Điểm cầu | Nội dung | Bắt đầu | Kết thúc | Thời lượng |',
    '|---:|---|---|---|---|---|---|---:|',
    ...speeches.map(
      (s) =>
        `| ${s.no} | ${cell(s.speaker)} | ${cell(s.position)} | ${cell(s.point)} | ${cell(s.topic || s.kindLabel)} | ${speechStart(s)} | ${s.end || '…'} | ${speechDuration(s)} |`,
    ),
  ];
}

export function minutesMarkdown(m: Minutes): string {
  const out: string[] = [];
  out.push(m.authority.map((line) => `**${text(line)}**`).join('  \n'), '');
  out.push(`**${text(m.nation)}**  `, `**${text(m.motto)}**`, '');
  out.push(`*${text(m.placeDate)}*`, '');
  out.push(`# ${text(m.title)}`, '', `## ${text(m.subtitle)}`, '');

  out.push(`**Thời gian:** ${text(m.timeLine)}.  `);
  out.push(`**Địa điểm:** ${text(m.place)}.  `);
  out.push(`**Các điểm cầu kết nối:** ${text(m.connectionPoints.join('; ') || '(không có)')}.`, '');

  out.push('### Đoàn chủ tọa', '');
  for (const p of m.presidingPanel) out.push(`- ${text(p.name)}, ${text(p.position)}`);
  if (m.presidingPanel.length === 0) out.push('- (chưa có)');
  out.push('', `**Thư ký hội nghị:** ${text(m.clerks.join(', ') || '…')}`, '');

  out.push('### Thành phần tham dự', '', text(m.attendance.summary), '', text(m.attendance.quorum.label), '');
  out.push('| Điểm cầu | Triệu tập | Có mặt | Dự thay | Vắng có lý do | Vắng không lý do | Bổ sung |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const p of m.attendance.byPoint) {
    const t = p.tally;
    out.push(`| ${cell(p.name)} | ${t.invited} | ${t.present} | ${t.substitutes} | ${t.excused} | ${t.absent} | ${t.walkIns} |`);
  }
  out.push('');

  out.push('### Nội dung hội nghị', '');
  for (const s of m.steps) {
    out.push(`#### ${s.no}. ${text(s.title)}`, '');
    const lower = stepTime(s);
    const when = lower.charAt(0).toUpperCase() + lower.slice(1);
    out.push(`- Thời gian: ${when}`);
    if (s.presenter) out.push(`- Trình bày: ${text(s.presenter)}`);
    if (s.presiding) out.push(`- Điều hành: ${text(s.presiding)}`);
    out.push('');
    out.push(...speechTable(s.speeches));
    if (s.speeches.length) out.push('');
    for (const n of s.notes) out.push(markdownLines(n).map((l) => `> ${l}`).join('  \n'), '');
  }
  if (m.otherSpeeches.length) {
    out.push(`#### ${OTHER_SPEECHES_HEADING}`, '', ...speechTable(m.otherSpeeches), '');
  }
  if (m.generalNotes.length) {
    out.push(`#### ${GENERAL_NOTES_HEADING}`, '');
    for (const n of m.generalNotes) out.push(markdownLines(n).map((l) => `> ${l}`).join('  \n'), '');
  }

  out.push(text(m.closing), '');
  out.push(`| ${m.signatures.clerk.role} | ${m.signatures.chair.role} |`, '|:---:|:---:|');
  out.push(`| *(Ký, ghi rõ họ tên)* | *(Ký, ghi rõ họ tên)* |`);
  out.push(`| ${cell(m.signatures.clerk.name || ' ')} | ${cell(m.signatures.chair.name || ' ')} |`, '');
  out.push(`*Lập từ nhật ký sự kiện đến sự kiện số ${m.asOf.seq} (${m.asOf.label}).*`, '');
  return out.join('\n');
}
