import { AUDIENCE_PREFIX, type GatewayServer } from './session.js';

// The audience channels of each conference (session.ts: the sockets shown the same projection),
// kept up to date from the adapter's create-room / delete-room events. The fan-out used to walk
// every room of the adapter (one per socket besides the channels, ~2,000 at 1,000 clients) for
// each batch of each conference: 10% of the server's busy time in bench:signal's fan-out phase.

export class AudienceChannels {
  readonly #io: GatewayServer;
  #adapter: GatewayServer['sockets']['adapter'] | undefined;
  readonly #byPrefix = new Map<string, Set<string>>();

  constructor(io: GatewayServer) {
    this.#io = io;
  }

  /** The audience channels of `conferenceId` now (a live set: read it before the next await). */
  of(conferenceId: string): ReadonlySet<string> {
    this.#follow();
    const prefix = AUDIENCE_PREFIX(conferenceId);
    let channels = this.#byPrefix.get(prefix);
    if (!channels) {
      channels = new Set();
      for (const channel of this.#adapter!.rooms.keys()) if (channel.startsWith(prefix)) channels.add(channel);
      this.#byPrefix.set(prefix, channels);
    }
    return channels;
  }

  /** Listens to the namespace's adapter; a new one (cluster mode attaches Redis's after the gateway) is indexed afresh. */
  #follow(): void {
    const adapter = this.#io.sockets.adapter;
    if (adapter === this.#adapter) return;
    this.#adapter = adapter;
    this.#byPrefix.clear();
    adapter.on('create-room', (channel: string) => {
      if (this.#adapter !== adapter) return;
      for (const [prefix, channels] of this.#byPrefix) if (channel.startsWith(prefix)) channels.add(channel);
    });
    adapter.on('delete-room', (channel: string) => {
      if (this.#adapter !== adapter) return;
      for (const channels of this.#byPrefix.values()) channels.delete(channel);
    });
  }
}
