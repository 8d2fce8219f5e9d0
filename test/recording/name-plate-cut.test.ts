import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { insetRect, PROGRAM_HEIGHT, PROGRAM_WIDTH, type EditList, type Shot } from '../../shared/recording/edit-list.js';
import { PROGRAM_FONTS } from '../../server/recording/lower-third.js';
import { programRenderJob } from '../../server/recording/program-graph.js';
import type { Piece } from '../../server/recording/program-sources.js';
import { colourAt } from './probe.js';
import { BACKGROUND, near, rgbOf } from './letterbox-colours.js';

// A point the program shows but that sent no picture (the central point with its camera off, as
// in the first wave's user check, where the cut was an empty frame): the cut draws its name in
// its place. Rendered by the server's own job with Debian's ffmpeg; frames are read back.

const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-name-plate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GREEN = '#20a040';
const caption = { name: null, position: null, pointName: null, stepTitle: null };
const CENTRAL = 'trung-tam';

describe('the program cut names a point that sent no picture', () => {
  it('draws the central point’s name, centred in the full frame, while the inset keeps its camera', async () => {
    const file = path.join(work, 'thoi-binh.webm');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${GREEN}:s=640x360:r=15:d=3`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', file]);
    const pieces: Piece[] = [{ pointId: 'thoi-binh', prefix: 'thoi-binh', mediaStartedAt: 1_000_000, video: true, audio: false, segments: [{ file, startS: 0, endS: 3 }], leadS: 0 }];
    const full = { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT };
    const shots: Shot[] = [{ fromMs: 0, toMs: 3_000, layout: 'discussion', caption, pictures: [{ pointId: CENTRAL, role: 'main', rect: full }, { pointId: 'thoi-binh', role: 'inset', rect: insetRect(0) }] }];
    const edl: EditList = {
      format: 'hoinghi-program-edit-list', version: 1, conferenceId: 'cm', recordingId: 'np', startedAt: 1_000_000, stoppedAt: 1_003_000, open: false,
      durationMs: 3_000, width: PROGRAM_WIDTH, height: PROGRAM_HEIGHT, shots, speeches: [],
      pointNames: { [CENTRAL]: 'Điểm cầu trung tâm UBND tỉnh', 'thoi-binh': 'UBND huyện Thới Bình' },
    };
    const output = path.join(work, 'program.mp4');
    const job = programRenderJob(edl, pieces, { output, fontFile: PROGRAM_FONTS.regular, boldFontFile: PROGRAM_FONTS.bold });
    // only the point without a picture gets a plate, with its name as the log has it
    expect(job.files.filter((f) => f.name.startsWith('plate-')).map((f) => f.content)).toEqual(['Điểm cầu trung tâm UBND tỉnh']);
    for (const f of job.files) writeFileSync(path.join(work, f.name), f.content);
    for (const args of job.steps) await run('ffmpeg', args, { cwd: work });

    const background = rgbOf(BACKGROUND);
    const brightness = (c: [number, number, number]) => c[0] + c[1] + c[2];
    // The name's line across the middle: white letters lift its mean well above the background.
    const line = colourAt(output, 1.5, { x: 340, y: 340, w: 600, h: 40 });
    expect(brightness(line) - brightness(background), `the middle line ${line.join(',')}`).toBeGreaterThan(60);
    // Above and below it, the background, as before.
    expect(near(colourAt(output, 1.5, { x: 340, y: 200, w: 600, h: 40 }), background), 'above the name').toBe(true);
    expect(near(colourAt(output, 1.5, { x: 340, y: 500, w: 600, h: 40 }), background), 'below the name').toBe(true);
    // The inset still shows Thới Bình's camera, with no plate over it.
    const inset = insetRect(0);
    expect(near(colourAt(output, 1.5, { x: inset.x + 120, y: inset.y + 70, w: 80, h: 40 }), rgbOf(GREEN)), 'the inset picture').toBe(true);
  }, 180_000);
});
