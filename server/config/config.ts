import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from environment variables, validated here once at start. A bad value
 * stops the start with a message that names the variable, so an operator never runs a half-set
 * server (a wrong announced IP shows up as black video much later, far from its cause).
 */

const port = z.coerce.number().int().min(0).max(65_535);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const ipv4or6 = z.union([z.ipv4(), z.ipv6()]);

/**
 * The reverse proxies whose X-Forwarded-For is believed (issue 14: `true` believed the leftmost
 * entry, which the client writes). Comma-separated addresses, CIDR ranges or express's names for
 * ranges; `false` or nothing: no proxy, the socket's peer is the client.
 */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const proxyEntry = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(PROXY_RANGE_NAMES)]);
const trustedProxies = z
  .string()
  .transform((v) => (v.trim() === 'false' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean)))
  .pipe(
    z.array(
      z.string().refine((entry) => proxyEntry.safeParse(entry).success, {
        error: (i) =>
          `"${String(i.input)}" is not a proxy address: list the proxies' addresses or CIDR ranges (e.g. 10.0.0.5,10.0.1.0/24), or ${PROXY_RANGE_NAMES.join(' / ')}; \`true\` (trust whoever writes the header) is not accepted`,
      }),
    ),
  );

const EnvShape = z.object({
    HOINGHI_HOST: z.string().min(1).default('0.0.0.0'),
    HOINGHI_PORT: port.default(3000),
    HOINGHI_PUBLIC_URL: z.url().optional(),
    HOINGHI_DATA_DIR: z.string().min(1).default('./data'),
    // Cluster mode's event log. Unset: the embedded SQLite file in HOINGHI_DATA_DIR.
    HOINGHI_DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    // Cluster mode's bus between nodes (socket.io's Redis streams adapter); needs the database.
    HOINGHI_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    // Where the other nodes reach this one to forward commands (default: the public base URL).
    HOINGHI_NODE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    // Where this node serves (a province's code or name): points whose join link names the same
    // region are placed on it first (server/cluster/placement.ts). Unset: any region.
    HOINGHI_NODE_REGION: z.string().regex(/^[\p{L}\p{N}._-]{1,64}$/u, 'must be 1-64 letters, digits, ".", "_" or "-" (e.g. CM for Cà Mau)').optional(),
    HOINGHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOINGHI_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    // A bearer token that opens the per-conference series of /metrics (for Prometheus).
    HOINGHI_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').regex(/^\S+$/, 'must not contain spaces').optional(),
    HOINGHI_TLS_CERT: z.string().min(1).optional(),
    HOINGHI_TLS_KEY: z.string().min(1).optional(),
    HOINGHI_SEED_DEMO: bool.default(true),
    HOINGHI_TRUST_PROXY: trustedProxies.default([]),
    HOINGHI_ALLOWED_ORIGINS: z.string().optional(),
    HOINGHI_RECORDING_DIR: z.string().min(1).optional(),
    HOINGHI_RECORDING_MAX_BYTES: z.coerce.number().int().min(1).optional(),
    HOINGHI_RECORDING_MIN_FREE_BYTES: z.coerce.number().int().min(0).default(512 * 1024 * 1024),
    HOINGHI_RECORDING_SEGMENT_SECONDS: z.coerce.number().int().min(1).max(60).default(4),
    HOINGHI_LIVE_DIR: z.string().min(1).optional(),
    HOINGHI_LIVE_RTMP_URL: z
      .string()
      .url()
      .refine((u) => /^rtmps?:\/\/[^\s|[\]]+$/.test(u), 'an rtmp:// or rtmps:// address (no spaces, | or brackets)')
      .optional(),
    HOINGHI_LIVE_SEGMENT_SECONDS: z.coerce.number().int().min(1).max(10).default(1),
    RTC_LISTEN_IP: ipv4or6.default('0.0.0.0'),
    RTC_ANNOUNCED_IP: z.string().min(1).optional(),
    RTC_PIPE_IP: ipv4or6.optional(),
    RTC_PORT: port.default(40_000),
    RTC_MIN_PORT: port.default(40_100),
    RTC_MAX_PORT: port.default(49_999),
    RTC_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    RTC_SPREAD_SENDERS_FROM: z.coerce.number().int().min(1).max(100_000).default(32),
    RTC_TCP: bool.default(true),
});

const EnvSchema = EnvShape.superRefine((env, ctx) => {
    if (env.RTC_MIN_PORT > env.RTC_MAX_PORT) {
      ctx.addIssue({ code: 'custom', path: ['RTC_MIN_PORT'], message: `must not exceed RTC_MAX_PORT (${env.RTC_MAX_PORT})` });
    }
    // A plain transport that took a worker's WebRtcServer port would keep that worker from
    // restarting on it after a crash, so the two ranges must not meet.
    const workers = env.RTC_WORKERS ?? Math.max(1, os.availableParallelism());
    const lastWebRtcPort = env.RTC_PORT + workers - 1;
    if (env.RTC_PORT !== 0 && env.RTC_PORT <= env.RTC_MAX_PORT && lastWebRtcPort >= env.RTC_MIN_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['RTC_PORT'],
        message: `the WebRTC ports ${env.RTC_PORT}–${lastWebRtcPort} must lie outside RTC_MIN_PORT–RTC_MAX_PORT (${env.RTC_MIN_PORT}–${env.RTC_MAX_PORT})`,
      });
    }
    if (env.HOINGHI_REDIS_URL && !env.HOINGHI_DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['HOINGHI_REDIS_URL'], message: 'cluster mode needs HOINGHI_DATABASE_URL too (the nodes share the log in PostgreSQL)' });
    }
    if (env.HOINGHI_NODE_REGION && !env.HOINGHI_DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['HOINGHI_NODE_REGION'], message: 'only a node of a cluster (HOINGHI_DATABASE_URL set) has a region' });
    }
    if (env.HOINGHI_NODE_URL && !env.HOINGHI_DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['HOINGHI_NODE_URL'], message: 'only a node of a cluster (HOINGHI_DATABASE_URL set) has a node URL' });
    }
    if (Boolean(env.HOINGHI_TLS_CERT) !== Boolean(env.HOINGHI_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.HOINGHI_TLS_CERT ? 'HOINGHI_TLS_KEY' : 'HOINGHI_TLS_CERT'], message: 'HOINGHI_TLS_CERT and HOINGHI_TLS_KEY go together' });
    }
  });

export type Config = {
  host: string;
  port: number;
  publicUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL event store (cluster mode); undefined: SQLite in dataDir */
  databaseUrl: string | undefined;
  /** Redis for the socket.io adapter between nodes; undefined: nodes learn of new events from the database alone */
  redisUrl: string | undefined;
  /** where other nodes reach this node (forwarded commands); undefined: the public base URL */
  nodeUrl: string | undefined;
  /** HOINGHI_NODE_REGION: where this node serves (placement); null: any region */
  nodeRegion: string | null;
  logLevel: z.infer<typeof EnvShape>['HOINGHI_LOG_LEVEL'];
  secret: string | undefined;
  /** opens /metrics' per-conference series to a scraper (besides a server-admin token) */
  metricsToken: string | undefined;
  tls: { certFile: string; keyFile: string } | undefined;
  seedDemo: boolean;
  /** reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs, loopback …); [] = none */
  trustedProxies: string[];
  allowedOrigins: string[] | undefined;
  live: {
    /** where each conference's HLS folder is written (default: <data dir>/live) */
    dir: string;
    /** where the live program is pushed by RTMP too (a provincial portal, a TV station); null: HLS only */
    rtmpUrl: string | null;
    /** length of one HLS segment: the stream's latency is about three of them */
    segmentSeconds: number;
  };
  recording: {
    /** where recordings are written (default: <data dir>/recordings) */
    dir: string;
    /** a quota on that folder; null: none (the disk's free space still counts) */
    maxBytes: number | null;
    /** recording stops when the disk has less free space than this */
    minFreeBytes: number;
    segmentSeconds: number;
  };
  rtc: {
    listenIp: string;
    announcedAddress: string | undefined;
    /** where pipe transports to other nodes listen (cascaded media); undefined: the RTC address */
    pipeIp?: string | undefined;
    /** One WebRtcServer port per worker: worker i listens on port + i (UDP and TCP). */
    port: number;
    minPort: number;
    maxPort: number;
    workers: number;
    /** from this many senders in a conference, its further senders go to other workers too (docs/MEDIA.md); always set by loadConfig */
    spreadSendersFrom?: number;
    tcp: boolean;
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads only the variables hoinghi knows; other variables in the environment are ignored. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvShape.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = EnvSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const given = env[name];
        return `${name}: ${i.message}${given !== undefined ? ` (given: ${JSON.stringify(given.slice(0, 80))})` : ''}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    host: e.HOINGHI_HOST,
    port: e.HOINGHI_PORT,
    publicUrl: e.HOINGHI_PUBLIC_URL?.replace(/\/+$/, ''),
    dataDir: path.resolve(e.HOINGHI_DATA_DIR),
    databaseUrl: e.HOINGHI_DATABASE_URL,
    redisUrl: e.HOINGHI_REDIS_URL,
    nodeUrl: e.HOINGHI_NODE_URL?.replace(/\/+$/, ''),
    nodeRegion: e.HOINGHI_NODE_REGION ?? null,
    logLevel: e.HOINGHI_LOG_LEVEL,
    secret: e.HOINGHI_SECRET,
    metricsToken: e.HOINGHI_METRICS_TOKEN,
    tls: e.HOINGHI_TLS_CERT && e.HOINGHI_TLS_KEY ? { certFile: e.HOINGHI_TLS_CERT, keyFile: e.HOINGHI_TLS_KEY } : undefined,
    seedDemo: e.HOINGHI_SEED_DEMO,
    trustedProxies: e.HOINGHI_TRUST_PROXY,
    allowedOrigins: e.HOINGHI_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean),
    recording: {
      dir: path.resolve(e.HOINGHI_RECORDING_DIR ?? path.join(e.HOINGHI_DATA_DIR, 'recordings')),
      maxBytes: e.HOINGHI_RECORDING_MAX_BYTES ?? null,
      minFreeBytes: e.HOINGHI_RECORDING_MIN_FREE_BYTES,
      segmentSeconds: e.HOINGHI_RECORDING_SEGMENT_SECONDS,
    },
    live: {
      dir: path.resolve(e.HOINGHI_LIVE_DIR ?? path.join(e.HOINGHI_DATA_DIR, 'live')),
      rtmpUrl: e.HOINGHI_LIVE_RTMP_URL ?? null,
      segmentSeconds: e.HOINGHI_LIVE_SEGMENT_SECONDS,
    },
    rtc: {
      listenIp: e.RTC_LISTEN_IP,
      announcedAddress: e.RTC_ANNOUNCED_IP,
      pipeIp: e.RTC_PIPE_IP,
      port: e.RTC_PORT,
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
      workers: e.RTC_WORKERS ?? Math.max(1, os.availableParallelism()),
      spreadSendersFrom: e.RTC_SPREAD_SENDERS_FROM,
      tcp: e.RTC_TCP,
    },
  };
}
