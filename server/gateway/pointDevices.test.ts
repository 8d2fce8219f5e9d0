import { describe, expect, it } from 'vitest';
import type { PointDevices } from '../../shared/protocol/socket.js';
import { ConnectionRegistry, type Connection } from './connections.js';
import { admission, PointDevicesPolicy, withElsewhere } from './pointDevices.js';

// The one-live-device rule as a function of where the live device is (this node, another node,
// none), and the two moves cluster mode makes on this node's devices (replace, promote).

const C = 'hn-ca-mau-2021';
const P = 'thoi-binh';

function device(registry: ConnectionRegistry, socketId: string, standby: boolean, connectedAt: number): Connection {
  const connection: Connection = { socketId, conferenceId: C, principal: { role: 'point', pointId: P }, linkId: 'l1', connectedAt, standby, ended: false };
  registry.add(connection);
  return connection;
}

function policyOn(registry: ConnectionRegistry, acrossNodes?: { liveLeft(conferenceId: string, pointId: string): void }) {
  const told = { replaced: [] as string[], standby: [] as [string, boolean][], presiding: [] as PointDevices[] };
  const policy = new PointDevicesPolicy(registry, {
    replace: (c) => {
      told.replaced.push(c.socketId);
      registry.end(c.socketId, 'SESSION_REPLACED');
    },
    standbyChanged: (c) => told.standby.push([c.socketId, c.standby]),
    toPresidingConsoles: (_conferenceId, notice) => told.presiding.push(notice),
  }, acrossNodes);
  return { policy, told };
}

describe('one live device per point', () => {
  it('a device is live unless a live one exists here or elsewhere and its link says standby', () => {
    for (const liveHere of [false, true]) {
      for (const liveElsewhere of [false, true]) {
        expect(admission('takeover', liveHere, liveElsewhere)).toEqual({ standby: false });
        expect(admission('standby', liveHere, liveElsewhere)).toEqual({ standby: liveHere || liveElsewhere });
      }
    }
  });

  it('admits a takeover over a live device on another node: live, and it took over from there', () => {
    const registry = new ConnectionRegistry();
    const { policy } = policyOn(registry);
    expect(policy.admit(C, P, 'takeover', true)).toEqual({ standby: false, replaced: undefined, tookOverElsewhere: true });
    expect(policy.admit(C, P, 'standby', true)).toEqual({ standby: true, replaced: undefined, tookOverElsewhere: false });
    expect(policy.admit(C, P, 'standby', false)).toEqual({ standby: false, replaced: undefined, tookOverElsewhere: false });
  });

  it('the chair is told of a takeover from another node as a takeover', () => {
    const registry = new ConnectionRegistry();
    const { policy, told } = policyOn(registry);
    const joined = device(registry, 's1', false, 1);
    policy.joined(joined, undefined, true);
    expect(told.presiding).toEqual([{ pointId: P, live: 1, standby: 0, change: 'takeover' }]);
  });

  it('replaceLive closes the live device here and leaves the standbys; promote makes the oldest standby live once', () => {
    const registry = new ConnectionRegistry();
    const { policy, told } = policyOn(registry);
    device(registry, 'live', false, 1);
    device(registry, 'spare-new', true, 3);
    device(registry, 'spare-old', true, 2);
    expect(policy.promote(C, P)).toBe(false); // a live device is here
    expect(policy.replaceLive(C, P)).toBe(true);
    expect(told.replaced).toEqual(['live']);
    expect(registry.ofPoint(C, P).map((c) => [c.socketId, c.standby])).toEqual([['spare-new', true], ['spare-old', true]]);
    expect(policy.replaceLive(C, P)).toBe(false);
    expect(policy.promote(C, P)).toBe(true);
    expect(told.standby).toEqual([['spare-old', false]]);
    expect(told.presiding.at(-1)).toEqual({ pointId: P, live: 1, standby: 1, change: 'promoted' });
    expect(policy.promote(C, P)).toBe(false);
  });

  it('counts the other nodes’ devices in the chair’s notice, one live at most', () => {
    const notice: PointDevices = { pointId: P, live: 1, standby: 0, change: 'takeover' };
    expect(withElsewhere(notice, { live: 1, standby: 2 })).toEqual({ pointId: P, live: 1, standby: 2, change: 'takeover' });
    expect(withElsewhere({ ...notice, live: 0, change: 'left' }, { live: 0, standby: 1 })).toEqual({ pointId: P, live: 0, standby: 1, change: 'left' });
  });

  it('one node: the live device leaving promotes the oldest standby at once', () => {
    const registry = new ConnectionRegistry();
    const { policy, told } = policyOn(registry);
    device(registry, 'live', false, 1);
    device(registry, 'spare-new', true, 3);
    device(registry, 'spare-old', true, 2);
    policy.left(registry.end('live', 'disconnected')!);
    expect(told.standby).toEqual([['spare-old', false]]);
    expect(told.presiding.at(-1)).toEqual({ pointId: P, live: 1, standby: 1, change: 'promoted' });
  });

  it('cluster mode: the live device leaving promotes nobody here (the oldest standby may wait on another node); the cluster promotes the one it names', () => {
    const registry = new ConnectionRegistry();
    const handed: string[] = [];
    const { policy, told } = policyOn(registry, { liveLeft: (_c, pointId) => handed.push(pointId) });
    device(registry, 'live', false, 1);
    device(registry, 'spare-old', true, 2);
    device(registry, 'spare-new', true, 3);
    policy.left(registry.end('live', 'disconnected')!);
    expect(handed).toEqual([P]);
    expect(told.standby).toEqual([]);
    expect(told.presiding.at(-1)).toEqual({ pointId: P, live: 0, standby: 2, change: 'left' });
    // Meanwhile a standby link waits behind the standbys; a takeover link is live.
    expect(policy.admit(C, P, 'standby')).toMatchObject({ standby: true });
    expect(policy.admit(C, P, 'takeover')).toMatchObject({ standby: false });
    // The cluster named the one that waited longest; it need not be the oldest here by this node's clock.
    expect(policy.promote(C, P, 'spare-new')).toBe(true);
    expect(told.standby).toEqual([['spare-new', false]]);
    expect(policy.promote(C, P, 'spare-old')).toBe(false); // one is live now
  });
});
