import { describe, expect, it } from 'vitest';
import { addressOf, nextNode, originOf } from './nodes.js';

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
});
