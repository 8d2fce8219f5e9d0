import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { insetRect, PROGRAM_HEIGHT, PROGRAM_WIDTH, type EditList, type Shot } from '../../shared/recording/edit-list.js';
import { programRenderJob } from '../../server/recording/program-graph.js';
import type { Piece } from '../../server/recording/program-sources.js';
import { colourAt } from './probe.js';
import { BACKGROUND, near, rgbOf } from './letterbox-colours.js';

// Letterboxing in the program cut (issue #16): a 4:3 webcam and a phone's portrait camera are
// recorded as they are; the cut fits each inside its place — full frame, an inset, a grid cell —
// keeping its shape, padded with the program's background (server/recording/lower-third.ts, the
// same fit the live mix uses). The pieces are real VP8 WebM files as a recorder writes them; the
// render is the server's own job (programRenderJob) run by Debian's ffmpeg; frames are read back.

const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-letterbox-cut-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GREEN = '#20a040';
const YELLOW = '#e0c020';
const caption = { name: null, position: null, pointName: null, stepTitle: null };

async function piece(pointId: string, colour: string, size: string): Promise<Piece> {
  const file = path.join(work, `${pointId}.webm`);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:r=15:d=4`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', file]);
  return { pointId, prefix: pointId, mediaStartedAt: 1_000_000, video: true, audio: false, segments: [{ file, startS: 0, endS: 4 }], leadS: 0 };
}

describe('the program cut letterboxes a picture of another shape', () => {
  it('fits a 4:3 camera full frame and a portrait camera inset, then both in the grid, on the program background, centred', async () => {
    const pieces = [await piece('webcam', GREEN, '640x480'), await piece('phone', YELLOW, '360x640')];
    const full = { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT };
    const shots: Shot[] = [
      { fromMs: 0, toMs: 2_000, layout: 'discussion', caption, pictures: [{ pointId: 'webcam', role: 'main', rect: full }, { pointId: 'phone', role: 'inset', rect: insetRect(0) }] },
      // Two cells of the gallery (shared/recording/edit-list.ts gridRects(2)).
      { fromMs: 2_000, toMs: 4_000, layout: 'gallery', caption, pictures: [{ pointId: 'webcam', role: 'grid', rect: { x: 0, y: 180, w: 640, h: 360 } }, { pointId: 'phone', role: 'grid', rect: { x: 640, y: 180, w: 640, h: 360 } }] },
    ];
    const edl: EditList = { format: 'hoinghi-program-edit-list', version: 1, conferenceId: 'cm', recordingId: 'lb', startedAt: 1_000_000, stoppedAt: 1_004_000, open: false, durationMs: 4_000, width: PROGRAM_WIDTH, height: PROGRAM_HEIGHT, shots, speeches: [], pointNames: {} };
    const output = path.join(work, 'program.mp4');
    const job = programRenderJob(edl, pieces, { output, fontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', boldFontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' });
    for (const f of job.files) writeFileSync(path.join(work, f.name), f.content);
    for (const args of job.steps) await run('ffmpeg', args, { cwd: work });

    const at = (t: number, x: number, y: number) => colourAt(output, t, { x: x - 4, y: y - 4, w: 8, h: 8 });
    // 4:3 full frame: 960×720 centred, bars of 160 px left and right.
    expect(near(at(1, 60, 300), rgbOf(BACKGROUND)), 'left bar').toBe(true);
    expect(near(at(1, 1220, 600), rgbOf(BACKGROUND)), 'right bar').toBe(true);
    expect(near(at(1, 200, 300), rgbOf(GREEN)), 'the picture just inside its left edge').toBe(true);
    expect(near(at(1, 1070, 600), rgbOf(GREEN)), 'the picture just inside its right edge').toBe(true);
    // Portrait inset (320×180 at x 936): 100×180 centred (x 1046–1146), the rest of the inset background, not the main picture.
    const inset = insetRect(0);
    expect(near(at(1, inset.x + 30, inset.y + 90), rgbOf(BACKGROUND)), 'inset left bar').toBe(true);
    expect(near(at(1, inset.x + inset.w - 30, inset.y + 90), rgbOf(BACKGROUND)), 'inset right bar').toBe(true);
    expect(near(at(1, inset.x + 160, inset.y + 90), rgbOf(YELLOW)), 'inset picture centred').toBe(true);
    // The grid: the 4:3 camera 480×360 centred in its 640×360 cell, the portrait 202×360 in its own.
    expect(near(at(3, 40, 360), rgbOf(BACKGROUND)), 'cell 1 left bar').toBe(true);
    expect(near(at(3, 320, 360), rgbOf(GREEN)), 'cell 1 picture').toBe(true);
    expect(near(at(3, 640 + 120, 360), rgbOf(BACKGROUND)), 'cell 2 left bar').toBe(true);
    expect(near(at(3, 960, 360), rgbOf(YELLOW)), 'cell 2 picture').toBe(true);
    expect(near(at(3, 640 + 520, 360), rgbOf(BACKGROUND)), 'cell 2 right bar').toBe(true);
  }, 180_000);
});
