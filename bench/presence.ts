// npm run bench:presence — what one point's arrival or departure costs the meeting core in a big
// conference: `evolve` of pointWentOnline / pointWentOffline (the room does it for every live
// event, on every node of a cluster) in conferences of 1 + 130 (a merged province), 1 + 1,000 and
// 1 + 3,600 points (national), every point online first as after the joins. The state is built
// through the real decide and replay, as a room holds it after a restart. Prints µs per event
// (median of BENCH_RUNS runs of 2,000 events each); figures go to docs/BENCHMARKS.md
// ("Presence in a big conference").
//
// Env: BENCH_SIZES (points besides the central one, default "130,1000,3600"), BENCH_RUNS (default 5).
import { loadavg } from 'node:os';
import { decide, evolve, replay, type MeetingState } from '../shared/meeting/index.js';
import type { Command, MeetingEvent, Principal } from '../shared/protocol/index.js';
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
  // As a room holds it after a restart: the whole log replayed (and settled) in one fold.
  return { state: replay(events) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const info = machine();
out(`bench:presence — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}; load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`);
out('points  µs per presence event (median of runs)  runs');
for (const size of SIZES) {
  const { state: start } = bigConference(size);
  const perEvent: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let state = start;
    let at = 10_000_000;
    const t0 = performance.now();
    for (let k = 0; k < EVENTS; k++) {
      const pointId = `p${String(1 + (Math.floor(k / 2) * 7919) % size).padStart(4, '0')}`;
      const type = k % 2 === 0 ? 'pointWentOffline' : 'pointWentOnline';
      state = evolve(state, { type, pointId, at: at++, by: { role: 'system' }} as unknown as MeetingEvent);
    }
    perEvent.push(((performance.now() - t0) * 1000) / EVENTS);
  }
  out(`${`1 + ${size}`.padEnd(8)}${median(perEvent).toFixed(1).padStart(8)}  ${perEvent.map((x) => x.toFixed(1)).join(' ')}`);
}
