import { Api } from '../integration/support/api.js';
import { INVITATIONS_CSV, POINTS, SETUP } from '../integration/support/fixture.js';

// A fresh conference for each fuzz cycle, set up through the HTTP API as an integration would
// (the fixture's points, panel, agenda and invitation list), with one link per role and point
// and a second device on one point: the principals the fuzzer speaks as. A new one each cycle,
// because the fuzzer may well close the previous one or revoke its links.

export interface FuzzConference {
  readonly conferenceId: string;
  /** label → token: admin, chair, clerk, observer, point:<id>, point2:<id> */
  readonly tokens: ReadonlyMap<string, string>;
  /** label → link id */
  readonly linkIds: ReadonlyMap<string, string>;
}

async function must<T>(what: string, call: Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const res = await call;
  if (res.status !== status) throw new Error(`fuzz setup: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function setUpFuzzConference(url: string, serverAdminToken: string, conferenceId: string): Promise<FuzzConference> {
  const root = new Api(url, serverAdminToken);
  await must('create', root.post('/api/conferences', { id: conferenceId, title: `Hội nghị kiểm thử ${conferenceId}`, date: '2021-01-04', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường' }), 201);
  for (const command of SETUP) await must(command.type, root.post(`/api/conferences/${conferenceId}/commands`, { command }), 200);
  await must('import', root.post(`/api/conferences/${conferenceId}/invitations?mode=replace&fileName=ds.csv`, new TextEncoder().encode(INVITATIONS_CSV), { 'content-type': 'text/csv' }), 200);
  await must('schedule', root.post(`/api/conferences/${conferenceId}/commands`, { command: { type: 'setConferenceStatus', status: 'scheduled' } }), 200);
  const tokens = new Map<string, string>();
  const linkIds = new Map<string, string>();
  const issue = async (label: string, body: Record<string, unknown>) => {
    const { link } = await must<{ link: { id: string; url: string } }>(label, root.post(`/api/conferences/${conferenceId}/links`, body), 201);
    tokens.set(label, new URL(link.url).hash.replace(/^#t=/, ''));
    linkIds.set(label, link.id);
  };
  for (const role of ['admin', 'chair', 'clerk', 'observer']) await issue(role, { role });
  for (const pointId of POINTS) await issue(`point:${pointId}`, { role: 'point', pointId, secondDevice: pointId === POINTS[1] ? 'standby' : 'takeover' });
  return { conferenceId, tokens, linkIds };
}
