import { EventSchema, PROTOCOL_VERSION, type Command, type MeetingEvent, type Principal } from '../../../shared/protocol/index.js';
import type { Ack, CatchUpPage, LiveEvents, Welcome } from '../../../shared/protocol/socket.js';
import { CommandService } from '../../commands/commandService.js';
import { createLogger } from '../../log/logger.js';
import { meetingCore, type MeetingRooms } from '../../rooms/meetingCore.js';
import { RoomRegistry } from '../../rooms/roomRegistry.js';
import { MemoryEventStore } from '../../store/memoryEventStore.js';
import { projectStored, readerOf } from '../../rooms/readView.js';
import { planCatchUp, sendCatchUp } from '../catchUp.js';

// The worked example of PROTOCOL.md, produced by running the real room, core and catch-up code
// with a fixed clock and fixed ids, so the example is what the server does, to the byte. The
// client's commands go through the same command service as a socket's.

const START = Date.UTC(2021, 0, 4, 0, 30); // 07:30 in Cà Mau (UTC+7)
const ADMIN: Principal = { role: 'admin' };
const CHAIR: Principal = { role: 'chair' };
const THOI_BINH: Principal = { role: 'point', pointId: 'thoi-binh' };
const CONF = 'ca-mau-2021-01-04';

const SETUP: Command[] = [
  { type: 'createConference', id: CONF, title: 'Hội nghị trực tuyến kiểm điểm năm 2020', date: '2021-01-04', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' },
  { type: 'addPoint', id: 'trung-tam', name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central' },
  { type: 'addPoint', id: 'thoi-binh', name: 'Huyện Thới Bình', kind: 'district' },
  { type: 'addAgendaStep', id: 'a-discuss', title: 'Thảo luận', kind: 'discussion', plannedMinutes: 60 },
  { type: 'setConferenceStatus', status: 'scheduled' },
];
const CHAIR_OPENS: Command[] = [
  { type: 'setConferenceStatus', status: 'rollCall' },
  { type: 'setConferenceStatus', status: 'inSession' },
  { type: 'startAgenda' },
];

type Line = { from: 'client' | 'server'; who: string; message: string; payload: unknown };

function block(lines: readonly Line[]): string {
  return lines
    .map((l) => `${l.from === 'client' ? '→' : '←'} ${l.who} \`${l.message}\`\n\n\`\`\`json\n${JSON.stringify(l.payload, null, 2)}\n\`\`\`\n`)
    .join('\n');
}

export async function exampleSession(): Promise<string> {
  let clock = START;
  let ids = 0;
  const store = new MemoryEventStore<MeetingEvent>({ eventSchema: EventSchema });
  const logger = createLogger('silent');
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger, now: () => (clock += 1000), newId: () => `id-${++ids}` });
  const room = rooms.create(CONF);
  const commands = new CommandService({ rooms, logger });
  for (const c of SETUP) await room.submit(c, ADMIN);
  for (const c of CHAIR_OPENS) await room.submit(c, CHAIR);

  const lines: Line[] = [];
  let live: LiveEvents | undefined;
  room.on('appended', (events) => (live = { conferenceId: CONF, events: events.map((e) => ({ seq: e.seq, event: e.event })) }));
  const send = async (who: string, principal: Principal, payload: unknown) => {
    lines.push({ from: 'client', who, message: 'command', payload });
    live = undefined;
    const ack: Ack = await commands.execute(CONF, payload, { principal, source: 'socket', flowKey: who });
    lines.push({ from: 'server', who: `ack to ${who}`, message: 'ack', payload: ack });
    if (live) lines.push({ from: 'server', who: 'every socket of the conference', message: 'events', payload: live });
  };

  // 1. The Thới Bình operator's browser reconnects, holding everything up to two events ago.
  const lastSeq = room.seq - 2;
  lines.push({ from: 'client', who: 'Thới Bình (handshake)', message: 'auth', payload: { token: 'v1.eyJj…(from the link’s #t=)….3q2-…', lastSeq } });
  const plan = planCatchUp(lastSeq, room.seq);
  const welcome: Welcome = { protocolVersion: PROTOCOL_VERSION, conferenceId: CONF, principal: THOI_BINH, linkId: 'l5f0c2a9e1b7d3c44', standby: false, headSeq: plan.headSeq, expiresAt: START + 30 * 24 * 3600_000 };
  lines.push({ from: 'server', who: 'Thới Bình', message: 'welcome', payload: welcome });
  const pages: CatchUpPage[] = [];
  await sendCatchUp(store, CONF, plan, (events) => projectStored(room.state, readerOf(room.state, THOI_BINH).scope, events), (p) => pages.push(p));
  for (const page of pages) lines.push({ from: 'server', who: 'Thới Bình', message: 'catchUp', payload: page });

  // 2. It asks for the floor; 3. the chair grants it; 4. it tries to grant itself; 5. a malformed command.
  await send('Thới Bình', THOI_BINH, { command: { type: 'requestFloor', pointId: 'thoi-binh', topic: 'Thủy lợi nội đồng', kind: 'contribution' } });
  const requestId = room.state.queue.waiting[0] ?? 'id-?';
  await send('chair', CHAIR, { command: { type: 'grantFloor', requestId } });
  await send('Thới Bình', THOI_BINH, { command: { type: 'grantFloor', requestId } });
  await send('Thới Bình', THOI_BINH, { command: { type: 'setSelfMute', pointId: 'thoi-binh', muted: 'yes' } });

  return [
    `The conference \`${CONF}\` has been set up by the admin and opened by the chair (seq 1..${plan.headSeq}).`,
    `Time is fixed at 04/01/2021 07:30 (UTC+7) plus one second per command, ids are \`id-N\`; everything else is the real room, core and catch-up code.\n`,
    block(lines),
  ].join('\n');
}
