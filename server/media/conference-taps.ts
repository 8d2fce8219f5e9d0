import type { types } from 'mediasoup';
import { mediaError } from './errors.js';
import type { ProducerData } from './media-session.js';
import { openTap, type HeldTap } from './media-tap.js';
import { pipeInto, type RouterSlot } from './router-slot.js';
import type { RemoteFeeds } from './remote-feeds.js';

/** What the taps need of their conference's media. */
export type TapsDeps = {
  primary: () => Promise<RouterSlot>;
  /** this node's producers of the conference */
  producers: () => types.Producer<ProducerData>[];
  /** the slot a local producer's sender lives on (the primary when unknown) */
  slotOf: (producer: types.Producer<ProducerData>, primary: RouterSlot) => RouterSlot;
  /** feeds of other nodes (cluster mode); absent on a single node */
  remote: RemoteFeeds | undefined;
  /** a microphone open for a private check alone: its tap opens held */
  checkedOnly: (producer: types.Producer<ProducerData>) => boolean;
  /** a tap opened or failed: the receivers re-plan (a brought feed is kept while a tap reads it) */
  requestSync: () => void;
  /** no tap is open or opening any more: the conference may give its routers back */
  idle: () => void;
};

/**
 * The media taps of one conference: the receivers the recorder, the live program and stills read
 * a producer through (media-tap.ts). A tap of a feed of another node brings it in first; a tap is
 * held while its microphone is open for a private check alone (private-check-isolation.ts).
 */
export class ConferenceTaps {
  /** the open taps: held while their microphone is open for a private check alone */
  readonly #taps = new Set<HeldTap>();
  /** producers a tap is being opened on now (a feed brought from another node must not be let go meanwhile) */
  readonly #opening = new Map<string, number>();
  readonly #deps: TapsDeps;

  constructor(deps: TapsDeps) {
    this.#deps = deps;
  }

  /** Some tap is open or opening: the routers must stay. */
  get busy(): boolean {
    return this.#taps.size > 0 || this.#opening.size > 0;
  }

  /** The open taps (a private check holds and releases them). */
  open(): Iterable<HeldTap> {
    return this.#taps;
  }

  /** The producers the taps read or are about to: a brought feed among them stays piped in. */
  producerIds(): string[] {
    return [...[...this.#taps].filter((t) => !t.closed).map((t) => t.producerId), ...this.#opening.keys()];
  }

  /**
   * A recorder's tap of one producer (media-tap.ts). A microphone open only for a private check is
   * not in the program, so its tap opens held and stays held while the check lasts.
   */
  async tap(producerId: string, dest: { ip: string; port: number }): Promise<HeldTap> {
    this.#opening.set(producerId, (this.#opening.get(producerId) ?? 0) + 1);
    try {
      const primary = await this.#deps.primary();
      const producer = await this.#source(producerId, primary);
      const tap = await openTap(primary.router, producer, dest, this.#deps.checkedOnly(producer));
      this.#taps.add(tap);
      tap.onClose(() => {
        this.#taps.delete(tap);
        this.#deps.idle();
      });
      return tap;
    } finally {
      const n = (this.#opening.get(producerId) ?? 1) - 1;
      if (n > 0) this.#opening.set(producerId, n);
      else this.#opening.delete(producerId);
      this.#deps.requestSync();
      // A tap that could not open on a node with no session leaves no router behind.
      this.#deps.idle();
    }
  }

  /**
   * The producer a tap reads, on the primary router: a local one piped there from its sender's
   * worker, or a feed of another node brought in through the cascade (the writer node records
   * every point, wherever it is connected).
   */
  async #source(producerId: string, primary: RouterSlot): Promise<types.Producer<ProducerData>> {
    const local = this.#deps.producers().find((p) => p.id === producerId);
    if (local) {
      await pipeInto(this.#deps.slotOf(local, primary), primary, local.id);
      return local;
    }
    const remote = this.#deps.remote;
    const feed = remote?.feeds().find((f) => f.id === producerId);
    if (!feed || !remote) throw mediaError('PRODUCER_NOT_FOUND');
    await remote.bring(feed, primary.router);
    const brought = await remote.brought(producerId);
    if (!brought || brought.closed) throw mediaError('PRODUCER_NOT_FOUND');
    return brought as types.Producer<ProducerData>;
  }
}
