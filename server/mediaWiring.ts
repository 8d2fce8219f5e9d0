import { audiblePoints, centralPoint, floorHolderPointIds } from '../shared/meeting/selectors.js';
import type { MeetingState } from '../shared/meeting/index.js';
import type { Config } from './config/config.js';
import type { Connection, ConnectionRegistry } from './gateway/connections.js';
import { attachMedia, type MediaSessionContext, type MediaSocket } from './gateway/media.js';
import type { CommandService } from './commands/commandService.js';
import type { Logger } from './log/logger.js';
import { MediaService, type ConferencePolicy, type MediaObservation } from './media/media-service.js';
import type { MeetingRoom, MeetingRooms } from './rooms/meetingCore.js';

// Where media meets the meeting, in the composition root: after every event the room hands media
// a fresh policy (layout, floor, open microphones) read with the core's selectors; what media
// observes (a point's signal lost, the active speaker) comes back as a `system` command; a
// session that ends (left, revoked, replaced) leaves media at once.

export interface MediaPort {
  readonly service: MediaService;
  attach(parts: { rooms: MeetingRooms; commands: CommandService; connections: ConnectionRegistry; logger: Logger }): void;
  /** the media signalling handlers of one admitted socket */
  onSession(socket: MediaSocket, connection: Connection, connections: ConnectionRegistry, logger: Logger, timed?: MediaSessionContext['timed']): void;
  close(): void;
}

/** The meeting state as media enforces it. */
export function conferencePolicy(state: MeetingState): ConferencePolicy {
  const central = centralPoint(state)?.id ?? null;
  return {
    mode: state.media.layout,
    centralPointId: central,
    floorHolders: floorHolderPointIds(state),
    spotlight: state.media.spotlightPointId,
    pointOrder: central === null ? [...state.pointOrder] : [central, ...state.pointOrder.filter((id) => id !== central)],
    // Until the conference has a central point there is no floor control to enforce.
    audiblePoints: central === null ? null : audiblePoints(state),
  };
}

export async function startMedia(config: Config, logger: Logger): Promise<MediaPort> {
  const service = await MediaService.start({ rtc: config.rtc, logger, ...(config.rtc.spreadSendersFrom ? { tuning: { spreadSendersFrom: config.rtc.spreadSendersFrom } } : {}) });
  return {
    service,
    attach: ({ rooms, commands, connections, logger: log }) => {
      const follow = (room: MeetingRoom) => {
        service.setPolicy(room.conferenceId, conferencePolicy(room.state));
        room.on('appended', () => service.setPolicy(room.conferenceId, conferencePolicy(room.state)));
      };
      rooms.list().forEach(follow);
      rooms.on('room', follow);
      service.on('observation', (conferenceId: string, observation: MediaObservation) => {
        const command =
          observation.type === 'setActiveSpeaker'
            ? ({ type: 'setActiveSpeaker', pointId: observation.pointId } as const)
            : ({ type: observation.type, pointId: observation.pointId } as const);
        void commands.system(conferenceId, command).then((result) => {
          // NO_CHANGE is expected (the speaker did not change); a conference gone is nothing to report.
          if (!result.ok && result.code !== 'NO_CHANGE' && result.code !== 'UNKNOWN_CONFERENCE') log.warn({ conferenceId, type: command.type, code: result.code }, 'media observation refused');
        });
      });
      connections.on('ended', (connection) => service.leave(connection.socketId));
    },
    onSession: (socket, connection, connections, logger, timed) => {
      attachMedia(socket, {
        media: service,
        conferenceId: connection.conferenceId,
        principal: connection.principal,
        logger,
        // Asked at every send request: a standby promoted later may then send, a replaced one never.
        mayProduce: () => connections.canSendMedia(connection.socketId),
        ...(timed ? { timed } : {}),
      });
    },
    close: () => service.close(),
  };
}
