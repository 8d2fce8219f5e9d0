import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { RecordingService } from '../recording/recording-service.js';
import { RecordingStorage } from '../recording/storage.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { RecordGatherer } from './gatherRecord.js';
import { nodeKey } from './nodeSigning.js';
import { recordPartsRoute } from './recordParts.js';

// The holder's end at a graceful stop (gatherRecord.ts, handOverAtStop), against a real writer
// (recordPartsRoute on an HTTP server, its own disk): the holder waits for the new writer and
// hands it every file before it exits; with no other node in the registry it does not wait; and
// it never waits past its time. What it could not hand over stays on its disk.

const key = nodeKey(Buffer.from('the cluster secret'));
const CONF = 'conf-1';
const FILES = ['1700000000000-00000.webm', '1700000000000-00001.webm', '1700000000000.sdp', '1700000000000-segments.csv', '1700000000000.json'];
let writerRoot: string;
let holderRoot: string;
let writerUrl: string;
let server: http.Server;

/** A conference's room as the gatherer sees it: not written here, one recording run. */
const room = { conferenceId: CONF, writable: false, state: { recordings: [{ id: 'rec-1' }], points: { 'nam-can': {} } }, on: () => undefined };
const rooms = { list: () => [room], on: () => undefined, get: (id: string) => (id === CONF ? { ...room, writable: true } : undefined) } as unknown as MeetingRooms;

function recordingAt(root: string): RecordingService {
  const storage = new RecordingStorage({ root, maxBytes: null, minFreeBytes: 0 });
  return {
    storage,
    programs: { runDir: (c: string, r: string) => path.join(storage.conferenceDir(c), r), outdated: async () => undefined },
    settled: async () => undefined,
    recorders: () => [],
  } as unknown as RecordingService;
}
const holderDir = () => path.join(holderRoot, CONF, 'rec-1', 'nam-can');
const writerDir = () => path.join(writerRoot, CONF, 'rec-1', 'nam-can');

function gatherer(writerAfterMs: number | null): RecordGatherer {
  const since = Date.now();
  return new RecordGatherer({
    key,
    rooms,
    recording: recordingAt(holderRoot),
    writerUrl: async () => (writerAfterMs !== null && Date.now() - since >= writerAfterMs ? writerUrl : null),
    selfUrl: () => 'http://127.0.0.2:1',
    logger: createLogger('silent'),
  });
}

beforeAll(async () => {
  writerRoot = mkdtempSync(path.join(tmpdir(), 'hoinghi-writer-'));
  const app = express();
  app.use(recordPartsRoute({ key, rooms, recording: () => recordingAt(writerRoot), logger: createLogger('silent') }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  writerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(writerRoot, { recursive: true, force: true });
});
beforeEach(() => {
  rmSync(path.join(writerRoot, CONF), { recursive: true, force: true });
  holderRoot = mkdtempSync(path.join(tmpdir(), 'hoinghi-holder-'));
  mkdirSync(holderDir(), { recursive: true });
  for (const f of FILES) writeFileSync(path.join(holderDir(), f), randomBytes(f.endsWith('.webm') ? 100_000 : 200));
});

describe('handing the record over at a graceful stop', () => {
  it('waits for the new writer and hands it every file, byte for byte, before it returns', async () => {
    const sent = new Map(FILES.map((f) => [f, readFileSync(path.join(holderDir(), f))]));
    const started = Date.now();
    const report = await gatherer(400).handOverAtStop(5_000, async () => true);
    const took = Date.now() - started;
    expect(report).toMatchObject({ files: FILES.length, left: 0 });
    expect(took).toBeGreaterThanOrEqual(400);
    for (const [f, bytes] of sent) expect(readFileSync(path.join(writerDir(), f)).equals(bytes), f).toBe(true);
    expect(existsSync(path.join(holderRoot, CONF))).toBe(false);
  });

  it('does not wait when no other node is left in the registry: the files stay for the next start', async () => {
    const started = Date.now();
    const report = await gatherer(null).handOverAtStop(5_000, async () => false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report).toMatchObject({ files: 0, left: 1 });
    expect(readdirSync(holderDir()).sort()).toEqual([...FILES].sort());
  });

  it('gives up at its time when no writer comes, keeping every file', async () => {
    const started = Date.now();
    const report = await gatherer(null).handOverAtStop(700, async () => true);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(2_000);
    expect(report).toMatchObject({ files: 0, left: 1 });
    expect(readdirSync(holderDir()).sort()).toEqual([...FILES].sort());
    expect(existsSync(writerDir())).toBe(false);
  });
});
