// The signalling benches' conference, set up through the organiser's HTTP API as an organiser
// would: one central point and `points` communes (one addPoints), `agenda` discussion steps,
// opened to "in session", and a join link for the chair, the clerk and every point.
export type ConferenceLinks = { id: string; chair: string; clerk: string; points: { pointId: string; token: string }[] };

export const pointIdOf = (i: number) => `p${String(i).padStart(4, '0')}`;

/** The server-admin side of the HTTP API of one node. */
export class AdminApi {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async command(conf: string, cmd: Record<string, unknown>): Promise<void> {
    const r = await this.call('POST', `/api/conferences/${conf}/commands`, { command: cmd });
    if (r.status !== 200) throw new Error(`${conf} ${String(cmd.type)}: ${JSON.stringify(r.body)}`);
  }

  async link(conf: string, role: 'chair' | 'clerk'): Promise<string> {
    const r = await this.call('POST', `/api/conferences/${conf}/links`, { role });
    if (r.status !== 201) throw new Error(`link ${role}: ${JSON.stringify(r.body)}`);
    return tokenOf((r.body.link as { url: string }).url);
  }
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#t=/, '');

/**
 * Creates conference `bench-<k>` through `api` (in cluster mode the node it is created on writes
 * it) with `points` communes besides the central point.
 */
export async function setUpConference(api: AdminApi, k: number, points: number, agenda: number): Promise<ConferenceLinks> {
  const id = `bench-${k}`;
  const created = await api.call('POST', '/api/conferences', { id, title: `Hội nghị thử tải ${k}`, date: '2026-11-28', organiser: 'UBND tỉnh', venue: 'Hội trường UBND tỉnh' });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  await api.command(id, { type: 'addOrganisation', id: 'ubnd', name: 'UBND' });
  const all = [{ id: pointIdOf(0), name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central' }];
  for (let i = 1; i <= points; i++) all.push({ id: pointIdOf(i), name: `Xã ${i}`, kind: 'commune' });
  for (let i = 0; i < all.length; i += 1000) await api.command(id, { type: 'addPoints', points: all.slice(i, i + 1000) });
  for (let a = 0; a < agenda; a++) await api.command(id, { type: 'addAgendaStep', id: `a${a}`, title: `Nội dung ${a + 1}`, kind: 'discussion', plannedMinutes: 5 });
  for (const status of ['scheduled', 'rollCall', 'inSession']) await api.command(id, { type: 'setConferenceStatus', status });
  const issued = await api.call('POST', `/api/conferences/${id}/links/points`, {});
  if (issued.status !== 201) throw new Error(`point links: ${JSON.stringify(issued.body)}`);
  const byPoint = new Map((issued.body.issued as { pointId: string; url: string }[]).map((l) => [l.pointId, tokenOf(l.url)]));
  const communes = all.slice(1).map((p) => ({ pointId: p.id, token: byPoint.get(p.id)! }));
  return { id, chair: await api.link(id, 'chair'), clerk: await api.link(id, 'clerk'), points: communes };
}
