import { describe, expect, it } from 'vitest';
import { chair, discussing, pointOp, THOI_BINH, U_MINH, type Scenario } from '../meeting/testkit.js';
import { minutesMarkdown } from './minutes-markdown.js';
import { speechCells } from './minutes-text.js';
import { minutes } from './minutes.js';

// The minutes link each speech to its place in the program recording (issue #16): the offset
// from the start of the recording run that was going on when the speech began, which is where
// the speech is in that run's program cut (its edit list starts at the run's start).

const of = (s: Scenario) => minutes({ events: s.log, seq: s.log.length, at: s.now });

function speech(s: Scenario, pointId: string, id: string): void {
  s.do(pointOp(pointId), { type: 'requestFloor', id: `r-${id}`, pointId, topic: 'Ý kiến', kind: 'contribution' });
  s.do(chair, { type: 'grantFloor', requestId: `r-${id}`, speechId: id });
  s.tick(30);
  s.do(chair, { type: 'endSpeech', speechId: id });
}

describe('the minutes and the program recording', () => {
  it('give each recorded speech its time in the recording, and none to a speech not recorded', () => {
    const s = discussing();
    speech(s, THOI_BINH, 'sp-before');
    s.do(chair, { type: 'startRecording', id: 'rec-1' });
    s.tick(3 * 60 + 12);
    speech(s, U_MINH, 'sp-in');
    const rows = of(s).steps.flatMap((st) => st.speeches);
    expect(rows.map((r) => [r.speechId, r.inRecording])).toEqual([
      ['sp-before', ''],
      ['sp-in', '0:03:12'],
    ]);
    expect(speechCells(rows[1]!)[3]).toBe(`${rows[1]!.start} (ghi hình 0:03:12)`);
    expect(minutesMarkdown(of(s))).toContain(`| ${rows[1]!.start} (ghi hình 0:03:12) |`);
  });

  it('name the run when the conference was recorded in several', () => {
    const s = discussing();
    s.do(chair, { type: 'startRecording', id: 'rec-1' });
    s.tick(60);
    s.do(chair, { type: 'stopRecording' });
    s.tick(60);
    s.do(chair, { type: 'startRecording', id: 'rec-2' });
    s.tick(3_725);
    speech(s, THOI_BINH, 'sp-late');
    expect(of(s).steps.flatMap((st) => st.speeches).map((r) => r.inRecording)).toEqual(['lần 2, 1:02:05']);
  });
});
