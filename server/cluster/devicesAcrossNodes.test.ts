import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionRegistry, type Connection } from '../gateway/connections.js';
import { PointDevicesPolicy } from '../gateway/pointDevices.js';
import { createLogger } from '../log/logger.js';
import type { LiveHolder, OldestStandby, PointDeviceRegistry } from '../store/pgPointDevices.js';
import { DevicesAcrossNodes, PROMOTE_WAIT_MS } from './devicesAcrossNodes.js';
import { HeartbeatGrace } from './heartbeatGrace.js';

// A point's live device leaves this node while the database is away: this node promotes its own
// oldest standby (the cluster's queue cannot be read), and only then. The database answering that
// the oldest standby waits on another node keeps this node's standbys waiting. The real database
// stopped mid-test, across three nodes: test/cluster/standbyPromotion.test.ts.

const C = 'hn-ca-mau-2021';
const P = 'u-minh';

interface Database {
  liveHolders(): Promise<LiveHolder[]>;
  promoteOldest(waiting: readonly string[]): Promise<OldestStandby | null>;
}

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
const never = () => new Promise<never>(() => undefined);

function nodeOn(database: Database) {
  const connections = new ConnectionRegistry();
  const warnings: string[] = [];
  const logger = createLogger('warn', new Writable({
    write(chunk: Buffer, _encoding, done) {
      warnings.push(String(chunk));
      done();
    },
  }));
  const promoted: string[] = [];
  const policy = new PointDevicesPolicy(connections, {
    replace: (c) => connections.end(c.socketId, 'SESSION_REPLACED'),
    standbyChanged: (c) => (c.standby ? undefined : promoted.push(c.socketId)),
    toPresidingConsoles: () => undefined,
  }, { liveLeft: () => undefined });
  const registry = { nodeId: 'node-a', liveHolders: () => database.liveHolders(), promoteOldest: (_c: string, _p: string, _f: number, waiting: readonly string[]) => database.promoteOldest(waiting) };
  const devices = new DevicesAcrossNodes({
    devices: registry as unknown as PointDeviceRegistry,
    connections,
    policy,
    rewrite: () => undefined,
    withPoint: (_conferenceId, _pointId, work) => work(),
    freshMs: () => 5_000,
    logger,
  });
  const device = (socketId: string, standby: boolean, connectedAt: number): Connection => {
    const connection: Connection = { socketId, conferenceId: C, principal: { role: 'point', pointId: P }, linkId: 'l1', connectedAt, standby, ended: false };
    connections.add(connection);
    return connection;
  };
  /** the live device and two standbys here, the older one connected first; the live one leaves */
  const liveLeaves = () => {
    device('live', false, 1);
    device('older', true, 2);
    device('later', true, 3);
    connections.end('live', 'disconnected');
    return devices.liveLeft(C, P);
  };
  return { devices, device, liveLeaves, promoted, warnings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a departure while the database is away', () => {
  it('the database refusing: this node’s oldest standby becomes live at once, and the log says why', async () => {
    const node = nodeOn({ liveHolders: refused, promoteOldest: refused });
    await node.liveLeaves();
    expect(node.promoted).toEqual(['older']);
    expect(node.warnings.join()).toMatch(/database is away: this node’s own oldest standby became live/);
    expect(node.warnings.join()).toContain('ECONNREFUSED');
  });

  it('the database going away between the read of the live devices and the promotion: the same', async () => {
    const node = nodeOn({ liveHolders: () => Promise.resolve([]), promoteOldest: refused });
    await node.liveLeaves();
    expect(node.promoted).toEqual(['older']);
  });

  it('the database not answering: this node’s oldest standby becomes live after PROMOTE_WAIT_MS, not before', async () => {
    vi.useFakeTimers();
    const node = nodeOn({ liveHolders: never, promoteOldest: never });
    const left = node.liveLeaves();
    await vi.advanceTimersByTimeAsync(PROMOTE_WAIT_MS - 1);
    expect(node.promoted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await left;
    expect(node.promoted).toEqual(['older']);
  });

  it('the database answering that an older standby waits on another node: none here is promoted, even past the wait', async () => {
    vi.useFakeTimers();
    const node = nodeOn({ liveHolders: () => Promise.resolve([]), promoteOldest: () => Promise.resolve({ nodeId: 'node-b', deviceId: 'b1', here: false }) });
    await node.liveLeaves();
    await vi.advanceTimersByTimeAsync(PROMOTE_WAIT_MS * 2);
    expect(node.promoted).toEqual([]);
    expect(node.warnings).toEqual([]);
  });

  it('the database naming a standby here: that one is promoted, not the oldest by this node’s clock', async () => {
    const node = nodeOn({ liveHolders: () => Promise.resolve([]), promoteOldest: (waiting) => Promise.resolve({ nodeId: 'node-a', deviceId: waiting[1]!, here: true }) });
    await node.liveLeaves();
    expect(node.promoted).toEqual(['later']);
  });

  it('standbys here whose live device is on another node: the tick with the database away promotes none (only a departure here does)', async () => {
    const node = nodeOn({ liveHolders: refused, promoteOldest: refused });
    node.device('waiting', true, 1);
    await expect(node.devices.sweep()).rejects.toThrow(/ECONNREFUSED/);
    await expect(node.devices.changedElsewhere(C, P)).rejects.toThrow(/ECONNREFUSED/);
    expect(node.promoted).toEqual([]);
  });
});

describe('other nodes’ heartbeats across an outage of the database', () => {
  it('are given the outage’s length more while it lasts and for DEVICE_FRESH_MS after', () => {
    let now = 100_000;
    const grace = new HeartbeatGrace(5_000, 1_000, () => now);
    expect(grace.freshMs).toBe(5_000);
    grace.failed();
    now += 7_000;
    grace.failed();
    // a node whose last heartbeat was a tick before the outage still counts
    expect(grace.freshMs).toBe(13_000);
    grace.answered();
    now += 4_999;
    expect(grace.freshMs).toBe(13_000);
    now += 1;
    expect(grace.freshMs).toBe(5_000);
    grace.answered();
    expect(grace.freshMs).toBe(5_000);
  });
});
