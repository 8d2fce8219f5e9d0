import { describe, expect, it } from 'vitest';
import { addressOf, nextNode, originOf, placementFrom, regionOf } from './nodes.js';

describe('the cluster node the console goes to', () => {
  it('moves to the node after the failed one in the ranked list, wrapping round', () => {
    const ranked = ['http://a:3000', 'http://b:3000', 'http://c:3000'];
    expect(nextNode(ranked, 'http://a:3000')).toBe('http://b:3000');
    expect(nextNode(ranked, 'http://c:3000')).toBe('http://a:3000');
    // not in the list (the page's own address, the list not told yet): the most preferred
    expect(nextNode(ranked, 'http://localhost:3000')).toBe('http://a:3000');
    expect(nextNode(['http://a:3000'], 'http://a:3000')).toBeNull();
    expect(nextNode([], 'http://a:3000')).toBeNull();
  });

  it('reads a node’s address for engine.io, default ports and IPv6 included', () => {
    expect(addressOf('https://camau.hoinghi.example')).toEqual({ hostname: 'camau.hoinghi.example', port: '443', secure: true });
    expect(addressOf('http://127.0.0.3:41234')).toEqual({ hostname: '127.0.0.3', port: '41234', secure: false });
    expect(addressOf('http://[::1]:3000')).toEqual({ hostname: '::1', port: '3000', secure: false });
  });

  it('takes only http(s) origins', () => {
    expect(originOf('http://127.0.0.2:3000/join?x=1')).toBe('http://127.0.0.2:3000');
    expect(originOf('', 'https://hoinghi.example/join')).toBe('https://hoinghi.example');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('reads a placement answer as strictly as the nodes notice, without zod (a point’s first script asks it)', () => {
    expect(placementFrom({ nodes: [] })).toEqual([]);
    expect(placementFrom({ nodes: [{ url: 'http://127.0.0.3:41234/', region: 'CM' }, { url: 'https://b.example', region: null }] })).toEqual(['http://127.0.0.3:41234', 'https://b.example']);
    const junk: unknown[] = [
      null, [], 'nodes', {}, { nodes: {} }, { nodes: [], extra: 1 },
      { nodes: [{ url: 'javascript:alert(1)', region: null }] },
      { nodes: [{ url: 'http://a', region: null, extra: 1 }] },
      { nodes: [{ url: 'http://a' }] },
      { nodes: [{ url: 7, region: null }] },
      { nodes: [{ url: 'http://a', region: 'bad region!' }] },
      { nodes: [{ url: `http://a/${'x'.repeat(500)}`, region: null }] },
      { nodes: Array.from({ length: 65 }, () => ({ url: 'http://a', region: null })) },
    ];
    for (const answer of junk) expect(placementFrom(answer)).toBeNull();
  });

  it('takes a region from the link only in a region’s form', () => {
    expect(regionOf('CM')).toBe('CM');
    expect(regionOf('Cà_Mau-1')).toBe('Cà_Mau-1');
    for (const bad of [null, undefined, '', 'a b', 'x'.repeat(65), '<script>']) expect(regionOf(bad)).toBeUndefined();
  });
});
