import type { Command, Principal } from '../../shared/protocol/index.js';
import { ANY_CONFERENCE, type JoinRole } from '../auth/joinToken.js';
import type { JoinLink, LinkRegistry } from '../auth/linkRegistry.js';
import type { Logger } from '../log/logger.js';
import { createConference } from '../rooms/createConference.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { StoreMeta } from '../store/EventStore.js';
import type { LinkRow } from './linkTable.js';

// The Cà Mau 04/01/2021 conference, seeded once on the first start so that a new server shows a
// real meeting at once. Its commands go through the room like anyone's: decided, logged, replayed.
// A meta flag remembers the seeding, so a later restart (or an admin who changed the demo) is
// never overwritten.

const SEED_FLAG = 'seed.demo';
const ADMIN: Principal = { role: 'admin', name: 'Khởi tạo dữ liệu mẫu / demo seed' };
export const DEMO_LINK_TTL_MS = 365 * 24 * 3600 * 1000;
export const SERVER_ADMIN_LINK_ID = 'server-admin';

export interface SeedOptions {
  readonly rooms: MeetingRooms;
  readonly meta: StoreMeta;
  readonly logger: Logger;
  readonly commands: () => readonly Command[];
}

/** Seeds the demo conference if it never was; resolves with its id (or null when it could not be seeded). */
export async function seedDemoConference(options: SeedOptions): Promise<string | null> {
  const commands = options.commands();
  const [first, ...rest] = commands;
  if (!first || first.type !== 'createConference' || first.id === undefined) {
    options.logger.error('demo seed: the first command must be createConference with an id; not seeded');
    return null;
  }
  const conferenceId = first.id;
  const flag = await options.meta.get(SEED_FLAG);
  if (flag !== null || options.rooms.has(conferenceId)) {
    if (flag === null) await options.meta.set(SEED_FLAG, conferenceId);
    return options.rooms.get(conferenceId) ? conferenceId : null;
  }
  const { type: _type, ...input } = first;
  const created = await createConference(options.rooms, input, ADMIN);
  if (!created.ok) {
    options.logger.error({ code: created.code, message: created.message }, 'demo seed: createConference refused; not seeded');
    return null;
  }
  const room = options.rooms.get(conferenceId) as MeetingRoom;
  for (const [index, command] of rest.entries()) {
    const result = await room.submit(command, ADMIN);
    if (!result.ok) {
      // A partial demo is still a valid conference; say exactly where it stopped.
      options.logger.error({ index: index + 1, type: command.type, code: result.code, message: result.message }, 'demo seed: a command was refused; the demo stops there');
      break;
    }
  }
  await options.meta.set(SEED_FLAG, conferenceId);
  options.logger.info({ conferenceId, seq: room.seq }, 'demo conference seeded');
  return conferenceId;
}

function isUsable(link: JoinLink, now: number): boolean {
  return link.revokedAt === null && link.expiresAt > now + 24 * 3600 * 1000;
}

/** One usable link per role and per point of the conference, issuing only those missing. */
export async function ensureConferenceLinks(links: LinkRegistry, room: MeetingRoom, now = Date.now()): Promise<{ link: JoinLink; pointName?: string }[]> {
  const existing = (await links.list(room.conferenceId)).filter((l) => isUsable(l, now));
  const wanted: { role: JoinRole; pointId?: string; pointName?: string }[] = [
    { role: 'admin' },
    { role: 'chair' },
    { role: 'clerk' },
    ...room.state.pointOrder.map((pointId) => ({ role: 'point' as const, pointId, pointName: room.state.points[pointId]?.name ?? pointId })),
    { role: 'observer' },
  ];
  const out: { link: JoinLink; pointName?: string }[] = [];
  for (const want of wanted) {
    let link = existing.findLast((l) => l.role === want.role && l.pointId === want.pointId);
    link ??= await links.issue({
      conferenceId: room.conferenceId,
      role: want.role,
      pointId: want.pointId,
      label: want.pointName,
      ttlMs: DEMO_LINK_TTL_MS,
    });
    out.push({ link, ...(want.pointName !== undefined ? { pointName: want.pointName } : {}) });
  }
  return out;
}

/** The server-admin link (any conference, creates new ones), reissued when revoked or near expiry. */
export async function ensureServerAdminLink(links: LinkRegistry, now = Date.now()): Promise<JoinLink> {
  const current = (await links.list(ANY_CONFERENCE)).find((l) => l.id === SERVER_ADMIN_LINK_ID);
  if (current && isUsable(current, now)) return current;
  return links.issue({ conferenceId: ANY_CONFERENCE, role: 'admin', id: SERVER_ADMIN_LINK_ID, label: 'Quản trị máy chủ / server admin', ttlMs: DEMO_LINK_TTL_MS });
}

export function linkRows(links: LinkRegistry, joinUrl: (token: string) => string, entries: readonly { link: JoinLink; pointName?: string }[]): LinkRow[] {
  return entries.map((e) => ({ link: e.link, url: joinUrl(links.tokenFor(e.link)), pointName: e.pointName }));
}
