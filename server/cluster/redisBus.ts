import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import { z } from 'zod';
import { IdSchema } from '../../shared/protocol/common.js';
import type { Logger } from '../log/logger.js';
import { SharedHealthSchema, type SharedHealth } from './healthAcrossNodes.js';

// Redis between the nodes of a cluster, through socket.io's maintained Redis streams adapter:
//   - socket.io broadcasts that must reach every node's sockets (the presiding consoles' `devices`
//     notices) cross nodes through it;
//   - an owner's append is announced to the other nodes (`logAppended`, a server-side emit), so
//     their rooms read the new events from PostgreSQL at once instead of at their next tick;
//   - a link revoked through one node is announced (`linkRevoked`), so the others end its
//     sessions at once instead of at their next tick (revocationAcrossNodes.ts);
//   - a node whose devices of a point changed says so (`pointDevices`), so the others replace or
//     promote theirs at once instead of at their next tick (devicesAcrossNodes.ts);
//   - each node shares its link-health sample of a conference (`linkHealth`, every second while
//     it has sessions of it), merged into every node's consoles' report (healthAcrossNodes.ts).
// The events themselves never travel through Redis: each node reads them from the log, in order,
// and fans them out to its own sockets (gateway.ts). A Redis restart therefore loses at most
// wake-ups, which the nodes' 1 s poll of the heads replaces: no client sees a gap or a wrong state.
// The streams adapter rather than the pub/sub one: after a short disconnection it resumes reading
// its stream from the last offset it saw, so broadcasts sent meanwhile are not lost.

/** A wake-up as it arrives from Redis: checked like any input from outside the process. */
const LogAppendedSchema = z.tuple([IdSchema, z.number().int().positive()]);
const LinkRevokedSchema = z.tuple([IdSchema, IdSchema]);
const PointDevicesChangedSchema = z.tuple([IdSchema, IdSchema]);
const LinkHealthSchema = z.tuple([SharedHealthSchema]);

interface ClusterServerEvents {
  logAppended: (conferenceId: string, seq: number) => void;
  linkRevoked: (conferenceId: string, linkId: string) => void;
  pointDevices: (conferenceId: string, pointId: string) => void;
  linkHealth: (share: SharedHealth) => void;
}

/** What the other nodes announce. */
export interface BusHandlers {
  appended(conferenceId: string, seq: number): void;
  linkRevoked(conferenceId: string, linkId: string): void;
  pointDevices(conferenceId: string, pointId: string): void;
  linkHealth(share: SharedHealth): void;
}

export interface RedisBus {
  /** tells the other nodes that this node appended to a conference, up to `seq` */
  announceAppend(conferenceId: string, seq: number): void;
  /** tells the other nodes that a link was revoked through this node */
  announceRevoked(conferenceId: string, linkId: string): void;
  /** tells the other nodes that this node's devices of a point changed (written in cluster_point_devices) */
  announcePointDevices(conferenceId: string, pointId: string): void;
  /** shares this node's link-health sample of a conference */
  shareHealth(share: SharedHealth): void;
  /**
   * Whether Redis answers now (for /readyz): a PING, not the client's flag, which stays up until
   * the client has noticed a closed connection (a probe right after Redis stopped said ready).
   */
  answers(): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects to Redis (a start that cannot reach it fails) and puts the adapter under `io`. */
export async function attachRedisBus(
  io: Server,
  url: string,
  logger: Logger,
  handlers: BusHandlers,
): Promise<RedisBus> {
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Redis restarting: try again every 0.2 s, then at most every 2 s; never give up.
      reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), 2_000),
    },
  });
  let lastWarning = 0;
  client.on('error', (error: Error) => {
    // node-redis reports every failed reconnect; once per 10 s is enough for the log.
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, 'Redis connection error (reconnecting); events still reach clients from the log');
  });
  client.on('ready', () => logger.info({ redis: redactedUrl(url) }, 'Redis ready'));
  await client.connect();
  // The adapter sends its pub/sub messages (server-side emits, fetchSockets and their answers)
  // without waiting for or catching the PUBLISH: one in flight when Redis drops would be an
  // unhandled rejection, which ends the process (seen in the three-node test at a Redis restart).
  // A lost wake-up costs nothing (the 1 s poll), so a failed PUBLISH counts as "reached no one".
  const publish = client.publish.bind(client);
  Object.assign(client, { publish: (...args: Parameters<typeof publish>) => publish(...args).catch(() => 0) });
  io.adapter(createAdapter(client));

  const cluster = io as unknown as Server<Record<string, never>, Record<string, never>, ClusterServerEvents>;
  const listen = <A extends unknown[]>(name: keyof ClusterServerEvents, schema: z.ZodType<A>, handle: (...args: A) => void) => {
    cluster.on(name, (...args: unknown[]) => {
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        logger.warn({ message: name, issues: parsed.error.issues.slice(0, 2) }, 'a malformed message came from Redis; ignored');
        return;
      }
      handle(...parsed.data);
    });
  };
  listen('logAppended', LogAppendedSchema, (conferenceId, seq) => handlers.appended(conferenceId, seq));
  listen('linkRevoked', LinkRevokedSchema, (conferenceId, linkId) => handlers.linkRevoked(conferenceId, linkId));
  listen('pointDevices', PointDevicesChangedSchema, (conferenceId, pointId) => handlers.pointDevices(conferenceId, pointId));
  listen('linkHealth', LinkHealthSchema, (share) => handlers.linkHealth(share));

  return {
    announceAppend: (conferenceId, seq) => {
      if (client.isReady) cluster.serverSideEmit('logAppended', conferenceId, seq);
    },
    announceRevoked: (conferenceId, linkId) => {
      if (client.isReady) cluster.serverSideEmit('linkRevoked', conferenceId, linkId);
    },
    announcePointDevices: (conferenceId, pointId) => {
      if (client.isReady) cluster.serverSideEmit('pointDevices', conferenceId, pointId);
    },
    shareHealth: (share) => {
      if (client.isReady) cluster.serverSideEmit('linkHealth', share);
    },
    answers: async () => {
      if (!client.isReady) return false;
      return (await client.ping().catch(() => '')) === 'PONG';
    },
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
