import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Api } from './support/api.js';
import { CONF, setUpConference, THOI_BINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Malformed input, over sockets and HTTP: each gets its specific refusal, the process stays up,
// the other clients carry on and the conference is unchanged. Below socket.io (broken frames,
// invalid UTF-8, oversized frames) only that connection is closed.

let server: TestServer;
let tokens: ConferenceTokens;
let chair: MeetingClient;
let point: MeetingClient;

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  point = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
  for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
  expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
});
afterAll(async () => {
  chair?.close();
  point?.close();
  await server.dispose();
});

function nested(depth: number): unknown {
  let value: unknown = { type: 'nextAgendaStep' };
  for (let i = 0; i < depth; i++) value = { x: value };
  return value;
}

const floor = { type: 'requestFloor', pointId: THOI_BINH, kind: 'contribution' };

/** [name, arguments of the `command` message (without the ack), expected code] */
const socketCases: [string, unknown[], string][] = [
  ['a number instead of an envelope', [42], 'MALFORMED'],
  ['null', [null], 'MALFORMED'],
  ['a string', ['grantFloor'], 'MALFORMED'],
  ['an array', [[{ type: 'nextAgendaStep' }]], 'MALFORMED'],
  ['an empty envelope (missing command)', [{}], 'MALFORMED'],
  ['an extra envelope field', [{ command: { type: 'nextAgendaStep' }, admin: true }], 'MALFORMED'],
  ['command not an object', [{ command: 'nextAgendaStep' }], 'MALFORMED'],
  ['two payloads', [{ command: { type: 'nextAgendaStep' } }, { command: { type: 'nextAgendaStep' } }], 'MALFORMED'],
  ['a command without type', [{ command: { pointId: THOI_BINH } }], 'INVALID_COMMAND'],
  ['type of the wrong type', [{ command: { type: 7 } }], 'INVALID_COMMAND'],
  ['an unknown command type', [{ command: { type: 'dropDatabase' } }], 'UNKNOWN_COMMAND'],
  ['a prototype-ish type', [{ command: { type: '__proto__' } }], 'UNKNOWN_COMMAND'],
  ['a field of the wrong type', [{ command: { type: 'setLayout', mode: 3 } }], 'INVALID_COMMAND'],
  ['a value outside its enum', [{ command: { type: 'setLayout', mode: 'zoom' } }], 'INVALID_COMMAND'],
  ['a missing field', [{ command: { type: 'grantFloor' } }], 'INVALID_COMMAND'],
  ['an extra field', [{ command: { type: 'nextAgendaStep', force: true } }], 'INVALID_COMMAND'],
  ['a negative headcount', [{ command: { type: 'reportReadiness', pointId: THOI_BINH, headcount: -1 } }], 'INVALID_COMMAND'],
  ['NaN-like number as string', [{ command: { type: 'reportReadiness', pointId: THOI_BINH, headcount: '12' } }], 'INVALID_COMMAND'],
  ['a topic past its schema limit (600 chars)', [{ command: { ...floor, topic: 'a'.repeat(600) } }], 'INVALID_COMMAND'],
  ['a huge string (100 KB)', [{ command: { ...floor, topic: 'ư'.repeat(50_000) } }], 'TOO_LARGE'],
  ['a huge array', [{ command: { type: 'reorderAgenda', stepIds: Array.from({ length: 20_000 }, (_, i) => `s${i}`) } }], 'TOO_LARGE'],
  ['an object nested 40 deep', [{ command: nested(40) }], 'TOO_DEEP'],
  ['a lone surrogate in a string (not valid Unicode)', [{ command: { ...floor, topic: 'Giao th\ud800ng' } }], 'BAD_ENCODING'],
  ['a lone surrogate in a key', [{ command: { type: 'nextAgendaStep', ['\udfff']: 1 } }], 'BAD_ENCODING'],
  ['binary data in a field', [{ command: { ...floor, topic: Buffer.from('Thủy lợi') } }], 'BINARY_NOT_ALLOWED'],
  ['binary data as the payload', [Buffer.from([0xde, 0xad, 0xbe, 0xef])], 'BINARY_NOT_ALLOWED'],
];

/** Waits until the room appended nothing for 150 ms (a link's first opening is recorded after the join). */
async function quiet(): Promise<void> {
  const room = server.rooms.get(CONF)!;
  for (let last = -1, i = 0; i < 40 && room.seq !== last; i++) {
    last = room.seq;
    await new Promise((r) => setTimeout(r, 150));
    await room.serially(() => undefined);
  }
}

async function unchanged(run: () => Promise<void>): Promise<void> {
  const room = server.rooms.get(CONF)!;
  const before = { seq: room.seq, state: structuredClone(room.state) };
  await run();
  await room.serially(() => undefined);
  expect(room.seq).toBe(before.seq);
  expect(room.state).toEqual(before.state);
  expect(await server.store.lastSeq(CONF)).toBe(before.seq);
}

describe('malformed socket messages get a specific ack and change nothing', () => {
  it.each(socketCases.map(([name, args, code]) => ({ name, args, code })))('$name → $code', async ({ args, code }) => {
    await unchanged(async () => {
      const ack = (await point.sendRaw(...args)) as { ok: boolean; code: string; message: string };
      expect(ack).toMatchObject({ ok: false, code });
      expect(ack.message.length).toBeLessThan(1100);
    });
    expect(point.socket.connected).toBe(true);
  });

  it('an object nested 40,000 deep (sent raw: socket.io-client cannot even encode it) → TOO_DEEP', async () => {
    // Joined first: a link's first opening is itself recorded (recordLinkOpened), the message is not.
    const ws = await rawSocket(tokens.clerk);
    await quiet();
    await unchanged(async () => {
      const depth = 40_000;
      const deep = `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const ack = new Promise<string>((resolve) => ws.on('message', (data) => data.toString().startsWith('437[') && resolve(data.toString())));
      ws.send(`427["command",{"command":${deep}}]`);
      expect(JSON.parse((await ack).slice(3))).toEqual([{ ok: false, code: 'TOO_DEEP', message: expect.any(String) }]);
      ws.close();
    });
  });

  it('a command sent without an ack callback is not run', async () => {
    await unchanged(async () => {
      (point.socket as unknown as { emit: (event: string, payload: unknown) => void }).emit('command', {
        command: { type: 'requestFloor', pointId: THOI_BINH, topic: 'Không cần trả lời', kind: 'contribution' },
      });
      await new Promise((r) => setTimeout(r, 200));
    });
  });

  it('an unknown message name → UNKNOWN_MESSAGE', async () => {
    await unchanged(async () => {
      expect(await point.emitRaw('becomeChair', { please: true })).toMatchObject({ ok: false, code: 'UNKNOWN_MESSAGE' });
    });
  });

  it('a malformed catch-up request → MALFORMED', async () => {
    expect(await point.emitRaw('catchUp', { afterSeq: -1 })).toMatchObject({ ok: false, code: 'MALFORMED' });
    expect(await point.emitRaw('catchUp', { afterSeq: 'all' })).toMatchObject({ ok: false, code: 'MALFORMED' });
    expect(await point.emitRaw('catchUp', { afterSeq: 0, more: 1 })).toMatchObject({ ok: false, code: 'MALFORMED' });
  });

  it('after all that, the same socket still works', async () => {
    expect(await point.do({ type: 'requestFloor', pointId: THOI_BINH, topic: 'Nuôi tôm', kind: 'contribution' })).toMatchObject({ ok: true });
    expect(point.violations).toEqual([]);
  });
});

/** A raw engine.io websocket that has done the socket.io handshake with a valid token. */
async function rawSocket(token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
      else if (text.startsWith('40{')) resolve();
    });
  });
  return ws;
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('broken frames below socket.io close only that connection', () => {
  const frames: [string, (ws: WebSocket) => void][] = [
    ['invalid UTF-8 in a text frame', (ws) => ws.send(Buffer.from([0x34, 0x32, 0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), { binary: false })],
    ['a truncated socket.io packet', (ws) => ws.send('42["command",{"command":')],
    ['an unknown engine.io packet type', (ws) => ws.send('9hello')],
    ['a binary frame with no binary packet announced', (ws) => ws.send(Buffer.from([1, 2, 3, 4]), { binary: true })],
    ['a frame over the 256 KB limit', (ws) => ws.send(`42["command",{"command":{"type":"x","t":"${'a'.repeat(300_000)}"}}]`)],
  ];

  it.each(frames)('%s', async (_name, send) => {
    // Joined first: a link's first opening is itself recorded (recordLinkOpened), the frame is not.
    const ws = await rawSocket(tokens.observer);
    await quiet();
    await unchanged(async () => {
      const done = closed(ws);
      send(ws);
      await done;
    });
    const health = await new Api(server.url).get('/healthz');
    expect(health.status).toBe(200);
    expect(chair.socket.connected).toBe(true);
    expect(await chair.send({ type: 'setLayout', mode: 'presiding' })).toMatchObject({ ok: false, code: 'NO_CHANGE' });
  });
});

describe('malformed HTTP requests', () => {
  it('answers each with { code, message } and the right status, changing nothing', async () => {
    const api = new Api(server.url, tokens.chair);
    const path = `/api/conferences/${CONF}/commands`;
    await unchanged(async () => {
      expect(await api.post(path, '{"command":', { 'content-type': 'application/json' })).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
      expect(await api.post(path, { command: { type: 'setLayout', mode: 3 } })).toMatchObject({ status: 400, body: { code: 'INVALID_COMMAND' } });
      expect(await api.post(path, { command: { type: 'nope' } })).toMatchObject({ status: 400, body: { code: 'UNKNOWN_COMMAND' } });
      expect(await api.post(path, { command: { type: 'nextAgendaStep' }, also: 1 })).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
      expect(await api.post(path, 'nextAgendaStep', { 'content-type': 'text/plain' })).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
      expect(await api.post(path, { command: { ...floor, topic: 'x'.repeat(70_000) } })).toMatchObject({ status: 413, body: { code: 'TOO_LARGE' } });
      expect(await api.post(path, { command: { type: 'setConferenceStatus', status: 'draft' } })).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });
      expect(await api.get(`/api/conferences/${CONF}/events?after=-3`)).toMatchObject({ status: 400, body: { code: 'MALFORMED' } });
      expect(await api.get(`/api/conferences/nope/state`)).toMatchObject({ status: 403, body: { code: 'TOKEN_WRONG_CONFERENCE' } });
      expect(await api.get(`/api/nothing-here`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      const root = new Api(server.url, server.serverAdminToken);
      const big = new Uint8Array(6 * 1024 * 1024).fill(0x41);
      expect(await root.post(`/api/conferences/${CONF}/invitations`, big, { 'content-type': 'text/csv' })).toMatchObject({ status: 413, body: { code: 'TOO_LARGE' } });
      expect(await root.post(`/api/conferences/${CONF}/invitations`, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), { 'content-type': 'application/vnd.ms-excel' })).toMatchObject({
        status: 400,
        body: { code: 'IMPORT_INVALID' },
      });
    });
  });
});
