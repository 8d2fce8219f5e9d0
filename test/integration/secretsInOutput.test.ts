import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { spawnServer, type ChildServer } from './support/childServer.js';
import { CONF, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, type ConnectOptions } from './support/meetingClient.js';

// Issue 14, finding 8: no token and not the HMAC secret in a log line, a report or an error
// message. A real server process (its stdout and stderr are the log) with a known secret runs a
// conference through its life: set up, joins of every role, roll-call, the floor, a note,
// adjourned, closed (which revokes the links); along the way every kind of refusal (forged,
// tampered, revoked, wrong-conference tokens, bad commands) over HTTP and sockets. Then every
// report is fetched (CSV, MD, XLSX, DOCX, PDF through pdftotext, the JSONL log) and all of it
// searched for each token, each token's signature and the secret.
//
// Where a token is meant to be: the stdout link table shows the server-admin link to whoever
// started the server (announce.ts), and the links API and the connection sheets hand point links
// to an admin. Those answers are not searched; everything else is.

const SECRET = 'fuzz-known-secret-0123456789-abcdefghijklmnop';
let server: ChildServer;
let dataDir: string;
let tokens: ConferenceTokens;
/** every answer, refusal and report text, labelled */
const outputs: { where: string; text: string }[] = [];

function needles(): { name: string; value: string }[] {
  const all: [string, string][] = [['server admin', server.serverAdminToken], ...Object.entries(tokens).filter((e): e is [string, string] => typeof e[1] === 'string'), ...Object.entries(tokens.points)];
  const out = all.flatMap(([name, token]) => [
    { name: `${name} token`, value: token },
    { name: `${name} token signature`, value: token.split('.')[2]! },
  ]);
  out.push({ name: 'HMAC secret', value: SECRET }, { name: 'HMAC secret (hex)', value: Buffer.from(SECRET).toString('hex') }, { name: 'HMAC secret (base64)', value: Buffer.from(SECRET).toString('base64') });
  return out;
}

async function record(where: string, call: Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> {
  const res = await call;
  outputs.push({ where: `${where} → ${res.status}`, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) });
  return res;
}

async function fetchBytes(url: string, token: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A join that must be refused: the whole connect_error (message and data) as the client sees it. */
async function refusal(token: string, options: ConnectOptions = {}): Promise<string> {
  try {
    (await MeetingClient.connect(server.url, token, options)).close();
    return 'ACCEPTED';
  } catch (error) {
    const e = error as Error & { data?: unknown };
    return JSON.stringify({ message: e.message, data: e.data });
  }
}

function textOf(file: string, bytes: Buffer): string {
  if (file.endsWith('.pdf')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'hoinghi-pdf-'));
    try {
      writeFileSync(path.join(dir, 'f.pdf'), bytes);
      return execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (file.endsWith('.docx') || file.endsWith('.xlsx')) {
    return Object.values(unzipSync(new Uint8Array(bytes)))
      .map((u8) => strFromU8(u8))
      .join('\n');
  }
  return bytes.toString('utf8');
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-secrets-'));
  server = await spawnServer(dataDir, { HOINGHI_SECRET: SECRET, HOINGHI_LOG_LEVEL: 'debug' });
  tokens = await setUpConference(server);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('no token or secret in logs, reports or error messages (finding 8)', () => {
  it('runs a conference through its life, with refusals of every kind along the way', { timeout: 120_000 }, async () => {
    const admin = new Api(server.url, tokens.admin);
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const clerk = await MeetingClient.join(server.url, tokens.clerk);
    const thoiBinh = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
    const uMinh = await MeetingClient.join(server.url, tokens.points[U_MINH]!);
    const observer = await MeetingClient.join(server.url, tokens.observer);
    const state = async () => (await admin.get<{ state: { attendeeOrder: string[]; queue: { waiting: string[]; requests: unknown }; speechOrder: string[] } }>(`/api/conferences/${CONF}/state`)).body.state;
    const ok = async (client: MeetingClient, command: unknown) => {
      const ack = await client.send(command);
      outputs.push({ where: `ack of ${JSON.stringify(command).slice(0, 60)}`, text: JSON.stringify(ack) });
      expect(ack, JSON.stringify(command)).toMatchObject({ ok: true });
    };

    await ok(chair, { type: 'setConferenceStatus', status: 'rollCall' });
    await ok(thoiBinh, { type: 'reportReadiness', pointId: THOI_BINH, headcount: 12 });
    for (const attendeeId of (await state()).attendeeOrder) await ok(clerk, { type: 'markAttendance', attendeeId, mark: { status: 'present' } });
    await ok(chair, { type: 'setConferenceStatus', status: 'inSession' });
    await ok(chair, { type: 'startAgenda' });
    await ok(chair, { type: 'nextAgendaStep' });
    await ok(thoiBinh, { type: 'requestFloor', pointId: THOI_BINH, topic: 'Giao thông nông thôn', kind: 'contribution' });
    await ok(uMinh, { type: 'requestFloor', pointId: U_MINH, topic: 'Phòng chống cháy rừng', kind: 'contribution' });
    await ok(chair, { type: 'grantFloor', requestId: (await state()).queue.waiting[0] });
    await ok(clerk, { type: 'addMinutesNote', text: 'Đồng chí Nguyễn Văn A phát biểu về giao thông nông thôn.' });
    await ok(chair, { type: 'nextAgendaStep' });

    // Refusals over sockets: each ack must name the problem without echoing a credential.
    for (const command of [{ type: 'grantFloor' }, { type: 'setConferenceStatus', status: 'draft' }, { type: 'nope' }, { type: 'addMinutesNote', text: tokens.chair }]) {
      outputs.push({ where: `refusal of ${command.type} by the observer`, text: JSON.stringify(await observer.send(command)) });
    }
    // Refused joins: tampered, truncated, another conference's id, a token as the conference id.
    const [v, payload, signature] = tokens.chair.split('.');
    for (const [name, token, options] of [
      ['tampered signature', `${v}.${payload}.${signature!.slice(0, -3)}xyz`, {}],
      ['tampered payload', `${v}.${payload!.slice(0, -2)}AA.${signature}`, {}],
      ['truncated', tokens.chair.slice(0, 40), {}],
      ['wrong conference', server.serverAdminToken, { conferenceId: 'no-such-conference' }],
      ['garbage', `${tokens.clerk}${tokens.chair}`, {}],
    ] as const) {
      outputs.push({ where: `refused join (${name})`, text: await refusal(token, options) });
    }
    // Refusals over HTTP.
    await record('HTTP tampered token', new Api(server.url, `${v}.${payload}.${signature!.slice(0, -3)}xyz`).get(`/api/conferences/${CONF}/state`));
    await record('HTTP token in the path', admin.get(`/api/conferences/${encodeURIComponent(tokens.chair)}/state`));
    await record('HTTP token in a query', admin.get(`/api/conferences/${CONF}/events?after=${encodeURIComponent(tokens.chair)}`));
    await record('HTTP token in a bad command', admin.post(`/api/conferences/${CONF}/commands`, { command: { type: 'setLayout', mode: tokens.chair } }));
    await record('HTTP token as JSON garbage', admin.post(`/api/conferences/${CONF}/commands`, `{"command":"${tokens.chair}`, { 'content-type': 'application/json' }));
    await record('HTTP point reading reports', new Api(server.url, tokens.points[THOI_BINH]).get(`/api/conferences/${CONF}/reports/minutes.md`));
    await record('HTTP who am I with a point token', new Api(server.url, tokens.points[THOI_BINH]).get('/api/whoami'));

    await ok(chair, { type: 'setConferenceStatus', status: 'adjourned' });
    for (const c of [chair, clerk, thoiBinh, uMinh, observer]) c.close();
    const closed = await record('close', admin.post(`/api/conferences/${CONF}/close`));
    expect(closed.status).toBe(200);
    // After closing, the revoked links are refused: the refusals too are searched.
    outputs.push({ where: 'refused join (revoked)', text: await refusal(tokens.points[U_MINH]!) });
    await record('HTTP revoked token', new Api(server.url, tokens.clerk).get(`/api/conferences/${CONF}/state`));

    // Every report, and the log export, as the admin (whose link survives closing).
    for (const file of ['attendance.csv', 'attendance.xlsx', 'attendance.pdf', 'minutes.pdf', 'minutes.docx', 'minutes.md']) {
      const res = await fetchBytes(`${server.url}/api/conferences/${CONF}/reports/${file}`, tokens.admin);
      expect(res.status, file).toBe(200);
      outputs.push({ where: `report ${file}`, text: textOf(file, res.bytes) });
    }
    const jsonl = await fetchBytes(`${server.url}/api/conferences/${CONF}/events.jsonl`, tokens.admin);
    expect(jsonl.status).toBe(200);
    outputs.push({ where: 'events.jsonl', text: jsonl.bytes.toString('utf8') });
    expect(outputs.find((o) => o.where === 'report minutes.md')?.text).toContain('Giao thông nông thôn');
  });

  it('no answer, refusal, report or log line holds a token, a token’s signature or the secret', async () => {
    await server.stop();
    const stdout = server.stdout();
    const jsonLines = stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(10);
    if (process.env["HOINGHI_TEST_DUMP"]) console.log(stdout, server.stderr(), outputs);
    // The stdout link table is for the person who started the server; it holds only the server-admin link.
    const table = stdout.split('\n').filter((l) => l.length > 0 && !l.startsWith('{'));
    const searched = [...outputs, ...jsonLines.map((text) => ({ where: 'log line', text })), { where: 'stderr', text: server.stderr() }, ...table.map((text) => ({ where: 'stdout table', text }))];
    const leaks: string[] = [];
    for (const { name, value } of needles())
      for (const { where, text } of searched) {
        if (where === 'stdout table' && name.startsWith('server admin')) continue;
        if (text.includes(value)) leaks.push(`${name} in ${where}: …${text.slice(Math.max(0, text.indexOf(value) - 80), text.indexOf(value) + 20)}…`);
      }
    expect(leaks).toEqual([]);
    expect(outputs.length).toBeGreaterThan(30);
  });
});
