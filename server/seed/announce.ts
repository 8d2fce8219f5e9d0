import type { Command } from '../../shared/protocol/index.js';
import { ANY_CONFERENCE } from '../auth/joinToken.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { StoreMeta } from '../store/EventStore.js';
import { ensureConferenceLinks, ensureServerAdminLink, linkRows, seedDemoConference } from './demoSeed.js';
import { formatLinkTable, roleLabel } from './linkTable.js';

// On start: seed the demo once (when configured), make sure the server-admin link and the demo's
// links exist, and show them. The table with the full links goes to stdout for the person who
// started the server; the log gets the same list without tokens (logs travel further than a
// terminal, and a token is the whole credential).

export interface AnnounceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly rooms: MeetingRooms;
  readonly links: LinkRegistry;
  readonly meta: StoreMeta;
  readonly joinUrl: (token: string) => string;
  readonly print: boolean;
  /** the demo's commands; loaded lazily so a server without the demo never imports it */
  readonly demoCommands?: () => Promise<readonly Command[]>;
}

async function caMau2021(): Promise<readonly Command[]> {
  const demo = await import('../../shared/demo/caMau2021.js');
  return demo.caMau2021Commands();
}

/** What the start tells: the server-admin's token and the demo conference, when one was seeded. */
export interface Announced {
  readonly serverAdminToken: string;
  readonly demoConferenceId: string | null;
}

export async function announceLinks(options: AnnounceOptions): Promise<Announced> {
  const { links, logger, joinUrl } = options;
  const adminLink = await ensureServerAdminLink(links);
  const serverAdminToken = links.tokenFor(adminLink);
  const out: string[] = [
    formatLinkTable('Quản trị máy chủ (tạo hội nghị mới) / server admin (creates conferences):', linkRows(links, joinUrl, [{ link: adminLink }])),
  ];
  logger.info({ linkId: adminLink.id, conferenceId: ANY_CONFERENCE, expiresAt: new Date(adminLink.expiresAt).toISOString() }, 'server-admin link ready (printed to stdout)');

  let demoConferenceId: string | null = null;
  if (options.config.seedDemo) {
    const commands = await (options.demoCommands ?? caMau2021)();
    demoConferenceId = await seedDemoConference({ rooms: options.rooms, meta: options.meta, logger, commands: () => commands });
    const room = demoConferenceId === null ? undefined : options.rooms.get(demoConferenceId);
    if (room) {
      const rows = linkRows(links, joinUrl, await ensureConferenceLinks(links, room));
      const title = room.state.conference?.title ?? room.conferenceId;
      out.push(formatLinkTable(`Hội nghị mẫu / demo conference: ${title}`, rows));
      logger.info(
        {
          conferenceId: room.conferenceId,
          links: rows.map((r) => ({ role: roleLabel(r.link.role), point: r.pointName ?? null, linkId: r.link.id, expiresAt: new Date(r.link.expiresAt).toISOString() })),
        },
        'demo conference join links ready (full links printed to stdout)',
      );
    }
  }
  if (options.print) process.stdout.write(`${out.join('\n')}\n`);
  return { serverAdminToken, demoConferenceId };
}
