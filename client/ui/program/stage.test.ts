import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/meeting/evolve.js';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { wallTiles } from '../chair/wallTiles.js';
import { programCaption, programPlan, stageVideos } from '../../../shared/media/program-view.js';

const admin = { role: 'admin' as const };
const chair = { role: 'chair' as const };
const sys = { role: 'system' as const };
const setup: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'UBND tỉnh', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'U Minh', kind: 'district', contact: '' },
  { type: 'panelMemberAdded', at: 0, by: admin, memberId: 'm1', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' },
  { type: 'agendaStepAdded', at: 0, by: admin, stepId: 's1', title: 'Thảo luận', kind: 'discussion', presenter: null, presidingMemberId: 'm1', plannedMinutes: 60, documents: [] },
  { type: 'pointWentOnline', at: 1, by: sys, pointId: 'c' },
  { type: 'pointWentOnline', at: 1, by: sys, pointId: 'tb' },
  { type: 'pointWentOnline', at: 1, by: sys, pointId: 'um' },
  { type: 'agendaStepStarted', at: 2, by: chair, stepId: 's1' },
  { type: 'floorRequested', at: 3, by: { role: 'point', pointId: 'tb' }, requestId: 'r1', pointId: 'tb', delegateName: 'Nguyễn Văn An', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution', index: 0 },
];
const granted: MeetingEvent = {
  type: 'floorGranted', at: 4, by: chair, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: 'Nguyễn Văn An', speakerPosition: 'Chủ tịch UBND huyện', limitSeconds: 300,
};

const sizes = (plan: ReturnType<typeof programPlan>) => Object.fromEntries(plan.tiles.filter((t) => t.size !== 'hidden').map((t) => [t.pointId, t.size]));

describe('the program', () => {
  it('gives every connected point a place even before its video arrives', () => {
    expect(stageVideos(replay(setup), [])).toEqual([
      { pointId: 'c', source: 'camera' },
      { pointId: 'tb', source: 'camera' },
      { pointId: 'um', source: 'camera' },
    ]);
  });

  it('shows the central point large, and the floor holder large at every other point', () => {
    expect(sizes(programPlan(replay(setup), [], { viewerPointId: 'um', pageSize: 6 }))).toEqual({ c: 'large', tb: 'thumbnail' });
    const speaking = replay([...setup, granted]);
    expect(sizes(programPlan(speaking, [], { viewerPointId: 'um', pageSize: 6 }))).toEqual({ c: 'large', tb: 'large' });
    // The speaker's own room does not see itself on the stage; it has its self-view.
    const own = programPlan(speaking, [], { viewerPointId: 'tb', pageSize: 6 });
    expect(own.tiles.find((t) => t.pointId === 'tb')).toMatchObject({ size: 'hidden', hiddenBecause: 'self' });
  });

  it('captions the floor holder with position and point, else the step’s presiding member', () => {
    expect(programCaption(replay([...setup, granted]), 10)).toEqual({
      name: 'Nguyễn Văn An',
      position: 'Chủ tịch UBND huyện',
      pointName: 'Thới Bình',
      kind: 'contribution',
      stepTitle: 'Thảo luận',
    });
    expect(programCaption(replay(setup), 10)).toEqual({ name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', pointName: 'UBND tỉnh', kind: null, stepTitle: 'Thảo luận' });
  });
});

describe('the chair’s wall', () => {
  it('shows presence, floor, spotlight and held microphones per point', () => {
    const s = replay([
      ...setup,
      granted,
      { type: 'microphoneOpened', at: 4, by: chair, pointId: 'tb' },
      { type: 'pointSignalLost', at: 5, by: sys, pointId: 'um' },
      { type: 'microphoneHeld', at: 6, by: chair, pointId: 'um' },
      { type: 'pointSpotlighted', at: 7, by: chair, pointId: 'tb' },
      { type: 'activeSpeakerChanged', at: 8, by: sys, pointId: 'tb' },
    ]);
    const tiles = Object.fromEntries(wallTiles(s, null, 10).map((t) => [t.pointId, t]));
    expect(tiles.tb).toMatchObject({ presence: 'online', hasFloor: true, spotlighted: true, talking: true, muted: false, held: false });
    expect(tiles.um).toMatchObject({ presence: 'lost', link: 'poor', muted: true, held: true, hasFloor: false });
    expect(tiles.c).toMatchObject({ central: true, presence: 'online' });
  });
});
