// The live program stream's cost and latency (issue 16): a real server and SFU with three
// synthetic points (each its own colour), the chair starts the live stream, then gives the floor
// to a district and ends the speech, BENCH_CHANGES times (default 6). Measured: the mixer's ffmpeg
// CPU (from /proc), the server process's CPU (it runs the slot relays), and for every change the
// time from the chair's ack to the first HLS segment a viewer polling every 250 ms had that shows
// the new picture. Results: bench/results/live.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CENTRAL, CONF, setUpConference, THOI_BINH, U_MINH } from '../test/integration/support/fixture.js';
import { MeetingClient } from '../test/integration/support/meetingClient.js';
import { startTestServer } from '../test/integration/support/testServer.js';
import { HlsWatcher } from '../test/live/hls-watcher.js';
import { waitFor } from '../test/media/helpers.js';
import { syntheticPoint } from '../test/media/synthetic-point.js';
import { machine } from './lib/machine.js';
import { cpuSeconds } from './lib/proc.js';
import { fmt, median } from './lib/stats.js';

const CHANGES = Number(process.env['BENCH_CHANGES'] ?? 6);
const here = dirname(fileURLToPath(import.meta.url));
const LOOKS: Record<string, { colour: string; toneHz: number }> = { [CENTRAL]: { colour: '#d02020', toneHz: 660 }, [THOI_BINH]: { colour: '#2040d0', toneHz: 440 }, [U_MINH]: { colour: '#20a040', toneHz: 880 } };

async function main(): Promise<void> {
  const at = machine();
  const work = mkdtempSync(join(os.tmpdir(), 'hoinghi-bench-live-'));
  const server = await startTestServer({ media: true, env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1' } });
  const tokens = await setUpConference(server);
  const chair = await MeetingClient.join(server.url, tokens.chair);
  const district = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
  for (const status of ['rollCall', 'inSession'] as const) await chair.do({ type: 'setConferenceStatus', status });
  await chair.do({ type: 'startAgenda', stepId: 'a-discuss' });
  const points = [];
  for (const pointId of [CENTRAL, THOI_BINH, U_MINH]) {
    const p = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId, receive: false, look: LOOKS[pointId] });
    await p.startSending();
    points.push(p);
  }
  const get = (file: string) => fetch(`${server.url}/api/conferences/${CONF}/live/${file}`, { headers: { authorization: `Bearer ${tokens.observer}` } });
  const watcher = new HlsWatcher(get, work);
  await chair.do({ type: 'startLiveStream' });
  await waitFor('the playlist', async () => ((await get('index.m3u8')).status === 200 ? true : undefined), 30_000, 250);
  watcher.start();
  await waitFor('red', () => watcher.firstShowing(0, 'main', 'red') ?? undefined, 30_000, 250);

  const mixerPid = server.live!.program(CONF)!.pid!;
  const cpu0 = { mixer: cpuSeconds(mixerPid), server: process.cpuUsage(), t: performance.now() };
  const latencies: { grant: number; end: number }[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const asked = await district.do({ type: 'requestFloor', id: `r${i}`, pointId: THOI_BINH, topic: 'Thu ngân sách', kind: 'contribution' });
    const grantedAt = Date.now();
    const granted = await chair.do({ type: 'grantFloor', requestId: `r${i}`, speechId: `s${i}` });
    if (!asked.ok || !granted.ok) throw new Error(`refused: ${JSON.stringify([asked, granted])}`);
    const blue = await waitFor('blue', () => watcher.firstShowing(grantedAt, 'main', 'blue') ?? undefined, 30_000, 100);
    await new Promise((r) => setTimeout(r, 2_000));
    const endedAt = Date.now();
    await chair.do({ type: 'endSpeech', speechId: `s${i}` });
    const red = await waitFor('red', () => watcher.firstShowing(endedAt, 'main', 'red') ?? undefined, 30_000, 100);
    latencies.push({ grant: blue.seenAt - grantedAt, end: red.seenAt - endedAt });
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const secs = (performance.now() - cpu0.t) / 1000;
  const serverCpu = process.cpuUsage(cpu0.server);
  const result = {
    machine: at,
    loadavgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    seconds: Math.round(secs),
    changes: CHANGES,
    mixerCpuPercent: Math.round(((cpuSeconds(mixerPid) - cpu0.mixer) / secs) * 1000) / 10,
    // The whole test process: the server (slot relays, rooms), the synthetic points' socket
    // handling and this viewer's fetches; the relays are a part of it.
    serverProcessCpuPercent: Math.round(((serverCpu.user + serverCpu.system) / 1e6 / secs) * 1000) / 10,
    segments: watcher.segments.size,
    discontinuity: watcher.discontinuity,
    grantToSegmentMs: latencies.map((l) => l.grant),
    endToSegmentMs: latencies.map((l) => l.end),
    medianGrantMs: median(latencies.map((l) => l.grant)),
    medianEndMs: median(latencies.map((l) => l.end)),
  };
  watcher.stop();
  await chair.do({ type: 'stopLiveStream' });
  for (const p of points) await p.close();
  chair.close();
  district.close();
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'live.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `live mix: ffmpeg ${fmt(result.mixerCpuPercent)} % of a core, test process ${fmt(result.serverProcessCpuPercent)} %; grant → segment median ${result.medianGrantMs} ms (${result.grantToSegmentMs.join(', ')}), end → segment median ${result.medianEndMs} ms; load ${at.loadavgAtStart.join(' ')} → ${result.loadavgAtEnd.join(' ')}`,
  );
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
