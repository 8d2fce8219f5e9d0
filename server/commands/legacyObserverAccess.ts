import type { Principal } from '../../shared/protocol/index.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { StoreMeta } from '../store/EventStore.js';
import type { CommandService } from './commandService.js';

// Until the log had setObserverExport (R-REPORT-1), the admin's "observers may export" choice was
// kept in the store's settings beside the log. At start, a conference whose setting said
// "allowed" gets it as a command, so the choice survives into the record; the setting is then
// marked as moved and never read again (a later "deny" in the log must not be undone at restart).

/** Where the choice used to be kept. */
export const legacyObserverAccessKey = (conferenceId: string): string => `reports.observerExport.${conferenceId}`;
const MOVED = 'moved-to-log';
const MIGRATION: Principal = { role: 'admin', name: 'Chuyển cài đặt cũ' };

export async function moveObserverAccessIntoLog(options: { rooms: MeetingRooms; commands: CommandService; meta: StoreMeta; logger: Logger }): Promise<number> {
  let moved = 0;
  for (const room of options.rooms.list()) {
    const key = legacyObserverAccessKey(room.conferenceId);
    const legacy = await options.meta.get(key);
    if (legacy === null || legacy === MOVED) continue;
    if (legacy === 'allowed' && room.state.conference?.observersMayExport !== true) {
      const ack = await options.commands.submit(room.conferenceId, { type: 'setObserverExport', allowed: true }, { principal: MIGRATION, source: 'system', flowKey: 'migration' });
      if (!ack.ok) {
        options.logger.warn({ conferenceId: room.conferenceId, code: ack.code }, 'observer export setting not moved into the log; kept for the next start');
        continue;
      }
      moved++;
    }
    await options.meta.set(key, MOVED);
  }
  return moved;
}
