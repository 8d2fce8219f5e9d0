import { describe, expect, it } from 'vitest';
import { admin, CENTRAL, observer, pointOp, THOI_BINH } from '../../shared/meeting/testkit.js';
import { EventSchema, type Command, type MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import { createLogger } from '../log/logger.js';
import { meetingCore, type MeetingRooms } from '../rooms/meetingCore.js';
import { RoomRegistry } from '../rooms/roomRegistry.js';
import type { AppendResult, EventStore } from '../store/EventStore.js';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import { CommandService, type Caller, type CommandOutcome } from './commandService.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// The one service every transport hands its commands to, on the real core, rooms and memory
// store: the same refusals and limits whatever carried the command, and every outcome counted.

const CONF = 'c-ca-mau';
const SETUP: Command[] = [
  { type: 'createConference', id: CONF, title: 'Hội nghị', date: '2021-01-04', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường' },
  { type: 'addPoint', id: CENTRAL, name: 'Trung tâm', kind: 'central' },
  { type: 'addPoint', id: THOI_BINH, name: 'Thới Bình', kind: 'district' },
];

/** A store whose appends wait until the test lets them go: commands stay in flight meanwhile. */
class GatedStore extends MemoryEventStore<MeetingEvent> {
  gate: Promise<void> = Promise.resolve();
  override async append(conferenceId: string, expectedSeq: number, events: readonly MeetingEvent[]): Promise<AppendResult> {
    await this.gate;
    return super.append(conferenceId, expectedSeq, events);
  }
}

async function setUp(options: { maxInFlight?: number; store?: EventStore<MeetingEvent> } = {}) {
  const store = options.store ?? new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema });
  const logger = createLogger('silent');
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger });
  const outcomes: CommandOutcome[] = [];
  const commands = new CommandService({ rooms, logger, onOutcome: (o) => outcomes.push(o), ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}) });
  const adminCaller: Caller = { principal: admin, source: 'http', flowKey: 'link:admin' };
  const created = await commands.createConference(SETUP[0] as Omit<Extract<Command, { type: 'createConference' }>, 'type'>, adminCaller);
  expect(created).toMatchObject({ ok: true, conferenceId: CONF });
  for (const c of SETUP.slice(1)) expect(await commands.submit(CONF, c, adminCaller)).toMatchObject({ ok: true });
  outcomes.length = 0;
  return { rooms, commands, outcomes, adminCaller };
}

const request = (pointId: string): Command => ({ type: 'setSelfMute', pointId, muted: true });

describe('command service: parse, permit, limit, submit, count for every transport', () => {
  it('refuses the same things whatever carried the command', async () => {
    const { commands } = await setUp();
    for (const source of ['socket', 'http'] as const) {
      const caller = (principal: Caller['principal'], standby = false): Caller => ({ principal, source, flowKey: `${source}-1`, standby });
      expect(await commands.execute(CONF, { command: { type: 'pointOnline', pointId: THOI_BINH } }, caller(admin))).toMatchObject({ ok: false, code: 'SYSTEM_ONLY' });
      expect(await commands.execute(CONF, { command: request(THOI_BINH) }, caller(observer))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await commands.execute(CONF, { command: request(THOI_BINH) }, caller(pointOp(THOI_BINH), true))).toMatchObject({ ok: false, code: 'STANDBY' });
      expect(await commands.execute(CONF, { command: { type: 'nope' } }, caller(admin))).toMatchObject({ ok: false, code: 'UNKNOWN_COMMAND' });
      expect(await commands.execute(CONF, { command: request(THOI_BINH), extra: 1 }, caller(admin))).toMatchObject({ ok: false, code: 'MALFORMED' });
      expect(await commands.execute('c-none', { command: request(THOI_BINH) }, caller(pointOp(THOI_BINH)))).toMatchObject({ ok: false, code: 'UNKNOWN_CONFERENCE' });
    }
  });

  it('lets the server issue its own commands, and nobody else (R-AUTH-1)', async () => {
    const { commands, rooms } = await setUp();
    expect(await commands.system(CONF, { type: 'pointOnline', pointId: THOI_BINH })).toMatchObject({ ok: true });
    expect(entryOf(rooms.get(CONF)!.state.presence, THOI_BINH)?.online).toBe(true);
    expect(await commands.submit(CONF, { type: 'pointOffline', pointId: THOI_BINH }, { principal: pointOp(THOI_BINH), source: 'socket', flowKey: 's' })).toMatchObject({ code: 'SYSTEM_ONLY' });
  });

  it('limits unanswered commands per caller over HTTP as over sockets, and forgets the caller after', async () => {
    const store = new GatedStore({ eventSchema: EventSchema });
    const { commands } = await setUp({ maxInFlight: 2, store });
    let open!: () => void;
    store.gate = new Promise<void>((resolve) => (open = resolve));
    for (const source of ['http', 'socket'] as const) {
      const caller: Caller = { principal: admin, source, flowKey: `${source}:one` };
      const acks = [1, 2, 3].map((n) => commands.submit(CONF, { type: 'updateConference', title: `Hội nghị ${source} ${n}` }, caller));
      // The third is refused at once, while the first two still wait for the store.
      expect(await acks[2]).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(commands.callersInFlight).toBeGreaterThan(0);
      // Another caller is not held up by the first one's commands.
      const other = commands.submit(CONF, { type: 'updateConference', title: `Khác ${source}` }, { ...caller, flowKey: `${source}:two` });
      open();
      const results: Ack[] = await Promise.all([acks[0]!, acks[1]!, other]);
      expect(results.every((a) => a.ok)).toBe(true);
      store.gate = new Promise<void>((resolve) => (open = resolve));
    }
    open();
    expect(commands.callersInFlight).toBe(0);
  });

  it('never limits the server’s own commands (every point may come back at once after a restart)', async () => {
    const { commands } = await setUp({ maxInFlight: 1 });
    const acks = await Promise.all([CENTRAL, THOI_BINH].map((pointId) => commands.system(CONF, { type: 'pointOnline', pointId })));
    expect(acks.map((a) => a.ok)).toEqual([true, true]);
  });

  it('counts every outcome with its transport, refusals before the room included', async () => {
    const { commands, outcomes, adminCaller } = await setUp();
    await commands.execute(CONF, 'not an envelope', adminCaller);
    await commands.execute(CONF, { command: request(THOI_BINH) }, { principal: observer, source: 'socket', flowKey: 's' });
    await commands.submit(CONF, { type: 'updateConference', title: 'Mới' }, adminCaller);
    await commands.system(CONF, { type: 'pointOnline', pointId: CENTRAL });
    expect(outcomes.map((o) => [o.source, o.type ?? null, o.ack.ok ? 'ok' : o.ack.code])).toEqual([
      ['http', null, 'MALFORMED'],
      ['socket', 'setSelfMute', 'FORBIDDEN'],
      ['http', 'updateConference', 'ok'],
      ['system', 'pointOnline', 'ok'],
    ]);
  });

  it('answers INTERNAL, never rejects, when the room fails, and frees the caller’s slot', async () => {
    const store = new GatedStore({ eventSchema: EventSchema });
    const { commands, adminCaller } = await setUp({ maxInFlight: 1, store });
    store.gate = Promise.reject(new Error('disk on fire'));
    store.gate.catch(() => undefined);
    const ack = await commands.submit(CONF, { type: 'updateConference', title: 'x' }, adminCaller);
    expect(ack.ok).toBe(false);
    expect(commands.callersInFlight).toBe(0);
  });

  it('creates a conference once; a refused creation leaves no room behind', async () => {
    const { commands, rooms, adminCaller } = await setUp();
    const again = await commands.createConference({ id: CONF, title: 'x', date: '2021-01-04', organiser: 'o', venue: 'v' }, adminCaller);
    expect(again).toMatchObject({ ok: false, code: 'CONFERENCE_EXISTS' });
    const byChair = await commands.createConference({ id: 'c-chair', title: 'x', date: '2021-01-04', organiser: 'o', venue: 'v' }, { principal: { role: 'chair' }, source: 'http', flowKey: 'c' });
    expect(byChair).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(rooms.has('c-chair')).toBe(false);
  });
});
