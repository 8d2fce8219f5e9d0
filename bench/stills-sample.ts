// npm run samples:stills — writes the minutes of the demo Cà Mau conference with a still as a
// figure (biên bản có ảnh, issue 16, R-STILL-4/5) to docs/samples/: bien-ban-co-anh.pdf, .docx and
// bien-ban-co-anh.png (the PDF's page with the figure, pdftoppm from poppler-utils). The meeting is
// the report samples' scripted one (test/reports/scripted-meeting.ts) with one still more: the
// clerk's "Chụp ảnh" on the program during Thới Bình's speech, chosen for the minutes with the
// default caption (the core's, in the press report's words). Its picture is a frame of the program
// the sample program recording shows at that moment (docs/samples/ban-ghi-chuong-trinh.png, from
// `npm run samples:recording`), encoded as a JPEG by Debian's ffmpeg as the server's frame grab
// does. Deterministic for a given ffmpeg: re-running it on an unchanged tree leaves git clean.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport } from '../server/reports/formats.js';
import { scriptedCaMauMeeting } from '../test/reports/scripted-meeting.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'samples');
const say = (line: string) => process.stdout.write(`${line}\n`);
const NAME = 'bien-ban-co-anh';
const STILL_ID = 'still-chuong-trinh-thoi-binh';

/**
 * The program frame as the JPEG a still is (ffmpeg's MJPEG). Its lower third is cut off: it names
 * the recording fixture's speaker, not the demo's, whom the caption names.
 */
function programJpeg(): { jpeg: Buffer; width: number; height: number } {
  const file = join(tmpdir(), `hoinghi-still-sample-${process.pid}.jpg`);
  try {
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(outDir, 'ban-ghi-chuong-trinh.png'), '-vf', 'scale=1280:720,crop=1280:540:0:0', '-q:v', '3', '-bitexact', file]);
    return { jpeg: readFileSync(file), width: 1280, height: 540 };
  } finally {
    rmSync(file, { force: true });
  }
}

/** The 1-based page of the PDF whose text has the figure's caption. */
function pageWithFigure(pdf: string): number {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1] ?? 0);
  for (let p = 1; p <= pages; p++) {
    if (execFileSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], { encoding: 'utf8' }).includes('Ảnh:')) return p;
  }
  throw new Error(`${pdf}: no page has the figure's caption`);
}

async function main(): Promise<void> {
  const { jpeg, width, height } = programJpeg();
  const { events, state } = scriptedCaMauMeeting({ still: { id: STILL_ID, width, height, bytes: jpeg.length } });
  if (!state.stills[STILL_ID]?.inMinutes) throw new Error('the scripted still is not in the minutes');
  for (const format of ['pdf', 'docx'] as const) {
    const r = await renderReport(events, { report: 'minutes', format, view: 'attendees', delimiter: 'comma' }, { pictures: { [STILL_ID]: new Uint8Array(jpeg) } });
    if (!r.ok) throw new Error(`${format}: ${r.code} ${r.message}`);
    writeFileSync(join(outDir, `${NAME}.${format}`), r.report.body);
    say(`${NAME}.${format}  ${r.report.body.length} bytes  (served as "${r.report.fileName}")`);
  }
  const pdf = join(outDir, `${NAME}.pdf`);
  const page = pageWithFigure(pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, join(outDir, NAME)]);
  say(`${NAME}.png  (page ${page} of the PDF, the figure and its caption)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
