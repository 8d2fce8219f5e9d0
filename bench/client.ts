// bench:client — what a district point's browser feels: (1) time from opening its join link to
// the first decoded remote frame, (2) the gzip size of what index.html loads initially, (3) JS
// heap and process memory of a point console receiving 64 publishers with 8 thumbnails visible.
// Real server (SQLite, SFU, seeded Cà Mau demo), Debian's Chromium headless with fake devices,
// loopback.
//
// Browser helpers come from the browser tests (test/browser/*), so the bench drives the app the
// same way they do. BENCH_JOINS sets the number of joins (default 20). BENCH_BEFORE_CLIENT_DIR may
// name an older client build (its dist/client): it is then served by a second server and joined
// alternately with the current build in the same run, so before/after share the machine's load.
// Every step of a join (client-steps.ts) is reported with its p50 and p95. BENCH_TILES=0 leaves
// out the memory step (3).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CA_MAU_2021_CONFERENCE_ID as CONF, CA_MAU_2021_DISTRICTS } from '../shared/demo/caMau2021.js';
import { ensureClientBuilt, issueLink, openParticipant, REPO, type Participant } from '../test/browser/scenario-support.js';
import { syntheticPoint, type SyntheticPoint } from '../test/media/synthetic-point.js';
import { firstRemoteFrame, joinRig, oneJoin, type JoinRig, type JoinSample } from './client-join.js';
import { readServerSteps, serverStepMeans, type StepTotals } from './client-server-steps.js';
import { JOIN_STEPS, type JoinStep } from './client-steps.js';
import { machine } from './lib/machine.js';
import { fmt, percentile, table } from './lib/stats.js';

const JOINS = Number(process.env['BENCH_JOINS'] ?? 20);
const TARGET_P50_MS = 400;
/** remote publishers the memory console receives: the central browser plus ffmpeg points */
const TILES = Number(process.env['BENCH_TILES'] ?? 64);
const DIST = path.join(REPO, 'dist', 'client');
const BEFORE_DIR = process.env['BENCH_BEFORE_CLIENT_DIR'];

// ---- (2) initial bundle ---------------------------------------------------------------------

/** Scripts, module preloads and stylesheets index.html names: what the browser fetches first. */
function initialBundle(dir: string) {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter((m) => /\.(js|css)$/.test(m[1]!) && !/rel="(?:icon|manifest)"/.test(m[0]))
    .map((m) => m[1]!)
    // a chunk may be named twice (its own script tag and a module preload): it is fetched once
    .filter((r, i, all) => all.indexOf(r) === i);
  const sized = (rel: string) => {
    const body = readFileSync(path.join(dir, rel));
    return { file: rel, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  };
  const files = ['index.html', ...refs.map((r) => r.replace(/^\//, ''))].map(sized);
  // Chunks loaded later (the media layer once the page is up, the import tools on demand).
  const lazy = readdirSync(path.join(dir, 'assets'))
    .filter((f) => f.endsWith('.js') && !files.some((x) => x.file === `assets/${f}`))
    .map((f) => sized(`assets/${f}`));
  return {
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    totalGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    lazy,
  };
}

// ---- (1) join to first remote frame ---------------------------------------------------------

type Key = keyof Omit<JoinSample, 'pointId' | 'steps'>;
const KEYS: Key[] = ['totalMs', 'joinEnabledMs', 'clickLatencyMs', 'afterClickMs', 'wallMs'];

const stat = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return { n: v.length, p50: percentile(v, 50), p95: percentile(v, 95), min: v[0] ?? NaN, max: v.at(-1) ?? NaN };
};

function summary(samples: JoinSample[]) {
  return Object.fromEntries(KEYS.map((k) => [k, stat(samples.map((j) => j[k]))])) as Record<Key, ReturnType<typeof stat>>;
}

/** Each step's time from opening the link, over the joins that took it. */
function stepSummary(samples: JoinSample[]) {
  const steps = Object.keys(JOIN_STEPS) as JoinStep[];
  return Object.fromEntries(steps.map((k) => [k, stat(samples.flatMap((j) => (j.steps[k] !== undefined ? [j.steps[k]] : [])))])) as Record<JoinStep, ReturnType<typeof stat>>;
}

/** JOINS joins per rig, rigs alternating (order flipped every round), rotating over the districts. */
async function measureJoins(rigs: JoinRig[]) {
  const districts: string[] = CA_MAU_2021_DISTRICTS.map((d) => d.id);
  const samples = new Map<string, JoinSample[]>(rigs.map((r) => [r.label, []]));
  const failures: { rig: string; join: number; pointId: string; error: string }[] = [];
  const loads: number[] = [];
  // one unmeasured join first: the server's and the SFU's first-use costs are not a point's
  for (const rig of rigs) await oneJoin(rig.env, districts[0]!, `bench-warm-${rig.label}`);
  // The server's own time for each step, over the measured joins only (client-server-steps.ts).
  const serverBefore = new Map<string, StepTotals>();
  for (const rig of rigs) serverBefore.set(rig.label, await readServerSteps(rig.env.server.url));
  for (let i = 0; i < JOINS; i++) {
    const pointId = districts[i % districts.length]!;
    for (const rig of i % 2 ? [...rigs].reverse() : rigs) {
      // Other work on this machine may rebuild dist/client under the server (the page then finds
      // no script): such a join is retried, and recorded as a failure in the results.
      let s: JoinSample | undefined;
      for (let attempt = 0; !s; attempt++) {
        try {
          s = await oneJoin(rig.env, pointId, `bench-join-${rig.label}-${i}-${attempt}`);
        } catch (err) {
          failures.push({ rig: rig.label, join: i + 1, pointId, error: String(err).split('\n')[0]! });
          process.stdout.write(`${rig.label} join ${i + 1} ${pointId} failed: ${failures.at(-1)!.error}\n`);
          if (attempt >= 2) throw err;
        }
      }
      samples.get(rig.label)!.push(s);
      loads.push(loadavg()[0]!);
      process.stdout.write(`${rig.label} join ${i + 1}/${JOINS} ${s.pointId}: ${fmt(s.totalMs, 0)} ms (join enabled ${fmt(s.joinEnabledMs, 0)}, click +${fmt(s.clickLatencyMs, 0)}, frame +${fmt(s.afterClickMs, 0)}) load ${fmt(loads.at(-1)!)}\n`);
    }
  }
  loads.sort((a, b) => a - b);
  const serverSteps: Record<string, ReturnType<typeof serverStepMeans>> = {};
  for (const rig of rigs) serverSteps[rig.label] = serverStepMeans(serverBefore.get(rig.label)!, await readServerSteps(rig.env.server.url));
  return {
    failures,
    serverSteps,
    load1: { p50: percentile(loads, 50), min: loads[0] ?? NaN, max: loads.at(-1) ?? NaN },
    rigs: Object.fromEntries([...samples].map(([label, s]) => [label, { n: s.length, ...summary(s), steps: stepSummary(s), samples: s }])),
  };
}

// ---- (3) memory of a point console with tiles -------------------------------------------------

/** Resident memory of every process of one participant's Chromium (found by its profile directory). */
function chromiumRssKiB(name: string): { processes: number; rssKiB: number } {
  let processes = 0;
  let rssKiB = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(`hoinghi-chromium-${name}-`)) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      processes += 1;
      rssKiB += m ? Number(m[1]) : 0;
    } catch {
      // the process ended while we looked
    }
  }
  return { processes, rssKiB };
}

async function consoleMemory(p: Participant, name: string) {
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (n: string) => metrics.find((m) => m.name === n)?.value ?? NaN;
  const tiles = await p.page.evaluate(() => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-testid=point-console] video')].filter((v) => !v.closest('.video--self'));
    return { videos: videos.length, decoding: videos.filter((v) => v.getVideoPlaybackQuality().totalVideoFrames > 0).length, cards: document.querySelectorAll('[data-testid=point-console] .video__card').length };
  });
  // What the SFU's layout plan gives this console (the client's read-only probe).
  const plan = await p.page.evaluate(() => {
    const probe = (globalThis as { __hoinghiConsoleMedia?: () => { plan?: { tiles: { size: string }[] } } }).__hoinghiConsoleMedia?.();
    const tiles = probe?.plan?.tiles ?? [];
    return { large: tiles.filter((t) => t.size === 'large').length, thumbnail: tiles.filter((t) => t.size === 'thumbnail' || t.size === 'grid').length, hidden: tiles.filter((t) => t.size === 'hidden').length, total: tiles.length };
  });
  return { tiles, plan, load1: loadavg()[0]!, jsHeapUsedMiB: metric('JSHeapUsedSize') / 2 ** 20, jsHeapTotalMiB: metric('JSHeapTotalSize') / 2 ** 20, domNodes: metric('Nodes'), ...chromiumRssKiB(name) };
}

/** A district console receiving the central browser and TILES-1 synthetic points. */
async function measureMemory(env: JoinRig['env'], people: Participant[], synthetic: SyntheticPoint[]) {
  // Memory: a district console receiving the central browser and TILES-1 synthetic points
  // (ffmpeg streaming pre-encoded VP8 simulcast + Opus into the real SFU; a browser each would
  // not fit on this machine). The demo has 9 other points; the rest are added as the admin would.
  const districts: string[] = CA_MAU_2021_DISTRICTS.map((d) => d.id);
  const viewerPoint = districts[1]!;
  const publishers = districts.filter((d) => d !== viewerPoint);
  const room = env.server.rooms.get(CONF)!;
  for (let n = 1; publishers.length < TILES - 1; n++) {
    const id = `bench-diem-cau-${n}`;
    const added = await room.submit({ type: 'addPoint', id, name: `Điểm cầu thử tải ${n}`, kind: 'district' }, { role: 'admin', name: 'Quản trị' });
    if (!added.ok) throw new Error(`adding point ${id}: ${JSON.stringify(added)}`);
    publishers.push(id);
  }
  publishers.length = Math.max(0, TILES - 1);
  const service = env.server.media!.service;
  for (const pointId of publishers) {
    const s = await syntheticPoint(service, { conferenceId: CONF, pointId, send: true, receive: false });
    synthetic.push(s);
    await s.startSending();
  }
  const memName = 'bench-memory';
  const viewer = await openParticipant(memName, await issueLink(env.server, CONF, 'point', viewerPoint));
  people.push(viewer);
  await viewer.page.locator('[data-testid=preflight-join]').click({ timeout: 30_000 });
  await firstRemoteFrame(viewer.page, 30_000);
  await new Promise((r) => setTimeout(r, 10_000));
  const memory = await consoleMemory(viewer, memName);

  return { remotePublishers: 1 + synthetic.length, browserPublishers: 1, syntheticPublishers: synthetic.length, ...memory };
}

// ---- run ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  ensureClientBuilt();
  const bundle = initialBundle(DIST);
  const beforeBundle = BEFORE_DIR ? initialBundle(BEFORE_DIR) : null;
  const rigs: JoinRig[] = [];
  const people: Participant[] = [];
  const synthetic: SyntheticPoint[] = [];
  try {
    rigs.push(await joinRig('current'));
    if (BEFORE_DIR) rigs.push(await joinRig('before', BEFORE_DIR));
    const joins = await measureJoins(rigs);
    for (const r of rigs.slice(1)) await r.dispose();
    rigs.length = 1;
    const memory = TILES > 0 ? await measureMemory(rigs[0]!.env, people, synthetic) : null;

    const current = joins.rigs['current']!;
    const before = joins.rigs['before'];
    const results = {
      machine: machine(),
      joins: {
        perBuild: JOINS,
        targetP50Ms: TARGET_P50_MS,
        met: current.totalMs.p50 < TARGET_P50_MS,
        ratioToTarget: current.totalMs.p50 / TARGET_P50_MS,
        ...(before ? { beforeClientDir: BEFORE_DIR, speedup: before.totalMs.p50 / current.totalMs.p50 } : {}),
        ...joins,
      },
      bundle,
      ...(beforeBundle ? { beforeBundle } : {}),
      ...(memory ? { memory } : {}),
    };
    mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(REPO, 'bench', 'results', 'client.json'), JSON.stringify(results, null, 2) + '\n');

    const labels: Record<Key, string> = {
      totalMs: 'link opened → first remote frame (pre-flight or console)',
      joinEnabledMs: 'link opened → "join" enabled',
      clickLatencyMs: '"join" enabled → click reached page',
      afterClickMs: 'click → first remote frame in the console',
      wallMs: 'wall time of the join',
    };
    const rows = Object.entries(joins.rigs).flatMap(([label, r]) => KEYS.map((k) => [`${label}: ${labels[k]} (ms)`, fmt(r[k].p50, 0), fmt(r[k].p95, 0), fmt(r[k].min, 0), fmt(r[k].max, 0)]));
    process.stdout.write('\n' + table(['measure', 'p50', 'p95', 'min', 'max'], rows) + '\n\n');
    // Each step from opening the link, both builds side by side when two were measured.
    const rigLabels = Object.keys(joins.rigs);
    const stepRows = (Object.keys(JOIN_STEPS) as JoinStep[]).map((k) => [JOIN_STEPS[k], ...rigLabels.flatMap((l) => { const st = joins.rigs[l]!.steps[k]; return [fmt(st.p50, 0), fmt(st.p95, 0), `${st.n}`]; })]);
    process.stdout.write(table(['step (ms from opening the link)', ...rigLabels.flatMap((l) => [`${l} p50`, `${l} p95`, 'n'])], stepRows) + '\n');
    const serverRows = [...new Set(Object.values(joins.serverSteps).flatMap((s) => Object.keys(s)))].map((step) => [step, ...rigLabels.flatMap((l) => { const s = joins.serverSteps[l]?.[step]; return s ? [fmt(s.meanMs, 1), `${s.n}`] : ['–', '0']; })]);
    process.stdout.write(table(['server time per join step (ms, mean)', ...rigLabels.flatMap((l) => [`${l} mean`, 'n'])], serverRows) + '\n');
    process.stdout.write(`load average (1 min) during the joins: p50 ${fmt(joins.load1.p50)}, ${fmt(joins.load1.min)}–${fmt(joins.load1.max)}\n\n`);
    const bundleRows = (b: ReturnType<typeof initialBundle>, label: string) => [
      ...b.files.map((f) => [`${label} ${f.file}`, f.bytes, f.gzipBytes]),
      [`${label} total initial`, b.totalBytes, b.totalGzipBytes],
      ...b.lazy.map((f) => [`${label} (later) ${f.file}`, f.bytes, f.gzipBytes]),
    ];
    process.stdout.write(table(['file', 'bytes', 'gzip'], [...bundleRows(bundle, 'current'), ...(beforeBundle ? bundleRows(beforeBundle, 'before') : [])]) + '\n\n');
    if (memory) process.stdout.write(table(['point console memory', 'value'], [
      ['remote publishers (1 browser + ffmpeg points)', memory.remotePublishers],
      ['layout plan tiles (large / thumbnail / hidden)', `${memory.plan.large} / ${memory.plan.thumbnail} / ${memory.plan.hidden}`],
      ['remote video tiles (decoding / elements)', `${memory.tiles.decoding} / ${memory.tiles.videos}`],
      ['name cards (tiles without video)', memory.tiles.cards],
      ['JS heap used (MiB)', fmt(memory.jsHeapUsedMiB)],
      ['JS heap total (MiB)', fmt(memory.jsHeapTotalMiB)],
      ['DOM nodes', memory.domNodes],
      [`Chromium RSS, ${memory.processes} processes (MiB)`, fmt(memory.rssKiB / 1024)],
      ['load average (1 min) at the reading', fmt(memory.load1)],
    ]) + '\n');
    process.stdout.write(`\ntarget join p50 < ${TARGET_P50_MS} ms: ${results.joins.met ? 'met' : 'not met'} (p50 ${fmt(current.totalMs.p50, 0)} ms, ${fmt(results.joins.ratioToTarget)}× the target)${before ? `; before ${fmt(before.totalMs.p50, 0)} ms, ${fmt(results.joins.speedup ?? NaN)}× faster now` : ''}\n`);
  } finally {
    for (const p of people) await p.close();
    for (const s of synthetic) await s.close();
    for (const r of rigs) await r.dispose();
  }
}

await main();
