import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PieceSummary } from '../../server/recording/program-sources.js';
import { Api } from '../integration/support/api.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { waitFor } from '../media/helpers.js';
import { colourAt, probe } from '../recording/probe.js';
import { startCluster, until, type NodeName, type TestCluster } from './support/cluster.js';

// The record across a change of writer (docs/CLUSTER.md, issue #15). Năm Căn is a synthetic point
// on C (a red camera sent into C's SFU). A writes the conference and records run 1 of Năm Căn
// (through the cascade); A stops gracefully: it gives its lease back, waits for C to take it and
// hands C its part of run 1 before it exits, so a node stopped for good leaves nothing behind. C
// writes and records Năm Căn itself; C's listing has both parts in order, A's segments byte for
// byte as A wrote them, and C's program cut shows Năm Căn's red picture in A's part too. A comes
// back on its data dir (with Thới Bình, a synthetic point of its own) with nothing left to hand
// over. Then run 2 with C writing, SIGKILL of C: A takes over and records Thới Bình;
// C comes back and hands over its parts of run 2 (the segment cut short by the kill included)
// and of run 1 (its own and what A had sent it): A ends with the whole of both runs. Last, run 3
// with A writing, A frozen (SIGSTOP) until C takes the lease: thawed, A is demoted, stops its
// recorder and hands its part over while it runs on, without a restart.

const SEGMENT_SECONDS = '2';
const WITH_POINTS = 'test/recording/server-with-points.ts';
const PART = /^[0-9]+(?:-[0-9]{5,9}\.webm|\.sdp|-segments\.csv|\.json)$/;
let cluster: TestCluster;
let tokens: ConferenceTokens;
const clients: MeetingClient[] = [];
const timings: Record<string, number> = {};

const pointDir = (node: NodeName, run: string, point: string) => path.join(cluster.dataDir(node), 'recordings', CONF, run, point);
/** A folder's recording files, by name: bytes and SHA-256 (read from disk: the node may be dead). */
function filesIn(dir: string): Map<string, { bytes: number; sha: string }> {
  const out = new Map<string, { bytes: number; sha: string }>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => PART.test(n))) {
    const data = readFileSync(path.join(dir, f));
    out.set(f, { bytes: data.length, sha: createHash('sha256').update(data).digest('hex') });
  }
  return out;
}
/** Segments ffmpeg finished in a folder (lines of its segment lists). */
const listed = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-segments.csv')).reduce((n, f) => n + readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).length, 0) : 0);
/** The segments ffmpeg finished in a folder, by name (a finished segment no longer changes). */
const finishedSegments = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-segments.csv')).flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => l.split(',')[0]!)) : []);
const prefixOf = (file: string) => /^[0-9]+/.exec(file)?.[0];
const sidecars = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /^[0-9]+\.json$/.test(f)).map((f) => f.slice(0, -5)) : []);
/** Every recording file a node still holds of the conference. */
const partsLeft = (node: NodeName) => {
  const root = path.join(cluster.dataDir(node), 'recordings', CONF);
  return existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]).filter((f) => PART.test(path.basename(f))) : [];
};
/** Every file of `sent` lies in `dir` with the same bytes. */
function arrived(sent: Map<string, { bytes: number; sha: string }>, dir: string): boolean {
  const there = filesIn(dir);
  return [...sent].every(([f, s]) => there.get(f)?.sha === s.sha);
}
const logLines = (node: NodeName, pattern: RegExp) =>
  cluster.nodes
    .get(node)!
    .stdout()
    .split('\n')
    .filter((l) => pattern.test(l));
const listing = async (node: NodeName, run: string) => {
  const res = await new Api(cluster.url(node), tokens.chair).get<{ startedAt: number; stoppedAt: number | null; pieces: PieceSummary[] }>(`/api/conferences/${CONF}/recordings/${run}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const sumBytes = (m: Map<string, { bytes: number }>, ext: string) => [...m].filter(([f]) => f.endsWith(ext)).reduce((s, [, v]) => s + v.bytes, 0);

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.startNode('A', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS });
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  await cluster.startNode('C', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS, POINTS: `${CONF}:${NAM_CAN}` }, WITH_POINTS);
}, 240_000);

afterAll(async () => {
  for (const c of clients) c.close();
  if (Object.keys(timings).length > 0) process.stdout.write(`[record-gather] ${JSON.stringify(timings)}\n`);
  await cluster?.dispose();
});

describe('the record across a change of writer', () => {
  let run1OnC: PieceSummary[] = [];
  let ran2 = false;

  it('A stops gracefully mid-recording: it hands C its part as it stops, C records on, and C’s listing and program cut hold both parts', async () => {
    // The chair and Năm Căn's console on C, which stays up; Năm Căn holds the floor, so the program shows it full frame.
    const chair = await MeetingClient.join(cluster.url('C'), tokens.chair);
    clients.push(chair, await MeetingClient.join(cluster.url('C'), tokens.points[NAM_CAN]!));
    for (const command of [
      { type: 'setConferenceStatus', status: 'rollCall' },
      { type: 'setConferenceStatus', status: 'inSession' },
      { type: 'startAgenda', stepId: 'a-discuss' },
      { type: 'requestFloor', id: 'r-gather', pointId: NAM_CAN, topic: 'Sạt lở bờ biển Tây', kind: 'contribution' },
      { type: 'grantFloor', requestId: 'r-gather' },
      { type: 'startRecording', id: 'rec-1' },
    ] as const) expect(await chair.do(command), command.type).toMatchObject({ ok: true });
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('A'));
    await until(() => listed(pointDir('A', 'rec-1', NAM_CAN)) >= 3, 60_000, 'A recording three segments of Năm Căn');

    // What A has finished before its stop: those segments no longer change, so C must get them byte for byte.
    const onA = pointDir('A', 'rec-1', NAM_CAN);
    const finishedOnA = finishedSegments(onA); // (read first: a segment listed here is whole in what follows)
    const beforeStop = filesIn(onA);
    const aSidecars = [...beforeStop.keys()].filter((f) => f.endsWith('.json'));
    expect(aSidecars).toHaveLength(1);
    const aPrefix = aSidecars[0]!.slice(0, -5);
    const stoppedAt = Date.now();
    const nodeA = cluster.nodes.get('A')!;
    await nodeA.stop();
    timings['stopWithHandOver_ms'] = Date.now() - stoppedAt;
    // Handed over as A stopped, before it exited: nothing of the record is left on A, C holds A's part.
    expect(partsLeft('A'), nodeA.stdout().split('\n').filter((l) => /gather|handed|stopping/.test(l)).slice(-5).join('\n')).toEqual([]);
    const onC = pointDir('C', 'rec-1', NAM_CAN);
    const fromA = new Map([...filesIn(onC)].filter(([f]) => prefixOf(f) === aPrefix));
    expect(arrived(new Map(finishedOnA.map((f) => [f, beforeStop.get(f)!])), onC)).toBe(true);
    expect(fromA.has(`${aPrefix}.json`) && fromA.has(`${aPrefix}-segments.csv`)).toBe(true);
    expect(nodeA.stdout().split('\n').filter((l) => l.includes('"recording parts handed to the writers at the stop"')).map((l) => (JSON.parse(l) as { files: number }).files)).toEqual([fromA.size]);
    expect(logLines('C', /"recording part gathered from another node"/).length).toBe(fromA.size);
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('C'));
    timings['writerAfterGracefulStop_ms'] = Date.now() - stoppedAt;
    await until(() => finishedSegments(onC).filter((f) => prefixOf(f) !== aPrefix).length >= 3, 60_000, 'C recording three segments of Năm Căn');
    timings['cRecordingAfterGracefulStop_ms'] = Date.now() - stoppedAt;

    // A comes back on the same data dir (with a point of its own for the second test): nothing to hand over, no recorder.
    await cluster.startNode('A', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS, POINTS: `${CONF}:${THOI_BINH}` }, WITH_POINTS, { restart: true });
    expect(partsLeft('A')).toEqual([]);
    expect(logLines('A', /"point recorder started"/)).toEqual([]);

    expect(await chair.do({ type: 'stopRecording' })).toMatchObject({ ok: true });
    await until(async () => (await new Api(cluster.url('C'), tokens.chair).get<{ points: string[] }>(`/api/conferences/${CONF}/recording`)).body.points.length === 0, 20_000, 'C’s recorders stopped');

    // The listing (asked of A, answered by the writer C): Năm Căn's two parts in order, A's first, with A's bytes.
    const rec1 = await listing('A', 'rec-1');
    run1OnC = rec1.pieces;
    const namCan = rec1.pieces.filter((p) => p.pointId === NAM_CAN);
    const cOwn = sidecars(onC).filter((p) => p !== aPrefix).sort();
    expect(namCan.map((p) => p.prefix)).toEqual([aPrefix, ...cOwn]);
    const [partA, partC] = namCan as [PieceSummary, PieceSummary];
    const aListed = readFileSync(path.join(onC, `${aPrefix}-segments.csv`), 'utf8').split('\n').filter(Boolean).map((l) => l.split(',')[0]!);
    // What plays in A's segments as they lie on C, read back by ffprobe.
    const probedA = aListed.reduce((sum, f) => sum + probe(path.join(onC, f)).duration, 0);
    process.stdout.write(`[record-gather] run 1 on C, Năm Căn: ${namCan.map((p) => `${p.prefix}: ${p.segments} segments, ${p.durationS} s, ${p.bytes} bytes`).join(' | ')}; A's files ${fromA.size}, webm ${sumBytes(fromA, '.webm')} bytes, its listed segments probed on C ${probedA.toFixed(3)} s\n`);
    expect(partA.segments).toBe(aListed.length);
    expect(partA.segments).toBeGreaterThanOrEqual(3);
    expect(partA.bytes).toBe(aListed.reduce((s, f) => s + fromA.get(f)!.bytes, 0));
    expect(Math.abs(partA.durationS - probedA)).toBeLessThan(0.5);
    expect(partA.durationS).toBeGreaterThan(2);
    expect(partC.durationS).toBeGreaterThan(2);
    expect(partC.firstAt).toBeGreaterThan(partA.firstAt + partA.durationS * 1000);

    // The program cut rendered by C shows Năm Căn's red camera in A's part and in its own.
    const api = new Api(cluster.url('C'), tokens.chair);
    expect((await api.post(`/api/conferences/${CONF}/recordings/rec-1/program`, {})).status).toBe(202);
    const done = await waitFor('the render', async () => {
      const s = await api.get<{ state: string; error?: string }>(`/api/conferences/${CONF}/recordings/rec-1/program`);
      return s.body.state === 'done' || s.body.state === 'failed' ? s.body : undefined;
    }, 240_000, 500);
    expect(done, done.error).toMatchObject({ state: 'done' });
    const video = path.join(cluster.dataDir('C'), 'recordings', CONF, 'rec-1', 'program.mp4');
    const edl = (await api.get<{ durationMs: number }>(`/api/conferences/${CONF}/recordings/rec-1/program.edit-list.json`)).body;
    expect(Math.abs(probe(video).duration - edl.durationMs / 1000)).toBeLessThan(0.1);
    const upperLeft = { x: 160, y: 90, w: 320, h: 180 };
    const middleOf = (p: PieceSummary) => (p.firstAt - rec1.startedAt) / 1000 + p.durationS / 2;
    const gap = ((partA.firstAt + partA.durationS * 1000 + partC.firstAt) / 2 - rec1.startedAt) / 1000;
    process.stdout.write(`[record-gather] program cut at ${gap.toFixed(1)} s (between the parts): rgb ${colourAt(video, gap, upperLeft).join(' ')}\n`);
    for (const [who, p] of [['A', partA], ['C', partC]] as const) {
      const [r, g, b] = colourAt(video, middleOf(p), upperLeft);
      process.stdout.write(`[record-gather] program cut at ${middleOf(p).toFixed(1)} s (${who}'s part): rgb ${r} ${g} ${b}\n`);
      expect(r, `${who}'s part at ${middleOf(p).toFixed(1)} s: rgb ${r} ${g} ${b}`).toBeGreaterThan(Math.max(g, b) + 80);
    }
  }, 600_000);

  it('C, writing, is killed mid-recording: A records on, C back on its disk hands over its parts (the cut-short segment too), and A holds both runs whole', async () => {
    expect(run1OnC.length, 'the test above').toBeGreaterThan(0);
    for (const c of clients.splice(0)) c.close();
    const chair = await MeetingClient.join(cluster.url('A'), tokens.chair);
    clients.push(chair);
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('C'));
    expect(await chair.do({ type: 'startRecording', id: 'rec-2' })).toMatchObject({ ok: true });
    // C records Năm Căn (its own) and Thới Bình (from A through the cascade).
    await until(() => listed(pointDir('C', 'rec-2', NAM_CAN)) >= 2 && listed(pointDir('C', 'rec-2', THOI_BINH)) >= 2, 60_000, 'C recording both points');

    const killedAt = Date.now();
    await cluster.nodes.get('C')!.kill9();
    const fromC = { [NAM_CAN]: filesIn(pointDir('C', 'rec-2', NAM_CAN)), [THOI_BINH]: filesIn(pointDir('C', 'rec-2', THOI_BINH)) };
    // The segment being written when C died is on its disk but in no list of finished segments.
    const listOf = (dir: string, prefix: string) => (existsSync(path.join(dir, `${prefix}-segments.csv`)) ? readFileSync(path.join(dir, `${prefix}-segments.csv`), 'utf8').split('\n').filter(Boolean).map((l) => l.split(',')[0]!) : []);
    const unlisted = [...fromC[THOI_BINH].keys()].filter((f) => f.endsWith('.webm') && !listOf(pointDir('C', 'rec-2', THOI_BINH), f.replace(/-[0-9]+\.webm$/, '')).includes(f));
    await until(async () => (await cluster.ownerUrl(CONF)) === cluster.url('A'), 15_000, 'A writing the conference');
    timings['writerAfterKill_ms'] = Date.now() - killedAt;
    const tbOnA = pointDir('A', 'rec-2', THOI_BINH);
    await until(() => listed(tbOnA) >= 2, 60_000, 'A recording Thới Bình');
    timings['aRecordingAfterKill_ms'] = Date.now() - killedAt;
    const aPrefixes = sidecars(tbOnA).sort();

    const restartedAt = Date.now();
    await cluster.startNode('C', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS, POINTS: `${CONF}:${NAM_CAN}` }, WITH_POINTS, { restart: true });
    await until(
      () => arrived(fromC[NAM_CAN], pointDir('A', 'rec-2', NAM_CAN)) && arrived(fromC[THOI_BINH], tbOnA) && partsLeft('C').length === 0,
      60_000,
      'C’s parts on A and gone from C',
      () => ({ left: partsLeft('C').slice(0, 10), c: logLines('C', /gather|handed/).slice(-5) }),
    );
    timings['gatheredAfterKillAndRestart_ms'] = Date.now() - restartedAt;
    expect(unlisted.every((f) => existsSync(path.join(tbOnA, f)))).toBe(true);

    expect(await chair.do({ type: 'stopRecording' })).toMatchObject({ ok: true });
    await until(async () => (await new Api(cluster.url('A'), tokens.chair).get<{ points: string[] }>(`/api/conferences/${CONF}/recording`)).body.points.length === 0, 20_000, 'A’s recorders stopped');
    const rec2 = await listing('C', 'rec-2');
    const thoiBinh = rec2.pieces.filter((p) => p.pointId === THOI_BINH);
    // Thới Bình: C's part (each piece with the bytes of the segments C listed), then A's.
    const cPrefixes = [...fromC[THOI_BINH].keys()].filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(thoiBinh.map((p) => p.prefix).slice(0, cPrefixes.length + 1)).toEqual([...cPrefixes, aPrefixes[0]]);
    for (const [i, prefix] of cPrefixes.entries()) expect(thoiBinh[i]!.bytes).toBe(listOf(tbOnA, prefix).reduce((sum, f) => sum + fromC[THOI_BINH].get(f)!.bytes, 0));
    expect(thoiBinh[0]!.durationS).toBeGreaterThan(2);
    expect(thoiBinh[cPrefixes.length]!.durationS).toBeGreaterThan(2);
    expect(rec2.pieces.some((p) => p.pointId === NAM_CAN && fromC[NAM_CAN].has(`${p.prefix}.json`))).toBe(true);
    process.stdout.write(`[record-gather] run 2 on A: ${rec2.pieces.map((p) => `${p.pointId} ${p.prefix}: ${p.segments} segments, ${p.durationS} s, ${p.bytes} bytes`).join(' | ')}; unlisted from C: ${unlisted.join(', ') || 'none'}\n`);

    // Run 1 moved a second time (C to A) and is whole on A: the same pieces, the same bytes.
    const rec1 = await listing('A', 'rec-1');
    expect(rec1.pieces.map((p) => [p.pointId, p.prefix, p.bytes])).toEqual(run1OnC.map((p) => [p.pointId, p.prefix, p.bytes]));
    ran2 = true;
  }, 600_000);

  it('A, writing, freezes (SIGSTOP) mid-recording: C takes over; A, thawed, loses the lease, stops its recorder and hands its part over without a restart', async () => {
    expect(ran2, 'the test above').toBe(true);
    for (const c of clients.splice(0)) c.close();
    const chair = await MeetingClient.join(cluster.url('C'), tokens.chair);
    clients.push(chair);
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('A'));
    expect(await chair.do({ type: 'startRecording', id: 'rec-3' })).toMatchObject({ ok: true });
    const tbOnA = pointDir('A', 'rec-3', THOI_BINH);
    await until(() => listed(tbOnA) >= 2, 60_000, 'A recording Thới Bình');
    const [aPrefix] = sidecars(tbOnA);
    const before = listed(tbOnA);

    const a = cluster.nodes.get('A')!;
    const frozenAt = Date.now();
    process.kill(-a.child.pid!, 'SIGSTOP');
    try {
      await until(async () => (await cluster.ownerUrl(CONF)) === cluster.url('C'), 15_000, 'C writing the conference');
      timings['writerAfterFreeze_ms'] = Date.now() - frozenAt;
    } finally {
      process.kill(-a.child.pid!, 'SIGCONT');
    }
    const thawedAt = Date.now();
    // A finds its lease gone at its next renewal, stops its recorder (which closes its segment) and hands the part over.
    await until(() => partsLeft('A').length === 0 && sidecars(pointDir('C', 'rec-3', THOI_BINH)).includes(aPrefix!), 30_000, 'A’s part of run 3 on C and gone from A', () => ({ left: partsLeft('A'), a: logLines('A', /gather|handed|demot|lease/).slice(-5) }));
    timings['gatheredAfterThaw_ms'] = Date.now() - thawedAt;
    expect(a.child.exitCode).toBeNull();
    expect(logLines('A', /"recording parts handed to the writers"/).length).toBeGreaterThan(0);

    // C may have stopped the run itself meanwhile (its taps of Thới Bình on the frozen A failed): then NO_CHANGE.
    const stopped = await chair.do({ type: 'stopRecording' });
    if (!stopped.ok) expect(stopped).toMatchObject({ code: 'NO_CHANGE' });
    const rec3 = await listing('A', 'rec-3');
    const fromA = rec3.pieces.filter((p) => p.pointId === THOI_BINH)[0]!;
    expect(fromA.prefix).toBe(aPrefix);
    expect(fromA.segments).toBeGreaterThanOrEqual(before);
    expect(fromA.durationS).toBeGreaterThan(2);
    process.stdout.write(`[record-gather] run 3 on C: ${rec3.pieces.map((p) => `${p.pointId} ${p.prefix}: ${p.segments} segments, ${p.durationS} s, ${p.bytes} bytes`).join(' | ')}\n`);
  }, 300_000);
});
