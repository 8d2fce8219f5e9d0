// npm run samples:recording — writes a short sample program recording (bản ghi chương trình) to
// docs/samples/: the scripted meeting of test/recording/scripted-program.ts (the fixture's Cà Mau
// conference; the central point and two districts as synthetic points, each its own colour and
// tone) recorded by a real server and SFU, rendered through the HTTP API as a console does, with
// its edit list and one still of the district's speech. Timings come from a live run, so the files
// differ a little from run to run; what they show does not.
import { execFileSync } from 'node:child_process';
import { copyFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { programPaths, ProgramStatusSchema } from '../shared/protocol/recording-http.js';
import type { EditList } from '../shared/recording/edit-list.js';
import { Api } from '../test/integration/support/api.js';
import { CONF, THOI_BINH } from '../test/integration/support/fixture.js';
import { waitFor } from '../test/media/helpers.js';
import { recordScriptedRun, startProgramMeeting } from '../test/recording/scripted-program.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'samples');
const say = (line: string) => process.stdout.write(`${line}\n`);
const NAME = 'ban-ghi-chuong-trinh';
const MAX_BYTES = 2_000_000;

async function main(): Promise<void> {
  const meeting = await startProgramMeeting({ segmentSeconds: 2 });
  try {
    say('recording the scripted meeting (about 21 s)…');
    await recordScriptedRun(meeting, 'mau');
    const api = new Api(meeting.server.url, meeting.tokens.chair);
    const paths = programPaths(CONF, 'mau');
    const started = await api.post(`/api${paths.status}`, {});
    if (started.status !== 202) throw new Error(`render refused: ${JSON.stringify(started.body)}`);
    const done = await waitFor(
      'the render',
      async () => {
        const s = ProgramStatusSchema.safeParse((await api.get(`/api${paths.status}`)).body);
        return s.success && (s.data.state === 'done' || s.data.state === 'failed') ? s.data : undefined;
      },
      300_000,
      500,
    );
    if (done.state !== 'done') throw new Error(`render failed: ${JSON.stringify(done)}`);
    const runDir = join(meeting.server.dataDir, 'recordings', CONF, 'mau');
    const video = join(outDir, `${NAME}.mp4`);
    copyFileSync(join(runDir, 'program.mp4'), video);
    copyFileSync(join(runDir, 'program.edit-list.json'), join(outDir, `${NAME}.edit-list.json`));
    const size = statSync(video).size;
    if (size > MAX_BYTES) throw new Error(`${video} is ${size} bytes, more than the ${MAX_BYTES} a sample may take`);
    // A still in the middle of the district's speech: its picture full frame, the central inset, the caption.
    const edl = (await api.get<EditList>(`/api${paths.editList}`)).body;
    const speech = edl.shots.find((s) => s.pictures[0]?.pointId === THOI_BINH && s.pictures[0].role === 'main');
    const at = speech ? (speech.fromMs + speech.toMs) / 2000 : edl.durationMs / 2000;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', at.toFixed(3), '-i', video, '-frames:v', '1', '-vf', 'scale=640:-2', join(outDir, `${NAME}.png`)]);
    say(`${NAME}.mp4  ${size} bytes, ${(done.durationMs / 1000).toFixed(1)} s, ${done.shots} shots, rendered in ${(done.renderMs / 1000).toFixed(1)} s`);
    say(`${NAME}.edit-list.json, ${NAME}.png (at ${at.toFixed(1)} s)`);
  } finally {
    await meeting.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
