import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, EventSchema, type MeetingEvent } from '../protocol/index.js';
import { decide } from './decide.js';
import type { ErrorCode } from './errors.js';
import { evolve, replay } from './evolve.js';
import { Fuzz, fittingPrincipal, randomCommand, randomPrincipal, seededRng } from './fuzz-commands.js';
import { centralPoint, floorHolders, runningSpeeches, talliesByOrganisation, talliesByPoint, tallyOverall, type Tally } from './selectors.js';
import type { MeetingState } from './state.js';
import { draftConference, idSource } from './testkit.js';
import { entriesOf, entryOf, idsOf } from './buckets.js';

// Seeded replay fuzz: random commands from random principals, checking the invariants after
// every step and that replaying the log gives exactly the live state. FUZZ_SEED reruns a seed.

const EPISODES = 12;
const COMMANDS_PER_EPISODE = 1_000;
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20210104);

function sum(t: Tally): number {
  return t.present + t.excused + t.absent + t.substitutes + t.unmarked;
}

/** Every invariant of SPEC.md that must hold in any reachable state; returns the broken ones. */
function brokenInvariants(s: MeetingState): string[] {
  const out: string[] = [];
  const c = s.conference;
  if (!c) return ['conference vanished'];
  if (floorHolders(s).length > c.maxOpenFloors) out.push('R-QUEUE-9: more floors open than allowed');
  if (runningSpeeches(s).filter((sp) => sp.kind === 'directive').length > 1) out.push('R-QUEUE-10: two directive speeches');
  const w = s.queue.waiting;
  if (new Set(w).size !== w.length) out.push('R-QUEUE-11: a request twice in the queue');
  if (!w.every((id) => entryOf(s.queue.requests, id)?.status === 'waiting')) out.push('R-QUEUE-11: a non-waiting request in the queue');
  const waiting = entriesOf(s.queue.requests).filter((r) => r.status === 'waiting').length;
  if (waiting !== w.length) out.push('R-QUEUE-11: a waiting request missing from the queue');
  const overall = tallyOverall(s);
  const attendees = s.attendeeOrder.length;
  if (sum(overall) !== overall.invited + overall.walkIns || overall.invited + overall.walkIns !== attendees) out.push('R-ROLL-7: overall tally');
  for (const group of [talliesByPoint(s), talliesByOrganisation(s)]) {
    const ts = Object.values(group);
    if (ts.some((t) => sum(t) !== t.invited + t.walkIns)) out.push('R-ROLL-7: a group tally');
    if (ts.reduce((n, t) => n + t.invited + t.walkIns, 0) !== attendees) out.push('R-ROLL-7: groups do not add up to the list');
  }
  if (c.status !== 'draft' && !centralPoint(s)) out.push('R-CONF-2: no central point after draft');
  if (Object.values(s.points).filter((p) => p.kind === 'central').length > 1) out.push('R-CONF-2: two central points');
  for (const sp of entriesOf(s.speeches)) {
    const open = sp.pauses.filter((p) => p.to === null).length;
    if (open > 1 || (sp.end !== null && open > 0)) out.push(`R-SPEECH-1: speech ${sp.id} pauses`);
  }
  const runningSteps = Object.values(s.agenda.steps).filter((st) => st.runs.some((r) => r.to === null));
  const cur = s.agenda.currentStepId;
  if (runningSteps.length !== (cur === null ? 0 : 1) || (cur !== null && runningSteps[0]?.id !== cur)) out.push('R-AGENDA-6: running step');
  if (s.attendeeOrder.length !== idsOf(s.attendees).length || s.attendees.size !== s.attendeeOrder.length) out.push('attendee order');
  // The indexes the state keeps for speed say the same as the records they index.
  const running = s.speechOrder.filter((id) => entryOf(s.speeches, id)?.end === null);
  if (running.join() !== s.runningSpeechIds.join()) out.push('running speeches index');
  if (s.speeches.size !== idsOf(s.speeches).length || s.queue.requests.size !== idsOf(s.queue.requests).length) out.push('bucketed record size');
  return out;
}

describe('replay fuzz', () => {
  it(`R-CORE-3 R-QUEUE-9 R-QUEUE-11 R-ROLL-7 R-CONF-6: ${EPISODES * COMMANDS_PER_EPISODE} random commands keep every invariant and replay exactly`, () => {
    const codes = new Map<ErrorCode, number>();
    const accepted = new Map<string, number>();
    let total = 0;
    for (let episode = 0; episode < EPISODES; episode++) {
      const seed = BASE_SEED + episode;
      const f = new Fuzz(seededRng(seed));
      const start = draftConference();
      const log: MeetingEvent[] = [...start.log];
      let state = start.state;
      let now = start.now;
      const newId = idSource(`f${episode}-`);
      let closedState: MeetingState | null = null;
      for (let i = 0; i < COMMANDS_PER_EPISODE; i++) {
        total++;
        now += f.int(90_000);
        const drawn = randomPrincipal(f, state);
        const command = randomCommand(f, state, drawn);
        const who = fittingPrincipal(f, state, command, drawn);
        const at = `seed ${seed}, command ${i}: ${JSON.stringify(command)} by ${JSON.stringify(who)}`;
        const result = decide(state, command, { now, principal: who, newId });
        if (!result.ok) {
          codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
          expect(result.code, at).not.toBe('INTERNAL_ERROR');
          expect(result, at).not.toHaveProperty('events');
          continue;
        }
        expect(closedState, `R-CONF-6 a closed conference changed at ${at}`).toBeNull();
        const type = (command as { type: string }).type;
        accepted.set(type, (accepted.get(type) ?? 0) + 1);
        for (const e of result.events) {
          const parsed = EventSchema.safeParse(e);
          expect(parsed.success, `${at}: event ${e.type} invalid`).toBe(true);
          expect(e.at, at).toBe(now);
          state = evolve(state, e);
          log.push(e);
        }
        const broken = brokenInvariants(state);
        expect(broken, at).toEqual([]);
        if (state.conference?.status === 'closed') closedState = state;
      }
      if (closedState) expect(state).toBe(closedState);
      // R-CORE-3: the log, even after a trip through JSON (the store), replays to the live state.
      expect(replay(log)).toEqual(state);
      expect(replay(JSON.parse(JSON.stringify(log)) as MeetingEvent[])).toEqual(state);
    }
    expect(total).toBeGreaterThanOrEqual(10_000);
    // The fuzzer must reach the rules, not bounce off the schema: most command types succeed
    // somewhere, and refusals come for many different reasons.
    const acceptedTypes = COMMAND_TYPES.filter((t) => (accepted.get(t) ?? 0) > 0);
    expect(acceptedTypes.length, `accepted: ${[...accepted.keys()].join(', ')}`).toBeGreaterThanOrEqual(52);
    expect(codes.size).toBeGreaterThanOrEqual(25);
    const acceptedCount = [...accepted.values()].reduce((a, b) => a + b, 0);
    expect(acceptedCount / total).toBeGreaterThan(0.15);
    process.stdout.write(`fuzz: ${total} commands, ${acceptedCount} accepted, ${acceptedTypes.length}/${COMMAND_TYPES.length} command types accepted, ${codes.size} refusal codes seen\n`);
  });
});
