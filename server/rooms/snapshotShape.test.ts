import { describe, expect, it } from 'vitest';
import { STATE_VERSION } from '../../shared/meeting/stateShape.js';
import { admin, CENTRAL } from '../../shared/meeting/testkit.js';
import { EventSchema, type MeetingEvent } from '../../shared/protocol/index.js';
import { CommandService, type Caller } from '../commands/commandService.js';
import { createLogger } from '../log/logger.js';
import { saveConferenceSnapshot } from '../store/replay.js';
import { createMemoryLogBacking, MemoryEventStore } from '../store/memoryEventStore.js';
import { meetingCore, type MeetingRooms } from './meetingCore.js';
import { RoomRegistry } from './roomRegistry.js';

// A restart trusts a snapshot only when it has the state's current shape (R-CORE-8); otherwise
// the whole log is replayed, to the same state.

const logger = createLogger('silent');
const ADMIN: Caller = { principal: admin, source: 'http', flowKey: 'a' };
const CONF = 'c-snap';

async function open(backing: ReturnType<typeof createMemoryLogBacking>) {
  const store = new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema, backing });
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger });
  const report = await rooms.loadAll();
  return { store, rooms, report };
}

describe('snapshots at restart', () => {
  it('R-CORE-8: a snapshot of another shape or version is skipped for a full replay; one of this shape is used', async () => {
    const backing = createMemoryLogBacking();
    const first = await open(backing);
    const commands = new CommandService({ rooms: first.rooms, logger });
    await commands.createConference({ id: CONF, title: 'Hội nghị', date: '2021-01-04', organiser: 'UBND', venue: 'Hội trường' }, ADMIN);
    await commands.submit(CONF, { type: 'addPoint', id: CENTRAL, name: 'Trung tâm', kind: 'central' }, ADMIN);
    await commands.submit(CONF, { type: 'setObserverExport', allowed: true }, ADMIN);
    const live = first.rooms.get(CONF)!;
    const { observersMayExport: _dropped, ...olderConference } = live.state.conference!;

    await saveConferenceSnapshot(first.store, CONF, live.seq, { ...live.state, conference: olderConference }, STATE_VERSION);
    const damaged = await open(backing);
    expect(damaged.report.loaded[0]).toMatchObject({ seq: live.seq, eventsReplayed: live.seq });
    expect(damaged.rooms.get(CONF)?.state).toEqual(live.state);

    await saveConferenceSnapshot(first.store, CONF, live.seq, live.state, '7');
    expect((await open(backing)).report.loaded[0]).toMatchObject({ eventsReplayed: live.seq });

    await saveConferenceSnapshot(first.store, CONF, live.seq, live.state, STATE_VERSION);
    const good = await open(backing);
    expect(good.report.loaded[0]).toMatchObject({ seq: live.seq, eventsReplayed: 0 });
    expect(good.rooms.get(CONF)?.state).toEqual(live.state);
  });
});
