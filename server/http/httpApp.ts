import express, { type Express } from 'express';
import { trustProxy } from './clientAddress.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { Config } from '../config/config.js';
import type { CommandService } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import { conferencesApi } from './conferencesApi.js';
import { healthApi } from './healthApi.js';
import { errorHandler, notFoundApi } from './httpErrors.js';
import { invitationsApi } from './invitationsApi.js';
import { linksApi } from './linksApi.js';
import { organiserApi } from './organiserApi.js';
import { documentsApi } from '../documents/http.js';
import type { Readiness } from '../health/readiness.js';
import type { Metrics } from '../metrics/nodeMetrics.js';
import { reportsApi } from './reportsApi.js';
import { permissionsPolicy, securityHeaders } from './security.js';
import { liveStreamApi } from '../live/http.js';
import { watchLinksApi, watchRoute } from '../live/watch-http.js';
import type { WatchLinks } from '../live/watch-links.js';
import { livePushApi } from '../live/push-http.js';
import { recordingApi } from '../recording/http.js';
import type { RecordingService } from '../recording/recording-service.js';
import type { LiveStreamService } from '../live/live-stream-service.js';
import { staticClient } from './staticClient.js';
import { placementApi } from './placementApi.js';
import type { AtTheWriter } from '../cluster/atTheWriter.js';
import { recordedRegion, type NodeDirectory } from '../cluster/directory.js';
import { stillsApi } from '../stills/http.js';
import type { StillFiles } from '../stills/still-files.js';
import type { StillService } from '../stills/still-service.js';

// The express app: security headers on everything, probes, the JSON API under /api, and the
// built client with its SPA fallback. Errors leave as { code, message }, never as a stack.

export interface HttpAppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly rooms: MeetingRooms;
  readonly commands: CommandService;
  readonly store: EventStore<MeetingEvent>;
  readonly links: LinkRegistry;
  readonly authenticator: Authenticator;
  readonly metrics: Metrics;
  readonly joinUrl: (token: string) => string;
  readonly watchLinks: WatchLinks;
  /** a watch link's address (<public base>/live/<token>/index.m3u8) */
  readonly watchUrl: (token: string) => string;
  readonly clientDir: string;
  /** what /readyz runs (the store's, the media's and cluster's checks) */
  readonly readiness: Readiness;
  /** the recorder, when the server runs with media */
  readonly recording?: RecordingService | undefined;
  readonly live?: LiveStreamService | undefined;
  /** stills: taken only with media; their files read for the minutes always */
  readonly stills?: StillService | undefined;
  readonly stillFiles?: StillFiles | undefined;
  /** routes before the API (the cluster's internal node-to-node route) */
  readonly internalRoutes?: express.Router | undefined;
  /** cluster mode: the live nodes (placement, and the origins a page may open its socket to) */
  readonly directory?: NodeDirectory | undefined;
  /** cluster mode: requests for the record (recordings, live program, stills) relayed to the node that writes the conference */
  readonly atTheWriter?: AtTheWriter | undefined;
}

export function createHttpApp(options: HttpAppOptions): Express {
  const { rooms, store, authenticator, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  // The same rule as the socket handshake's (clientAddress.ts): read X-Forwarded-For from the right.
  app.set('trust proxy', trustProxy(options.config.trustedProxies));
  const directory = options.directory;
  app.use(securityHeaders(options.config.publicUrl, directory ? () => directory.origins() : undefined), permissionsPolicy);

  app.use(
    healthApi({
      readiness: options.readiness,
      metrics,
      authenticator,
      metricsToken: options.config.metricsToken,
    }),
  );

  if (options.internalRoutes) app.use(options.internalRoutes);
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', organiserApi({ rooms, store, authenticator, commands: options.commands, links: options.links }));
  app.use('/api', documentsApi({ rooms, links: options.links, authenticator, joinUrl: options.joinUrl }));
  app.use('/api', conferencesApi({ rooms, store, authenticator, commands: options.commands }));
  app.use('/api', linksApi({ rooms, links: options.links, authenticator, joinUrl: options.joinUrl }));
  app.use('/api', invitationsApi({ rooms, authenticator, commands: options.commands }));
  const atTheWriter = options.atTheWriter;
  app.use('/api', reportsApi({ rooms, store, authenticator, commands: options.commands, stillFiles: options.stillFiles, atTheWriter }));
  app.use('/api', recordingApi({ rooms, store, authenticator, recording: options.recording, atTheWriter }));
  app.use('/api', stillsApi({ rooms, authenticator, commands: options.commands, stills: options.stills, files: options.stillFiles, atTheWriter }));
  app.use('/api', placementApi({ ranked: directory ? (wish) => directory.ranked(wish) : undefined, authenticator, recordedRegion: (identity) => recordedRegion(rooms, identity) }));
  app.use('/api', liveStreamApi({ rooms, authenticator, live: options.live, atTheWriter }));
  const watch = { rooms, authenticator, live: options.live, watchLinks: options.watchLinks, watchUrl: options.watchUrl, atTheWriter };
  app.use('/api', watchLinksApi(watch));
  app.use('/api', livePushApi({ rooms, authenticator, live: options.live, atTheWriter }));
  app.use('/api', notFoundApi);
  // The live stream for players that cannot send headers, and its watch page: the token in the path (watch links).
  app.use(watchRoute({ ...watch, clientDir: options.clientDir }));
  app.use(staticClient(options.clientDir));
  app.use(errorHandler(options.logger));
  return app;
}
