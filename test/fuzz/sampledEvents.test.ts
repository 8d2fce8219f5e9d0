import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CommandSchema, EventSchema, type CommandType } from '../../shared/protocol/index.js';
import { decide } from '../../shared/meeting/decide.js';
import { evolve } from '../../shared/meeting/evolve.js';
import { Fuzz, fittingPrincipal, randomPrincipal, seededRng } from '../../shared/meeting/fuzz-commands.js';
import { draftConference, idSource } from '../../shared/meeting/testkit.js';
import { idPool } from './socketFuzz.js';
import { sample } from './zodSample.js';

// The server fuzzer draws its commands from the command schemas themselves (zodSample), not from
// the core fuzz test's hand-written list; a command the core accepted then produced an event the
// event schema refused, and the store turned the append down (INVALID_STORE_ARGUMENT, fuzz seed
// 1206). Here the same sampler drives the pure core: every event of every accepted command must
// pass the event schema the store checks, over every command type.

const SEEDS = 6;
const COMMANDS = 2_000;
const options = CommandSchema.options as unknown as readonly (z.ZodObject & { shape: { type: { value: CommandType } } })[];

describe('events of commands sampled from their schemas', () => {
  it('every event the core decides from a schema-valid command passes the event schema', () => {
    const accepted = new Set<string>();
    for (let seed = 1206; seed < 1206 + SEEDS; seed++) {
      const f = new Fuzz(seededRng(seed));
      let { state, now } = draftConference();
      const newId = idSource(`s${seed}-`);
      for (let i = 0; i < COMMANDS; i++) {
        now += f.int(60_000);
        const command = sample(f, f.pick(options) as unknown as z.ZodType, idPool(state));
        if (!CommandSchema.safeParse(command).success) continue;
        const who = fittingPrincipal(f, state, command, randomPrincipal(f, state));
        const result = decide(state, command, { now, principal: who, newId });
        if (!result.ok) continue;
        accepted.add((command as { type: string }).type);
        for (const event of result.events) {
          const parsed = EventSchema.safeParse(event);
          expect(parsed.success, `seed ${seed}, command ${i} ${JSON.stringify(command)} -> ${JSON.stringify(event)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
          state = evolve(state, event);
        }
      }
    }
    // The sampler must reach the rules: many command types are accepted somewhere.
    expect(accepted.size).toBeGreaterThanOrEqual(30);
  });
});
