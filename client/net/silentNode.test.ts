import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SILENT_NODE_MS, watchSilentNode, type EngineLike } from './silentNode.js';

class FakeEngine extends EventEmitter implements EngineLike {
  readyState = 'open';
  packet(): void {
    this.emit('heartbeat');
  }
}

function harness(armed = true) {
  let t = 0;
  let tick: () => void = () => undefined;
  let engine: FakeEngine | undefined = new FakeEngine();
  const silences: number[] = [];
  const stop = watchSilentNode({
    engine: () => engine,
    armed: () => armed,
    onSilent: () => silences.push(t),
    now: () => t,
    every: (fn) => {
      tick = fn;
      return () => (tick = () => undefined);
    },
  });
  /** the clock moves in the watchdog's steps of 500 ms */
  const advance = (ms: number, each?: () => void) => {
    for (let end = t + ms; t < end; ) {
      t += 500;
      each?.();
      tick();
    }
  };
  return { advance, silences, stop, engine: () => engine!, setEngine: (e: FakeEngine | undefined) => (engine = e) };
}

describe('silent node watchdog', () => {
  it('gives the node up after SILENT_NODE_MS with no packet at all', () => {
    const h = harness();
    h.advance(500); // the first look takes the engine in
    h.advance(SILENT_NODE_MS - 500);
    expect(h.silences).toEqual([]);
    h.advance(500);
    expect(h.silences).toEqual([SILENT_NODE_MS + 500]);
  });

  it('keeps a node that sends anything, however late its pings (a busy node)', () => {
    const h = harness();
    let n = 0;
    // one packet every 5 s: pings or events, late, but never 6 s of nothing
    h.advance(60_000, () => ++n % 10 === 0 && h.engine().packet());
    expect(h.silences).toEqual([]);
  });

  it('says nothing while there is no other node to go to, or while not connected', () => {
    const single = harness(false);
    single.advance(30_000);
    expect(single.silences).toEqual([]);
    const closed = harness();
    closed.engine().readyState = 'closed';
    closed.advance(30_000);
    expect(closed.silences).toEqual([]);
  });

  it('watches a new connection from its own start, and stops when told', () => {
    const h = harness();
    h.advance(5_000);
    h.setEngine(new FakeEngine()); // reconnected elsewhere
    h.advance(5_000);
    expect(h.silences).toEqual([]);
    h.stop();
    h.advance(30_000);
    expect(h.silences).toEqual([]);
  });
});
