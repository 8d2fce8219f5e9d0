import { expect } from 'vitest';
import type { Command } from '../../../shared/protocol/index.js';
import { Api } from './api.js';

// A small conference in the Cà Mau shape, set up through the HTTP API the way an integration
// would: created by the server admin, points, panel, agenda, an invitation list from a CSV
// upload, and one join link per role and point.

export const CONF = 'hn-test-2021';
export const CENTRAL = 'trung-tam';
export const THOI_BINH = 'thoi-binh';
export const U_MINH = 'u-minh';
export const NAM_CAN = 'nam-can';
export const POINTS = [CENTRAL, THOI_BINH, U_MINH, NAM_CAN] as const;

export const SETUP: Command[] = [
  { type: 'addPoint', id: CENTRAL, name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central' },
  { type: 'addPoint', id: THOI_BINH, name: 'Huyện Thới Bình', kind: 'district' },
  { type: 'addPoint', id: U_MINH, name: 'Huyện U Minh', kind: 'district' },
  { type: 'addPoint', id: NAM_CAN, name: 'Huyện Năm Căn', kind: 'district' },
  { type: 'addPanelMember', id: 'm-hai', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy Cà Mau' },
  { type: 'addAgendaStep', id: 'a-open', title: 'Tuyên bố lý do, giới thiệu đại biểu', kind: 'opening', plannedMinutes: 10 },
  { type: 'addAgendaStep', id: 'a-discuss', title: 'Thảo luận', kind: 'discussion', plannedMinutes: 60 },
  { type: 'addAgendaStep', id: 'a-close', title: 'Kết luận, bế mạc', kind: 'conclusion', plannedMinutes: 10 },
];

export const INVITATIONS_CSV = [
  'STT,Họ và tên,Chức vụ,Cơ quan đơn vị,Điểm cầu',
  '1,Lê Quân,Chủ tịch UBND tỉnh,UBND tỉnh,Điểm cầu trung tâm UBND tỉnh',
  '2,Trần Văn Hiện,Chủ tịch HĐND tỉnh,HĐND tỉnh,Điểm cầu trung tâm UBND tỉnh',
  '3,Nguyễn Văn A,Chủ tịch UBND huyện,UBND huyện Thới Bình,Huyện Thới Bình',
  '4,Phạm Thị B,Phó Chủ tịch UBND huyện,UBND huyện U Minh,Huyện U Minh',
  '5,Võ Văn C,Chủ tịch UBND huyện,UBND huyện Năm Căn,Huyện Năm Căn',
].join('\r\n');

export interface ConferenceTokens {
  admin: string;
  chair: string;
  clerk: string;
  observer: string;
  points: Record<string, string>;
  /** link id per role or point id */
  linkIds: Record<string, string>;
}

function tokenOf(url: string): string {
  const token = new URL(url).hash.replace(/^#t=/, '');
  expect(token.length).toBeGreaterThan(20);
  return token;
}

/** Creates the test conference and returns a token per role and point. Leaves it `scheduled`. */
export async function setUpConference(server: { url: string; serverAdminToken: string }, conferenceId = CONF): Promise<ConferenceTokens> {
  const root = new Api(server.url, server.serverAdminToken);
  const created = await root.post('/api/conferences', {
    id: conferenceId,
    title: 'Hội nghị trực tuyến kiểm điểm công tác năm 2020',
    date: '2021-01-04',
    organiser: 'Ủy ban nhân dân tỉnh Cà Mau',
    venue: 'Hội trường UBND tỉnh',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const command of SETUP) {
    const res = await root.post(`/api/conferences/${conferenceId}/commands`, { command });
    expect(res.status, `${command.type}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  const imported = await root.post(`/api/conferences/${conferenceId}/invitations?mode=replace&fileName=danh-sach.csv`, new TextEncoder().encode(INVITATIONS_CSV), {
    'content-type': 'text/csv',
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  const status = await root.post(`/api/conferences/${conferenceId}/commands`, { command: { type: 'setConferenceStatus', status: 'scheduled' } });
  expect(status.status, JSON.stringify(status.body)).toBe(200);

  const issue = async (role: string, pointId?: string, extra: Record<string, unknown> = {}) => {
    const res = await root.post<{ link: { id: string; url: string } }>(`/api/conferences/${conferenceId}/links`, { role, ...(pointId ? { pointId } : {}), ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.link;
  };
  const tokens: ConferenceTokens = { admin: '', chair: '', clerk: '', observer: '', points: {}, linkIds: {} };
  for (const role of ['admin', 'chair', 'clerk', 'observer'] as const) {
    const link = await issue(role);
    tokens[role] = tokenOf(link.url);
    tokens.linkIds[role] = link.id;
  }
  for (const pointId of POINTS) {
    const link = await issue('point', pointId);
    tokens.points[pointId] = tokenOf(link.url);
    tokens.linkIds[pointId] = link.id;
  }
  return tokens;
}

export { tokenOf };
