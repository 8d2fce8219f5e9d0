import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type MeetingEvent } from '../protocol/index.js';
import { decide } from './decide.js';
import { InPlaceFold, evolve, replay } from './evolve.js';
import { Fuzz, fittingPrincipal, randomCommand, randomPrincipal, seededRng } from './fuzz-commands.js';
import type { MeetingState } from './state.js';
import { draftConference, idSource } from './testkit.js';
import { entryOf } from './buckets.js';

// R-CORE-3 for the copy-on-write evolve (records.ts): evolve and replay never write into
// a state they were given, even when callers keep every old state, and replay's single draft for
// the whole log folds to exactly what evolving event by event gives. Every state handed in here
// is deep-frozen: in ES modules (strict mode) any write into it throws a TypeError.

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A varied log from the fuzzer's commands, with every state along the way kept and frozen. */
function frozenRun(seed: number, commands: number): { log: MeetingEvent[]; states: MeetingState[] } {
  const f = new Fuzz(seededRng(seed));
  const start = draftConference();
  const log: MeetingEvent[] = [...start.log];
  let state = deepFreeze(start.state);
  const states = [state];
  let now = start.now;
  const newId = idSource(`p${seed}-`);
  for (let i = 0; i < commands; i++) {
    now += f.int(90_000);
    const drawn = randomPrincipal(f, state);
    const command = randomCommand(f, state, drawn);
    const r = decide(state, command, { now, principal: fittingPrincipal(f, state, command, drawn), newId });
    if (!r.ok) continue;
    for (const e of r.events) {
      state = deepFreeze(evolve(state, deepFreeze(e)));
      states.push(state);
      log.push(e);
    }
  }
  return { log, states };
}

describe('evolve and replay are pure (copy-on-write)', () => {
  // Built inside the first test that needs them, so a write into a frozen state fails a test.
  let built: ReturnType<typeof frozenRun>[] | null = null;
  const allRuns = (): ReturnType<typeof frozenRun>[] => (built ??= [11, 12, 13, 14].map((seed) => frozenRun(seed, 1_500)));

  it('R-CORE-3: evolve never writes into a frozen input state and every old state stays as it was', () => {
    const seen = new Set<string>();
    for (const { log, states } of allRuns()) {
      for (const e of log) seen.add(e.type);
      // Each state is one more event than the one before it, and was built from a frozen one.
      states.forEach((s, i) => i > 0 && expect(s.eventCount).toBe((states[i - 1]?.eventCount ?? 0) + 1));
      expect(states.at(-1)?.eventCount).toBe(log.length);
      expect(states.length).toBeGreaterThan(400);
    }
    // The fuzzer reaches nearly every event type, so every reducer ran on frozen input.
    const missing = EVENT_TYPES.filter((t) => !seen.has(t));
    process.stdout.write(`purity: ${seen.size}/${EVENT_TYPES.length} event types on frozen states; never produced: ${missing.join(', ') || 'none'}\n`);
    expect(missing.length, `event types never produced: ${missing.join(', ')}`).toBeLessThanOrEqual(3);
  });

  it('R-CORE-3: replay with one draft equals evolving event by event, from the start and from any frozen state', () => {
    for (const { log, states } of allRuns()) {
      const live = states.at(-1);
      expect(replay(log)).toEqual(live);
      // states[k] follows the draft conference's own events and k more.
      const offset = log.length - (states.length - 1);
      for (const k of [1, Math.floor(states.length / 3), states.length - 5]) {
        const from = states[k];
        if (!from) throw new Error(`no state at ${k}`);
        const before = JSON.stringify(from);
        expect(replay(log.slice(offset + k), from)).toEqual(live);
        expect(JSON.stringify(from)).toBe(before);
      }
    }
  });

  it('replay of the same log twice gives equal states that share nothing writable', () => {
    const { log } = allRuns()[0] ?? { log: [] };
    const a = replay(log);
    const b = replay(log);
    expect(b).toEqual(a);
    // Changing one result (a caller that owns it may) leaves the other alone.
    const first = a.attendeeOrder[0] ?? '';
    entryOf(a.attendees, first)?.marks.push({ status: 'absent', at: 0, by: { role: 'system' } });
    a.queue.waiting.push('x');
    expect(b).not.toEqual(a);
    expect(b).toEqual(replay(log));
  });

  it('R-CORE-3: InPlaceFold (one draft across calls) folds to the live state without touching a frozen start', () => {
    const { log, states } = allRuns()[1] ?? { log: [], states: [] };
    const offset = log.length - (states.length - 1);
    const from = states[10];
    if (!from) throw new Error('no state at 10');
    const fold = new InPlaceFold(from);
    const rest = log.slice(offset + 10);
    for (let i = 0; i < rest.length; i += 7) fold.add(rest.slice(i, i + 7));
    expect(fold.state).toEqual(states.at(-1));
    expect(fold.state).not.toBe(from);
  });

  it('replay of no events returns the state it was given', () => {
    const s = allRuns()[0]?.states[3];
    expect(replay([], s)).toBe(s);
  });
});
