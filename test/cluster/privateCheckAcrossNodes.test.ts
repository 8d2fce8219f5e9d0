import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, segments } from '../recording/probe.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH } from '../integration/support/fixture.js';
import { Api } from '../integration/support/api.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startCluster, until, type NodeName, type TestCluster } from './support/cluster.js';

// The organiser's private check across nodes (issue #15; docs/CLUSTER.md "Private checks across
// nodes"). Three nodes as processes on 127.0.0.2-4, each with synthetic sessions in its SFU
// (support/server-with-synthetics.ts): the organiser (admin, receive only) on A; Thới Bình's
// console receiving on B; U Minh sending its camera and microphone into C, and Năm Căn sending and
// receiving on C. The conference is in session under the chair's microphone discipline and Năm
// Căn holds the floor, so U Minh's microphone is closed in the program. The organiser on A checks
// U Minh privately: A receives U Minh's microphone and camera (packets counted at A's receiver),
// C opens the microphone (its producer resumes) for A alone: Năm Căn on C and Thới Bình on B hear
// none of it while they still hear Năm Căn. Ending the check, the organiser leaving and the
// checking node dying each close U Minh's microphone on C again.

const ORGANISER = 'organiser';
const SECOND_ORGANISER = 'organiser-b';
let cluster: TestCluster;
let chair: MeetingClient;
let chairToken = '';
const control = new Map<NodeName, string>();

const synthetic = (name: string, pointId: string | null, role: string, send: boolean, receive: boolean) => ({ name, conferenceId: CONF, pointId, role, send, receive });

async function ask<T>(node: NodeName, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${control.get(node)}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`${node} ${path}: ${json.error}`);
  return json;
}

const packets = (node: NodeName, name: string, from: string, source: 'microphone' | 'camera') =>
  ask<{ consumer: string | null; packets: number; arriving: number }>(node, `/packets?name=${name}&from=${from}&source=${source}`);

/** Packets of `from`'s microphone arriving at `node`'s producer of it (through the pipe from C) over 1.5 s. */
async function arriving(node: NodeName, name: string, from: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  const before = (await packets(node, name, from, 'microphone')).arriving;
  await new Promise((r) => setTimeout(r, 1500));
  return (await packets(node, name, from, 'microphone')).arriving - before;
}

/** Packets of `from`'s source reaching `name` on `node` over 1.5 s, after 0.3 s for what was in flight to drain. */
async function received(node: NodeName, name: string, from: string, source: 'microphone' | 'camera' = 'microphone'): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  const before = (await packets(node, name, from, source)).packets;
  await new Promise((r) => setTimeout(r, 1500));
  return (await packets(node, name, from, source)).packets - before;
}

const uMinhMicrophone = () => ask<{ producer: string | null; paused: boolean | null; cascade: { remoteChecks: string[] } }>('C', `/producer?pointId=${U_MINH}&source=microphone`);

async function startNode(node: NodeName, synthetics: unknown[]): Promise<void> {
  const env = { SYNTHETICS: JSON.stringify(synthetics), HOINGHI_RECORDING_SEGMENT_SECONDS: '2' };
  const child = await cluster.startNode(node, env, 'test/cluster/support/server-with-synthetics.ts');
  const ready = child
    .stdout()
    .split('\n')
    .find((l) => l.startsWith('{"ready":true'))!;
  control.set(node, (JSON.parse(ready) as { control: string }).control);
}

beforeAll(async () => {
  cluster = await startCluster();
  await startNode('A', [synthetic(ORGANISER, null, 'admin', false, true)]);
  const tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  await startNode('B', [synthetic(THOI_BINH, THOI_BINH, 'point', false, true), synthetic(SECOND_ORGANISER, null, 'admin', false, true)]);
  await startNode('C', [synthetic(U_MINH, U_MINH, 'point', true, false), synthetic(NAM_CAN, NAM_CAN, 'point', true, true)]);
  chairToken = tokens.chair;
  chair = await MeetingClient.join(cluster.url('A'), tokens.chair);
  for (const command of [
    { type: 'setConferenceStatus', status: 'rollCall' },
    { type: 'setConferenceStatus', status: 'inSession' },
    { type: 'startAgenda', stepId: 'a-discuss' },
    { type: 'requestFloor', id: 'r-check', pointId: NAM_CAN, topic: 'Tình hình sạt lở bờ biển Tây', kind: 'contribution' },
    { type: 'grantFloor', requestId: 'r-check' },
  ] as const) {
    const result = await chair.do(command);
    expect(result, `${command.type}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
  }
  // The program as it is before any check: Năm Căn (on C) heard on A and B, U Minh closed at C.
  await until(async () => (await received('A', ORGANISER, NAM_CAN)) > 20, 60_000, 'the organiser on A hearing Năm Căn (piped from C)');
  await until(async () => (await received('B', THOI_BINH, NAM_CAN)) > 20, 30_000, 'Thới Bình on B hearing Năm Căn (piped from C)');
  await until(async () => (await uMinhMicrophone()).paused === true, 10_000, 'U Minh’s microphone closed at C');
}, 300_000);

afterAll(async () => {
  chair?.close();
  await cluster?.dispose();
});

describe('the organiser’s private check of a point on another node', () => {
  it('the organiser on A hears and sees U Minh on C; C opens the microphone for A alone; ending the check closes it', async () => {
    expect(await received('A', ORGANISER, U_MINH)).toBe(0);

    const asked = Date.now();
    await ask('A', '/check', { name: ORGANISER, pointId: U_MINH });
    await until(async () => (await uMinhMicrophone()).paused === false, 10_000, 'C opening U Minh’s microphone');
    const opened = Date.now() - asked;
    let heard = 0;
    await until(async () => (heard = await received('A', ORGANISER, U_MINH)) > 20, 20_000, 'the organiser on A hearing U Minh');
    const heardAfter = Date.now() - asked;
    const seen = await received('A', ORGANISER, U_MINH, 'camera');
    expect(seen).toBeGreaterThan(20);
    expect((await uMinhMicrophone()).cascade.remoteChecks).toEqual([U_MINH]);
    process.stdout.write(`[privateCheckAcrossNodes] U Minh's microphone opened at C ${opened} ms after the check; A heard ${heard} audio and ${seen} video packets in 1.5 s (${heardAfter} ms after the check)\n`);

    // Only U Minh for the organiser; nobody else hears U Minh, on C (its own node) or B; the program goes on.
    expect(await received('A', ORGANISER, NAM_CAN)).toBe(0);
    expect(await received('C', NAM_CAN, U_MINH)).toBe(0);
    expect(await received('B', THOI_BINH, U_MINH)).toBe(0);
    expect(await received('B', THOI_BINH, NAM_CAN)).toBeGreaterThan(20);
    // Not even down the pipe to B: C holds its pipe consumer of the microphone to every node that
    // does not check U Minh (B hides it from its receivers anyway); A's end gets it.
    expect((await packets('B', THOI_BINH, U_MINH, 'microphone')).consumer).not.toBeNull();
    expect(await arriving('B', THOI_BINH, U_MINH)).toBe(0);
    expect(await arriving('A', ORGANISER, U_MINH)).toBeGreaterThan(20);

    // null ends it: C closes the microphone again, A hears the program again and no more U Minh.
    const ended = Date.now();
    await ask('A', '/check', { name: ORGANISER, pointId: null });
    await until(async () => (await uMinhMicrophone()).paused === true, 10_000, 'C closing U Minh’s microphone');
    process.stdout.write(`[privateCheckAcrossNodes] closed at C ${Date.now() - ended} ms after the check ended\n`);
    expect((await uMinhMicrophone()).cascade.remoteChecks).toEqual([]);
    await until(async () => (await received('A', ORGANISER, NAM_CAN)) > 20, 10_000, 'the organiser on A hearing the program again');
    expect(await received('A', ORGANISER, U_MINH)).toBe(0);
    expect(await received('B', THOI_BINH, U_MINH)).toBe(0);
  }, 120_000);

  it('a recording made by A (the writer) while its organiser checks U Minh holds none of the check’s sound', async () => {
    // A's tap of U Minh's microphone reads the feed brought from C, which the check lets down A's
    // pipe: A holds the tap as it holds one of its own points' microphones.
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('A'));
    const dir = path.join(cluster.dataDir('A'), 'recordings', CONF, 'rec-check', U_MINH);
    const files = () => (existsSync(dir) ? segments(dir) : []);
    const streams = () => files().map((f) => probe(f).streams);
    expect(await chair.do({ type: 'startRecording', id: 'rec-check' })).toMatchObject({ ok: true });
    await until(() => files().length >= 1, 60_000, 'A recording U Minh (brought from C)');
    await ask('A', '/check', { name: ORGANISER, pointId: U_MINH });
    await until(async () => (await received('A', ORGANISER, U_MINH)) > 20, 20_000, 'the organiser on A hearing U Minh');
    const during = files().length;
    await until(() => files().length >= during + 2, 30_000, 'two more segments of U Minh while checked');
    await ask('A', '/check', { name: ORGANISER, pointId: null });
    await until(async () => (await uMinhMicrophone()).paused === true, 10_000, 'C closing U Minh’s microphone');
    expect(await chair.do({ type: 'stopRecording' })).toMatchObject({ ok: true });
    const onA = new Api(cluster.url('A'), chairToken);
    await until(async () => (await onA.get<{ points: string[] }>(`/api/conferences/${CONF}/recording`)).body.points.length === 0, 15_000, 'A’s recorder of U Minh stopped');
    const recorded = streams();
    const audio = recorded.map((s) => s.find((x) => x.kind === 'audio')?.packets ?? 0);
    const video = recorded.map((s) => s.find((x) => x.kind === 'video')?.packets ?? 0);
    process.stdout.write(`[privateCheckAcrossNodes] U Minh's segments on A: audio packets ${audio.join(',')}; video packets ${video.join(',')}\n`);
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(audio.every((n) => n === 0)).toBe(true);
    expect(video.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('the organiser leaving ends the check on C', async () => {
    await ask('A', '/check', { name: ORGANISER, pointId: U_MINH });
    await until(async () => (await received('A', ORGANISER, U_MINH)) > 20, 20_000, 'the organiser on A hearing U Minh');
    const left = Date.now();
    await ask('A', '/leave', { name: ORGANISER });
    await until(async () => (await uMinhMicrophone()).paused === true, 10_000, 'C closing U Minh’s microphone after the organiser left');
    process.stdout.write(`[privateCheckAcrossNodes] closed at C ${Date.now() - left} ms after the organiser left\n`);
    expect(await received('C', NAM_CAN, U_MINH)).toBe(0);
  }, 60_000);

  it('the checking node dying ends the check on C', async () => {
    await ask('B', '/check', { name: SECOND_ORGANISER, pointId: U_MINH });
    await until(async () => (await received('B', SECOND_ORGANISER, U_MINH)) > 20, 20_000, 'the organiser on B hearing U Minh');
    expect(await received('B', THOI_BINH, U_MINH)).toBe(0);
    const killed = Date.now();
    await cluster.nodes.get('B')!.kill9();
    cluster.nodes.delete('B');
    await until(async () => (await uMinhMicrophone()).paused === true, 15_000, 'C closing U Minh’s microphone after B died');
    process.stdout.write(`[privateCheckAcrossNodes] closed at C ${Date.now() - killed} ms after the SIGKILL of B\n`);
    expect((await uMinhMicrophone()).cascade.remoteChecks).toEqual([]);
    expect(await received('C', NAM_CAN, U_MINH)).toBe(0);
  }, 60_000);
});
