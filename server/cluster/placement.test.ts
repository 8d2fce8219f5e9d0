import { describe, expect, it } from 'vitest';
import { placementRegionOf, rankNodes, SOCKETS_PER_WORKER, type PlacementNode } from './placement.js';

// The placement policy alone: dead nodes out, full nodes last, the asked region first (then nodes
// of no region), least loaded first, ties spread by the client's key.

const node = (nodeId: string, fields: Partial<PlacementNode> = {}): PlacementNode => ({
  nodeId,
  publicUrl: `http://${nodeId}.example:3000`,
  region: null,
  live: true,
  sockets: 0,
  workers: 1,
  ...fields,
});
const ids = (nodes: PlacementNode[]) => nodes.map((n) => n.nodeId);

describe('rankNodes', () => {
  it('leaves dead nodes out, and answers nothing when no node is live', () => {
    expect(ids(rankNodes([node('a', { live: false }), node('b')]))).toEqual(['b']);
    expect(rankNodes([node('a', { live: false })])).toEqual([]);
    expect(rankNodes([])).toEqual([]);
  });

  it('puts the least loaded first, load counted per media worker', () => {
    // b: 30 sockets on 2 workers is less loaded than a: 20 on 1
    expect(ids(rankNodes([node('a', { sockets: 20 }), node('b', { sockets: 30, workers: 2 }), node('c', { sockets: 50, workers: 1 })]))).toEqual(['b', 'a', 'c']);
  });

  it('puts full nodes last, but still lists them (better a crowded node than none)', () => {
    const full = node('a', { sockets: SOCKETS_PER_WORKER, region: 'CM' });
    expect(ids(rankNodes([full, node('b', { sockets: SOCKETS_PER_WORKER - 1, region: 'BL' })], { region: 'CM' }))).toEqual(['b', 'a']);
  });

  it('with a region: that region first, then nodes of no region, then the others, each by load', () => {
    const nodes = [node('bl', { region: 'BL', sockets: 1 }), node('any', { sockets: 5 }), node('cm1', { region: 'CM', sockets: 40 }), node('cm2', { region: 'CM', sockets: 10 })];
    expect(ids(rankNodes(nodes, { region: 'CM' }))).toEqual(['cm2', 'cm1', 'any', 'bl']);
    expect(ids(rankNodes(nodes, { region: 'HN' }))).toEqual(['any', 'bl', 'cm2', 'cm1']);
  });

  it('without a region, regions do not matter', () => {
    expect(ids(rankNodes([node('cm', { region: 'CM', sockets: 3 }), node('any', { sockets: 4 })]))).toEqual(['cm', 'any']);
  });

  it('breaks ties by the client’s key: the same key always gets the same order, different keys spread', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const first = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const key = `link-${i}`;
      const order = ids(rankNodes(nodes, { key }));
      expect(ids(rankNodes([...nodes].reverse(), { key }))).toEqual(order);
      first.set(order[0]!, (first.get(order[0]!) ?? 0) + 1);
    }
    // 300 keys over three equal nodes: each is first for a fair share
    for (const n of ['a', 'b', 'c']) expect(first.get(n) ?? 0).toBeGreaterThan(60);
  });

  it('does not change the list it is given', () => {
    const nodes = [node('b', { sockets: 9 }), node('a')];
    rankNodes(nodes);
    expect(ids(nodes)).toEqual(['b', 'a']);
  });
});

describe('placementRegionOf', () => {
  it('R-SETUP-10: the point’s recorded region first; the link’s only where the record has none', () => {
    expect(placementRegionOf('BL', 'CM')).toBe('BL');
    expect(placementRegionOf('BL', undefined)).toBe('BL');
    expect(placementRegionOf(null, 'CM')).toBe('CM');
    expect(placementRegionOf(undefined, 'CM')).toBe('CM');
    expect(placementRegionOf(null, undefined)).toBeUndefined();
    const nodes = [node('a', { region: 'CM' }), node('b', { region: 'BL' }), node('c')];
    expect(ids(rankNodes(nodes, { region: placementRegionOf('BL', 'CM'), key: 'k' }))).toEqual(['b', 'c', 'a']);
  });
});
