import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { deliveries, mergeDeliveries, type BenchClient, type Sent } from '../../bench/lib/signal-client.js';

// The accounting behind bench:signal and bench:cluster's fan-out figures: every sent command is
// timed at every client of its conference, split by whether the client is on the conference's
// writer node; a client that never learnt the seq is counted missing, not skipped.
const client = (conf: number, node: number, arrivals: [number, number][], disconnected?: string): BenchClient => ({ socket: undefined as unknown as Socket, conf, node, arrivals: new Map(arrivals), ...(disconnected ? { disconnected } : {}) });

describe('fan-out deliveries', () => {
  const sent: Sent[] = [
    { conf: 0, kind: 'grantFloor', at: 1000, seq: 7 },
    { conf: 1, kind: 'markAttendance', at: 2000, seq: 3 },
  ];
  // conference 0 is written by node 0, conference 1 by node 1
  const ownerNode = [0, 1];

  it('times each command at every client of its conference, by kind and by place, in hundredths of a ms', () => {
    const d = deliveries(sent, [client(0, 0, [[7, 1012.5]]), client(0, 2, [[7, 1030]]), client(1, 1, [[3, 2004]]), client(1, 0, [[3, 2009.99]])], ownerNode);
    expect(d.byKey).toEqual({ 'grantFloor@owner': [1250], 'grantFloor@other': [3000], 'markAttendance@owner': [400], 'markAttendance@other': [999] });
    expect(d.missing).toBe(0);
  });

  it('counts a client that never received the seq as missing, and ignores clients of other conferences', () => {
    const d = deliveries(sent, [client(0, 1, []), client(0, 0, [[3, 5000]])], ownerNode);
    expect(d.missing).toBe(2);
    expect(d.byKey).toEqual({});
    expect(d.disconnected).toEqual({});
  });

  it('counts the clients dropped during the run by their disconnect reason', () => {
    const d = deliveries(sent, [client(0, 1, [], 'transport close'), client(0, 0, [], 'ping timeout'), client(1, 1, [], 'transport close'), client(1, 0, [[3, 2001]])], ownerNode);
    expect(d.disconnected).toEqual({ 'transport close': 2, 'ping timeout': 1 });
    expect(d.missing).toBe(3);
  });

  it('merges the load generators\' parts', () => {
    const a = deliveries(sent, [client(0, 0, [[7, 1001]])], ownerNode);
    const b = deliveries(sent, [client(0, 0, [[7, 1002]]), client(1, 0, [], 'transport close')], ownerNode);
    const c = deliveries(sent, [client(1, 1, [], 'transport close')], ownerNode);
    expect(mergeDeliveries([a, b, c])).toEqual({ byKey: { 'grantFloor@owner': [100, 200] }, missing: 2, disconnected: { 'transport close': 2 } });
  });
});
