import { describe, expect, it } from 'vitest';
import { admin, CENTRAL } from '../../shared/meeting/testkit.js';
import { EventSchema, type MeetingEvent } from '../../shared/protocol/index.js';
import { createLogger } from '../log/logger.js';
import { meetingCore, type MeetingRooms } from '../rooms/meetingCore.js';
import { RoomRegistry } from '../rooms/roomRegistry.js';
import { createMemoryLogBacking, MemoryEventStore } from '../store/memoryEventStore.js';
import { CommandService, type Caller } from './commandService.js';
import { legacyObserverAccessKey, moveObserverAccessIntoLog } from './legacyObserverAccess.js';

// A data dir from before setObserverExport: the admin's choice sits in the store's settings. The
// first start moves it into the log (R-REPORT-1); later starts leave the log's word alone.

const logger = createLogger('silent');
const ADMIN: Caller = { principal: admin, source: 'http', flowKey: 'a' };

async function start(backing: ReturnType<typeof createMemoryLogBacking>) {
  const store = new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema, backing });
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger });
  await rooms.loadAll();
  const commands = new CommandService({ rooms, logger });
  const moved = await moveObserverAccessIntoLog({ rooms, commands, meta: store.meta, logger });
  return { store, rooms, commands, moved };
}

describe('observer export setting of an older data dir', () => {
  it('moves "allowed" into the log once; a later deny in the log survives restarts', async () => {
    const backing = createMemoryLogBacking();
    const first = new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema, backing });
    const rooms: MeetingRooms = new RoomRegistry({ store: first, core: meetingCore, logger });
    const commands = new CommandService({ rooms, logger });
    for (const id of ['c-allowed', 'c-denied']) {
      await commands.createConference({ id, title: 'Hội nghị', date: '2021-01-04', organiser: 'UBND', venue: 'Hội trường' }, ADMIN);
      await commands.submit(id, { type: 'addPoint', id: CENTRAL, name: 'Trung tâm', kind: 'central' }, ADMIN);
    }
    await first.meta.set(legacyObserverAccessKey('c-allowed'), 'allowed');
    await first.meta.set(legacyObserverAccessKey('c-denied'), 'denied');

    const a = await start(backing);
    expect(a.moved).toBe(1);
    expect(a.rooms.get('c-allowed')?.state.conference?.observersMayExport).toBe(true);
    expect(a.rooms.get('c-denied')?.state.conference?.observersMayExport).toBe(false);
    const last = (await a.store.read('c-allowed', 0)).at(-1)?.event;
    expect(last).toMatchObject({ type: 'observerExportSet', allowed: true, by: { role: 'admin' } });
    expect(await a.store.meta.get(legacyObserverAccessKey('c-allowed'))).toBe('moved-to-log');
    expect(await a.commands.submit('c-allowed', { type: 'setObserverExport', allowed: false }, ADMIN)).toMatchObject({ ok: true });

    const b = await start(backing);
    expect(b.moved).toBe(0);
    expect(b.rooms.get('c-allowed')?.state.conference?.observersMayExport).toBe(false);
  });
});
