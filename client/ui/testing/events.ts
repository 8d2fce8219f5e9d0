import type { MeetingEvent } from '../../../shared/protocol/index.js';

// A small conference as the server would have logged it: setup, roll-call open, in session, the
// discussion step running, two requests waiting.

const admin = { role: 'admin' as const };
const chair = { role: 'chair' as const };
const sys = { role: 'system' as const };

export const SETUP: MeetingEvent[] = [
  { type: 'conferenceCreated', at: 0, by: admin, conferenceId: 'cm', title: 'Hội nghị trực tuyến', date: '2021-01-04', startTime: null, organiser: 'UBND tỉnh Cà Mau', venue: 'Cà Mau' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'c', name: 'Điểm cầu trung tâm', kind: 'central', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'tb', name: 'Huyện Thới Bình', kind: 'district', contact: '' },
  { type: 'pointAdded', at: 0, by: admin, pointId: 'um', name: 'Huyện U Minh', kind: 'district', contact: '' },
  { type: 'organisationAdded', at: 0, by: admin, organisationId: 'ub-tb', name: 'UBND huyện Thới Bình' },
  { type: 'organisationAdded', at: 0, by: admin, organisationId: 'ub-um', name: 'UBND huyện U Minh' },
  {
    type: 'invitationListImported', at: 0, by: admin, mode: 'replace',
    attendees: [
      { id: 'a1', name: 'Nguyễn Văn An', position: 'Chủ tịch UBND huyện', organisationId: 'ub-tb', pointId: 'tb', line: 2 },
      { id: 'a2', name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND huyện', organisationId: 'ub-tb', pointId: 'tb', line: 3 },
      { id: 'a3', name: 'Lê Văn Cường', position: 'Chủ tịch UBND huyện', organisationId: 'ub-um', pointId: 'um', line: 4 },
    ],
  },
  { type: 'agendaStepAdded', at: 0, by: admin, stepId: 's-open', title: 'Khai mạc', kind: 'opening', presenter: null, presidingMemberId: null, plannedMinutes: 10, documents: [] },
  { type: 'agendaStepAdded', at: 0, by: admin, stepId: 's-disc', title: 'Thảo luận', kind: 'discussion', presenter: null, presidingMemberId: null, plannedMinutes: 60, documents: [] },
  { type: 'conferenceStatusChanged', at: 1, by: admin, from: 'draft', to: 'scheduled' },
  { type: 'conferenceStatusChanged', at: 2, by: chair, from: 'scheduled', to: 'rollCall' },
  { type: 'pointWentOnline', at: 3, by: sys, pointId: 'tb' },
  { type: 'pointWentOnline', at: 3, by: sys, pointId: 'um' },
];

export const DISCUSSING: MeetingEvent[] = [
  ...SETUP,
  { type: 'conferenceStatusChanged', at: 4, by: chair, from: 'rollCall', to: 'inSession' },
  { type: 'agendaStepStarted', at: 5, by: chair, stepId: 's-disc' },
  { type: 'queueOpened', at: 5, by: chair },
  { type: 'floorRequested', at: 10, by: { role: 'point', pointId: 'tb' }, requestId: 'r1', pointId: 'tb', delegateName: 'Nguyễn Văn An', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution', index: 0 },
  { type: 'floorRequested', at: 20, by: { role: 'point', pointId: 'um' }, requestId: 'r2', pointId: 'um', delegateName: null, delegatePosition: null, topic: 'Giảm nghèo', kind: 'contribution', index: 1 },
];
