import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insetRect, PROGRAM_HEIGHT, PROGRAM_WIDTH } from '../../shared/recording/edit-list.js';
import { PROGRAM_BACKGROUND } from '../recording/lower-third.js';
import { backgroundKeyFrame, namePlateIvf, namePlateKeyFrame } from './filler.js';
import { SlotRelay } from './slot-relay.js';

// The live program's name plate: a point shown with no picture is named in its slot, as the
// program cut names it. Drawn by Debian's ffmpeg, decoded back; sent by a real slot relay over UDP.

const work = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-live-plate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Mean brightness (r + g + b) of a region of the first frame of a file. */
function brightness(file: string, r: { x: number; y: number; w: number; h: number }): number {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', `crop=${r.w}:${r.h}:${r.x}:${r.y},scale=1:1:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return raw[0]! + raw[1]! + raw[2]!;
}

const hex = PROGRAM_BACKGROUND.replace(/^0x/, '');
const BACKGROUND = [0, 2, 4].reduce((sum, i) => sum + Number.parseInt(hex.slice(i, i + 2), 16), 0);

describe('live name plate', () => {
  it('draws the name in the full frame, left of the insets, and in an inset on a lighter place', async () => {
    const full = path.join(work, 'full.ivf');
    writeFileSync(full, await namePlateIvf('Điểm cầu trung tâm UBND tỉnh', { w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT }, true));
    expect(brightness(full, { x: 80, y: 340, w: 760, h: 40 }) - BACKGROUND, 'the name’s line').toBeGreaterThan(60);
    expect(Math.abs(brightness(full, { x: 80, y: 150, w: 760, h: 40 }) - BACKGROUND), 'above it').toBeLessThan(30);
    expect(Math.abs(brightness(full, { x: insetRect(0).x + 20, y: 340, w: 280, h: 40 }) - BACKGROUND), 'the insets’ column').toBeLessThan(30);
    const inset = path.join(work, 'inset.ivf');
    writeFileSync(inset, await namePlateIvf('UBND huyện U Minh', { w: 320, h: 180 }, false));
    expect(brightness(inset, { x: 10, y: 10, w: 60, h: 30 }) - BACKGROUND, 'the lighter place').toBeGreaterThan(20);
    expect(brightness(inset, { x: 60, y: 80, w: 200, h: 20 }) - brightness(inset, { x: 10, y: 10, w: 60, h: 30 }), 'the name over it').toBeGreaterThan(40);
  });

  it('a slot that shows a point sending nothing sends its plate; nobody shown, the background', async () => {
    const background = await backgroundKeyFrame(PROGRAM_BACKGROUND, 640, 360);
    const plate = await namePlateKeyFrame('UBND huyện Thới Bình', { w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT }, true);
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
    const firsts: Buffer[] = [];
    sink.on('message', (m: Buffer) => {
      const payload = m.subarray(12);
      if (payload[0] === 0x10) firsts.push(Buffer.from(payload)); // a frame's first packet
    });
    const relay = await SlotRelay.open('video', { ip: '127.0.0.1', port: sink.address().port }, 96, background);
    relay.platesFrom((pointId) => (pointId === 'thoi-binh' ? plate : undefined));
    /** waits until the slot has sent `n` more frames than `from` (timers run late on a loaded machine) */
    const more = async (from: number, n: number) => {
      for (const end = Date.now() + 10_000; firsts.length < from + n && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
      return firsts.slice(from);
    };
    try {
      expect((await more(0, 2)).every((p) => p.equals(background.payloads[0]!)), 'nobody shown: the background').toBe(true);
      relay.show('thoi-binh');
      // the frame in flight when it switched may be either; from then on, the plate
      const afterShow = await more(firsts.length + 1, 3);
      expect(afterShow.length).toBeGreaterThanOrEqual(3);
      expect(afterShow.every((p) => p.equals(plate.payloads[0]!)), 'every filler after the switch is the plate').toBe(true);
      relay.show('u-minh'); // no plate for it (not drawn yet): the background
      const afterOther = await more(firsts.length + 1, 2);
      expect(afterOther.length).toBeGreaterThanOrEqual(2);
      expect(afterOther.every((p) => p.equals(background.payloads[0]!)), 'a point with no plate yet: the background').toBe(true);
    } finally {
      relay.close();
      sink.close();
    }
  });
});
