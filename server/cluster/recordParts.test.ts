import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { RecordingService } from '../recording/recording-service.js';
import { RecordingStorage } from '../recording/storage.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { nodeKey, sign, SIGNATURE_HEADER } from './nodeSigning.js';
import { INCOMING_DIR, PART_HEADER, RECORD_PARTS_PATH, recordPartsRoute, type RecordPart } from './recordParts.js';

// The writer's end of gathering (recordParts.ts) on a real HTTP server and disk: a part is stored
// once however often it comes, never over other bytes, never half; names that are not a
// recorder's files, unsigned or replayed requests, and a node that does not write are refused.

const key = nodeKey(Buffer.from('the cluster secret'));
let root: string;
let url: string;
let server: http.Server;
let writable = true;
let outdated = 0;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'hoinghi-parts-'));
  const storage = new RecordingStorage({ root, maxBytes: null, minFreeBytes: 0 });
  const room = { conferenceId: 'conf-1', get writable() { return writable; }, state: { recordings: [{ id: 'rec-1' }] } };
  const rooms = { get: (id: string) => (id === 'conf-1' ? room : undefined) } as unknown as MeetingRooms;
  const recording = { storage, programs: { outdated: async () => void (outdated += 1) } } as unknown as RecordingService;
  const app = express();
  app.use(recordPartsRoute({ key, rooms, recording: () => recording, logger: createLogger('silent') }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

const partOf = (file: string, bytes: Buffer, over: Partial<RecordPart> = {}): RecordPart => ({
  conferenceId: 'conf-1',
  recordingId: 'rec-1',
  pointId: 'nam-can',
  file,
  bytes: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  nonce: randomBytes(8).toString('hex'),
  from: 'http://127.0.0.2:1',
  ...over,
});

async function send(part: RecordPart | object, body: Buffer, headers: Record<string, string> = {}) {
  const header = Buffer.from(JSON.stringify(part)).toString('base64url');
  const res = await fetch(`${url}${RECORD_PARTS_PATH}`, { method: 'POST', headers: { [PART_HEADER]: header, [SIGNATURE_HEADER]: sign(key, Date.now(), header), ...headers }, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as { stored?: string; code?: string } };
}
const target = (file: string) => path.join(root, 'conf-1', 'rec-1', 'nam-can', file);

describe('receiving a part of a recording from another node', () => {
  it('stores a part once: sent again it is "already", with other bytes a conflict that leaves the first', async () => {
    const bytes = randomBytes(200_000);
    expect(await send(partOf('1700000000000-00000.webm', bytes), bytes)).toEqual({ status: 200, body: { ok: true, stored: 'new' } });
    expect(await send(partOf('1700000000000-00000.webm', bytes), bytes)).toEqual({ status: 200, body: { ok: true, stored: 'already' } });
    const other = randomBytes(1000);
    expect((await send(partOf('1700000000000-00000.webm', other), other)).body.code).toBe('CONFLICT');
    expect(readFileSync(target('1700000000000-00000.webm')).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(root, INCOMING_DIR))).toEqual([]);
  });

  it('never puts a half or wrong upload in place', async () => {
    const bytes = randomBytes(50_000);
    // Bytes that are not the ones signed (their hash differs): refused.
    const wrong = partOf('1700000000000-00001.webm', bytes, { sha256: 'a'.repeat(64) });
    expect((await send(wrong, bytes)).body.code).toBe('INCOMPLETE');
    // A connection cut half way through the body.
    const part = partOf('1700000000000-00001.webm', bytes);
    const header = Buffer.from(JSON.stringify(part)).toString('base64url');
    await new Promise<void>((resolve) => {
      const req = http.request(`${url}${RECORD_PARTS_PATH}`, { method: 'POST', headers: { 'content-length': bytes.length, [PART_HEADER]: header, [SIGNATURE_HEADER]: sign(key, Date.now(), header) } });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 20_000), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(target('1700000000000-00001.webm'))).toBe(false);
    expect(readdirSync(path.join(root, INCOMING_DIR))).toEqual([]);
  });

  it('refuses names that are not a recorder’s files, ids that could leave the folder, unsigned and replayed requests, and a node that does not write', async () => {
    const bytes = Buffer.from('{}');
    for (const over of [{ file: '../../../etc/x.json' }, { file: '.hidden.json' }, { file: 'program.mp4' }, { pointId: '..' }, { recordingId: '../rec-1' }, { conferenceId: 'a/b' }]) {
      expect((await send(partOf('1700000000000.json', bytes, over), bytes)).body.code, JSON.stringify(over)).toBe('MALFORMED');
    }
    expect((await send(partOf('1700000000000.json', bytes, { recordingId: 'rec-9' }), bytes)).body.code).toBe('UNKNOWN_RECORDING');
    const part = partOf('1700000000000.json', bytes);
    const header = Buffer.from(JSON.stringify(part)).toString('base64url');
    const post = (signature: string) => fetch(`${url}${RECORD_PARTS_PATH}`, { method: 'POST', headers: { [PART_HEADER]: header, [SIGNATURE_HEADER]: signature }, body: bytes }).then(async (r) => ((await r.json()) as { code?: string }).code);
    expect(await post(sign(nodeKey(Buffer.from('another secret')), Date.now(), header))).toBe('FORBIDDEN');
    const signature = sign(key, Date.now(), header);
    expect(await post(signature)).toBeUndefined();
    expect(await post(signature)).toBe('REPLAYED');
    expect(outdated).toBe(1);
    writable = false;
    expect((await send(partOf('1700000000001.json', bytes), bytes)).body.code).toBe('NOT_WRITER');
    writable = true;
    expect(readdirSync(root).sort()).toEqual([INCOMING_DIR, 'conf-1']);
  });
});
