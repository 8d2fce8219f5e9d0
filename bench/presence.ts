// npm run bench:presence — what a point's join costs the meeting core in a big conference: `evolve`
// (the room does it for every live event, on every node of a cluster) of each event a join
// records — the point online (pointWentOnline / pointWentOffline), its link's first opening
// (linkOpened), its pre-flight (preflightReported) and its clerk's readiness (readinessReported) —
// in conferences of 1 + 130 (a merged province), 1 + 1,000 and 1 + 3,600 points (national), every
// point already joined once. The state is built through decide and replay, as a room holds it
// after a restart. Prints µs per event (median of BENCH_RUNS runs of 2,000 events each); figures
// go to docs/BENCHMARKS.md ("A point's join in a big conference"); raw figures in bench/results/presence.json.
//
// Env: BENCH_SIZES (points besides the central one, default "130,1000,3600"), BENCH_RUNS (default 5).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { decide, evolve, replay, type MeetingState } from '../shared/meeting/index.js';
import { EventSchema, type Command, type MeetingEvent, type Principal } from '../shared/protocol/index.js';
import { machine } from './lib/machine.js';

const SIZES = (process.env.BENCH_SIZES ?? '130,1000,3600').split(',').map(Number);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const EVENTS = 2_000;
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** A conference of `points` communes besides the central point, in session, every point online. */
function bigConference(points: number): { state: MeetingState } {
  const events: MeetingEvent[] = [];
  let state = replay([]);
  let now = 1_000;
  const run = (principal: Principal, command: Command): void => {
    const outcome = decide(state, command, { principal, now: now++, newId: () => `id${now}` });
    if (!outcome.ok) throw new Error(`${command.type}: ${outcome.code}`);
    for (const e of outcome.events) {
      events.push(e);
      state = evolve(state, e);
    }
  };
  const admin: Principal = { role: 'admin' };
  run(admin, { type: 'createConference', title: 'Hội nghị trực tuyến toàn quốc', date: '2026-12-07', organiser: 'UBND tỉnh', venue: 'Hội trường' });
  const all: { id: string; name: string; kind: 'central' | 'commune' }[] = [{ id: 'p0000', name: 'Điểm cầu trung tâm', kind: 'central' }];
  for (let i = 1; i <= points; i++) all.push({ id: `p${String(i).padStart(4, '0')}`, name: `Xã ${i}`, kind: 'commune' });
  for (let i = 0; i < all.length; i += 1000) run(admin, { type: 'addPoints', points: all.slice(i, i + 1000) } as Command);
  for (const p of all) run({ role: 'system' }, { type: 'pointOnline', pointId: p.id });
  // Every point joined once: its link opened, its pre-flight and its readiness recorded.
  for (const p of all) {
    for (const e of joinEvents(p.id, `l-${p.id}`, now++)) events.push(e);
  }
  // As a room holds it after a restart: the whole log replayed (and settled) in one fold.
  return { state: replay(events) };
}

const system = { role: 'system' };
const ok = { camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 12 } };
/** The events of a point's join besides presence, as the core records them. */
function joinEvents(pointId: string, linkId: string, at: number): MeetingEvent[] {
  return [
    { type: 'linkOpened', linkId, role: 'point', pointId, at, by: system },
    { type: 'preflightReported', pointId, ...ok, at, by: { role: 'point', pointId } },
    { type: 'readinessReported', pointId, headcount: 12, at, by: { role: 'clerk', name: 'Trần Thị Thư Ký' } },
  ].map((e) => EventSchema.parse(e)); // the log's own schema: the bench times events the core really records
}

type Kind = 'presence' | 'linkOpened' | 'preflight' | 'readiness';
/** Event k of a kind's run: presence goes offline and back for each point; a new link each time. */
function eventOf(kind: Kind, k: number, size: number, at: number): MeetingEvent {
  const pointId = `p${String(1 + (Math.floor(k / 2) * 7919) % size).padStart(4, '0')}`;
  if (kind === 'presence') return EventSchema.parse({ type: k % 2 === 0 ? 'pointWentOffline' : 'pointWentOnline', pointId, at, by: system });
  const [opened, preflight, readiness] = joinEvents(pointId, `again-${k}`, at);
  return (kind === 'linkOpened' ? opened : kind === 'preflight' ? preflight : readiness)!;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const info = machine();
out(`bench:presence — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}; load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
const KINDS: Kind[] = ['presence', 'linkOpened', 'preflight', 'readiness'];
out(`µs per event, median of ${RUNS} runs of ${EVENTS}`);
out(`points    ${KINDS.map((k) => k.padStart(11)).join('')}`);
const results: { points: number; kind: Kind; perEventUs: number[] }[] = [];
for (const size of SIZES) {
  const { state: start } = bigConference(size);
  const cells: string[] = [];
  for (const kind of KINDS) {
    const perEvent: number[] = [];
    const events = Array.from({ length: EVENTS }, (_v, k) => eventOf(kind, k, size, 10_000_000 + k));
    for (let r = 0; r < RUNS; r++) {
      let state = start;
      const t0 = performance.now();
      for (const event of events) state = evolve(state, event);
      perEvent.push(((performance.now() - t0) * 1000) / EVENTS);
    }
    cells.push(median(perEvent).toFixed(1).padStart(11));
    results.push({ points: size, kind, perEventUs: perEvent });
  }
  out(`${`1 + ${size}`.padEnd(10)}${cells.join('')}`);
}
const file = join(import.meta.dirname, 'results', 'presence.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine: info, loadavg: loadavg(), runs: RUNS, events: EVENTS, results }, null, 2)}\n`);
out(`written ${file}`);
