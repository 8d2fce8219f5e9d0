// npm run samples:reports — writes the sample reports of the demo Cà Mau conference (after the
// scripted meeting of test/reports) to docs/samples/, and the PDF pages as PNG (pdftoppm from
// poppler-utils) so the README can show them. The output is deterministic: re-running it on an
// unchanged tree leaves git clean.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport, type ReportRequest } from '../server/reports/formats.js';
import { scriptedCaMauMeeting } from '../test/reports/scripted-meeting.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'samples');
const say = (line: string) => process.stdout.write(`${line}\n`);

const SAMPLES: [string, Pick<ReportRequest, 'report' | 'format'> & Partial<ReportRequest>][] = [
  ['bao-cao-diem-danh.csv', { report: 'attendance', format: 'csv', view: 'attendees' }],
  ['bao-cao-diem-danh-tong-hop.csv', { report: 'attendance', format: 'csv', view: 'totals' }],
  ['bao-cao-diem-danh-ket-noi.csv', { report: 'attendance', format: 'csv', view: 'presence' }],
  ['bao-cao-diem-danh.xlsx', { report: 'attendance', format: 'xlsx' }],
  ['bao-cao-diem-danh.pdf', { report: 'attendance', format: 'pdf' }],
  ['bien-ban-hoi-nghi.pdf', { report: 'minutes', format: 'pdf' }],
  ['bien-ban-hoi-nghi.docx', { report: 'minutes', format: 'docx' }],
  ['bien-ban-hoi-nghi.md', { report: 'minutes', format: 'md' }],
];

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (/^(bao-cao-diem-danh|bien-ban-hoi-nghi)/.test(f)) rmSync(join(outDir, f));
  const { events } = scriptedCaMauMeeting();
  for (const [name, req] of SAMPLES) {
    const r = await renderReport(events, { view: 'attendees', delimiter: 'comma', ...req });
    if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`);
    writeFileSync(join(outDir, name), r.report.body);
    say(`${name}  ${r.report.body.length} bytes  (served as "${r.report.fileName}")`);
    if (req.format === 'pdf') {
      const stem = join(outDir, name.replace(/\.pdf$/, ''));
      execFileSync('pdftoppm', ['-png', '-r', '80', join(outDir, name), stem]);
    }
  }
  for (const f of readdirSync(outDir).filter((f) => f.endsWith('.png')).sort()) say(`${f}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
