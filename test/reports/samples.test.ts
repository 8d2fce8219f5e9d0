import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from './render-all.js';
import { scriptedCaMauMeeting } from './scripted-meeting.js';

// The committed samples in docs/samples are what the renderers make today (`npm run
// samples:reports` rewrites them); a renderer change without new samples fails here.

const dir = join(import.meta.dirname, '..', '..', 'docs', 'samples');

describe('docs/samples', () => {
  const { events } = scriptedCaMauMeeting();
  it.each([
    ['bao-cao-diem-danh.csv', 'attendance', 'csv', 'attendees'],
    ['bao-cao-diem-danh-tong-hop.csv', 'attendance', 'csv', 'totals'],
    ['bao-cao-diem-danh-ket-noi.csv', 'attendance', 'csv', 'presence'],
    ['bao-cao-diem-danh.xlsx', 'attendance', 'xlsx', 'attendees'],
    ['bao-cao-diem-danh.pdf', 'attendance', 'pdf', 'attendees'],
    ['bien-ban-hoi-nghi.pdf', 'minutes', 'pdf', 'attendees'],
    ['bien-ban-hoi-nghi.docx', 'minutes', 'docx', 'attendees'],
    ['bien-ban-hoi-nghi.md', 'minutes', 'md', 'attendees'],
  ] as const)('%s is up to date', async (file, report, format, view) => {
    const committed = readFileSync(join(dir, file));
    const now = await render(events, { report, format, view });
    expect(Buffer.compare(committed, now), `${file} differs: run npm run samples:reports`).toBe(0);
  });
});
