import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('has working defaults: port 3000, ./data, WebRTC on 40000 outside the plain-transport range', () => {
    const config = loadConfig({ RTC_WORKERS: '2' });
    expect(config.port).toBe(3000);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.rtc).toMatchObject({ port: 40_000, minPort: 40_100, maxPort: 49_999, workers: 2, spreadSendersFrom: 32, tcp: true });
    expect(loadConfig({ RTC_SPREAD_SENDERS_FROM: '1000' }).rtc.spreadSendersFrom).toBe(1000);
    expect(config.tls).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('takes a PostgreSQL URL for the event log (cluster mode)', () => {
    for (const url of ['postgres://hoinghi:mk@10.0.5.21:5432/hoinghi', 'postgresql://hoinghi@db.camau.gov.vn/hoinghi?sslmode=require']) {
      expect(loadConfig({ HOINGHI_DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('takes a Redis URL and a node URL for a node of a cluster (with the database)', () => {
    const db = 'postgres://hoinghi@10.0.5.21/hoinghi';
    const config = loadConfig({ HOINGHI_DATABASE_URL: db, HOINGHI_REDIS_URL: 'redis://10.0.5.22:6379', HOINGHI_NODE_URL: 'http://10.0.5.31:3000/' });
    expect(config.redisUrl).toBe('redis://10.0.5.22:6379');
    expect(config.nodeUrl).toBe('http://10.0.5.31:3000');
    expect(loadConfig({ HOINGHI_DATABASE_URL: db })).toMatchObject({ redisUrl: undefined, nodeUrl: undefined, nodeRegion: null });
  });

  it('takes a node region for placement, only on a node of a cluster and only as a plain code or name', () => {
    const db = 'postgres://hoinghi@10.0.5.21/hoinghi';
    expect(loadConfig({ HOINGHI_DATABASE_URL: db, HOINGHI_NODE_REGION: 'CM' }).nodeRegion).toBe('CM');
    expect(loadConfig({ HOINGHI_DATABASE_URL: db, HOINGHI_NODE_REGION: 'Cà_Mau' }).nodeRegion).toBe('Cà_Mau');
    expect(() => loadConfig({ HOINGHI_NODE_REGION: 'CM' })).toThrow(/HOINGHI_NODE_REGION: only a node of a cluster/);
    expect(() => loadConfig({ HOINGHI_DATABASE_URL: db, HOINGHI_NODE_REGION: 'Cà Mau' })).toThrow(/HOINGHI_NODE_REGION: must be 1-64 letters/);
  });

  it('records under the data dir by default, 4-second segments, no quota, stops under 512 MiB free', () => {
    expect(loadConfig({ HOINGHI_DATA_DIR: '/srv/hn' }).recording).toEqual({ dir: '/srv/hn/recordings', maxBytes: null, minFreeBytes: 512 * 1024 * 1024, segmentSeconds: 4 });
    const set = loadConfig({ HOINGHI_RECORDING_DIR: '/mnt/rec', HOINGHI_RECORDING_MAX_BYTES: '1000000', HOINGHI_RECORDING_MIN_FREE_BYTES: '0', HOINGHI_RECORDING_SEGMENT_SECONDS: '6' });
    expect(set.recording).toEqual({ dir: '/mnt/rec', maxBytes: 1_000_000, minFreeBytes: 0, segmentSeconds: 6 });
  });

  it('publishes the live program as HLS under the data dir in 1-second segments, RTMP only to a configured rtmp(s) address', () => {
    expect(loadConfig({ HOINGHI_DATA_DIR: '/srv/hn' }).live).toEqual({ dir: '/srv/hn/live', rtmpUrl: null, segmentSeconds: 1 });
    const set = loadConfig({ HOINGHI_LIVE_DIR: '/mnt/live', HOINGHI_LIVE_RTMP_URL: 'rtmp://tv.camau.gov.vn/live/hoinghi-2021', HOINGHI_LIVE_SEGMENT_SECONDS: '2' });
    expect(set.live).toEqual({ dir: '/mnt/live', rtmpUrl: 'rtmp://tv.camau.gov.vn/live/hoinghi-2021', segmentSeconds: 2 });
  });

  it('ignores variables it does not know and empty values', () => {
    expect(loadConfig({ PATH: '/bin', HOINGHI_PORT: '' }).port).toBe(3000);
  });

  it.each([
    [{ HOINGHI_PORT: 'abc' }, 'HOINGHI_PORT'],
    [{ HOINGHI_DATABASE_URL: 'mysql://db/hoinghi' }, 'HOINGHI_DATABASE_URL'],
    [{ HOINGHI_DATABASE_URL: 'not a url' }, 'HOINGHI_DATABASE_URL'],
    [{ HOINGHI_PORT: '70000' }, 'HOINGHI_PORT'],
    [{ HOINGHI_DATABASE_URL: 'postgres://db/h', HOINGHI_REDIS_URL: 'http://redis:6379' }, 'HOINGHI_REDIS_URL'],
    [{ HOINGHI_REDIS_URL: 'redis://127.0.0.1:6379' }, 'HOINGHI_REDIS_URL'],
    [{ HOINGHI_DATABASE_URL: 'postgres://db/h', HOINGHI_NODE_URL: 'ftp://node' }, 'HOINGHI_NODE_URL'],
    [{ HOINGHI_NODE_URL: 'http://10.0.5.31:3000' }, 'HOINGHI_NODE_URL'],
    [{ HOINGHI_LOG_LEVEL: 'loud' }, 'HOINGHI_LOG_LEVEL'],
    [{ HOINGHI_SECRET: 'short' }, 'HOINGHI_SECRET'],
    [{ HOINGHI_METRICS_TOKEN: 'short' }, 'HOINGHI_METRICS_TOKEN'],
    [{ HOINGHI_METRICS_TOKEN: 'a token with spaces in it that is long enough' }, 'HOINGHI_METRICS_TOKEN'],
    [{ HOINGHI_PUBLIC_URL: 'not a url' }, 'HOINGHI_PUBLIC_URL'],
    [{ HOINGHI_SEED_DEMO: 'maybe' }, 'HOINGHI_SEED_DEMO'],
    [{ RTC_LISTEN_IP: '10.0.0.300' }, 'RTC_LISTEN_IP'],
    [{ RTC_WORKERS: '0' }, 'RTC_WORKERS'],
    [{ RTC_SPREAD_SENDERS_FROM: '0' }, 'RTC_SPREAD_SENDERS_FROM'],
    [{ RTC_SPREAD_SENDERS_FROM: 'many' }, 'RTC_SPREAD_SENDERS_FROM'],
    [{ RTC_MIN_PORT: '45000', RTC_MAX_PORT: '44000' }, 'RTC_MIN_PORT'],
    [{ HOINGHI_TLS_CERT: '/etc/cert.pem' }, 'HOINGHI_TLS_KEY'],
    [{ HOINGHI_TLS_KEY: '/etc/key.pem' }, 'HOINGHI_TLS_CERT'],
    [{ RTC_PORT: '45000', RTC_WORKERS: '2' }, 'RTC_PORT'],
    [{ HOINGHI_TRUST_PROXY: 'true' }, 'HOINGHI_TRUST_PROXY'],
    [{ HOINGHI_TRUST_PROXY: '10.0.0.5, proxy.camau.gov.vn' }, 'HOINGHI_TRUST_PROXY'],
    [{ HOINGHI_TRUST_PROXY: '10.0.0.0/33' }, 'HOINGHI_TRUST_PROXY'],
    [{ HOINGHI_RECORDING_MAX_BYTES: '-5' }, 'HOINGHI_RECORDING_MAX_BYTES'],
    [{ HOINGHI_RECORDING_SEGMENT_SECONDS: '0' }, 'HOINGHI_RECORDING_SEGMENT_SECONDS'],
    [{ HOINGHI_RECORDING_MIN_FREE_BYTES: 'lots' }, 'HOINGHI_RECORDING_MIN_FREE_BYTES'],
    [{ HOINGHI_LIVE_RTMP_URL: 'http://tv.camau.gov.vn/live' }, 'HOINGHI_LIVE_RTMP_URL'],
    [{ HOINGHI_LIVE_RTMP_URL: 'rtmp://tv/live|file:/etc/passwd' }, 'HOINGHI_LIVE_RTMP_URL'],
    [{ HOINGHI_LIVE_SEGMENT_SECONDS: '0' }, 'HOINGHI_LIVE_SEGMENT_SECONDS'],
  ])('refuses %j, naming %s', (env, name) => {
    const found = problems(env);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  it('says what was given, without printing a long value in full', () => {
    const [problem] = problems({ HOINGHI_PORT: 'x'.repeat(500) });
    expect(problem).toContain('given:');
    expect(problem!.length).toBeLessThan(200);
  });

  it('reads the trusted proxies as addresses, CIDR ranges and named ranges; none by default (issue 14)', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ HOINGHI_TRUST_PROXY: 'false' }).trustedProxies).toEqual([]);
    expect(loadConfig({ HOINGHI_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,fd00::/8 , loopback' }).trustedProxies).toEqual(['10.0.0.5', '10.0.1.0/24', 'fd00::/8', 'loopback']);
    expect(problems({ HOINGHI_TRUST_PROXY: 'true' }).join('\n')).toContain('is not accepted');
  });

  it('reads TLS, origins and the announced address', () => {
    const config = loadConfig({
      HOINGHI_TLS_CERT: '/etc/hoinghi/cert.pem',
      HOINGHI_TLS_KEY: '/etc/hoinghi/key.pem',
      HOINGHI_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      RTC_ANNOUNCED_IP: '10.0.5.20',
      HOINGHI_PUBLIC_URL: 'https://hoinghi.camau.gov.vn/',
    });
    expect(config.tls).toEqual({ certFile: '/etc/hoinghi/cert.pem', keyFile: '/etc/hoinghi/key.pem' });
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.rtc.announcedAddress).toBe('10.0.5.20');
    expect(config.publicUrl).toBe('https://hoinghi.camau.gov.vn');
  });
});
