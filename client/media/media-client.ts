import { Device, type types } from 'mediasoup-client';
import type { HealthReport } from '../../shared/media/health.js';
import type { LayoutPlan } from '../../shared/media/layout-plan.js';
import { MEDIA_PUSH_EVENT } from '../../shared/protocol/media-codes.js';
import type { MediaPush, MediaSource } from '../../shared/protocol/media.js';
import { loadDevice } from './device.js';
import { OwnSources, type LocalSources } from './own-sources.js';
import { RemoteTiles, type RemoteTile, type TileEvents } from './remote-tiles.js';
import { MediaRequestError, request, type SignallingSocket } from './signalling.js';
import { browserTransport, type TransportReply } from './transport.js';
import { capabilitiesForServer } from './wire.js';

/**
 * The browser's side of the SFU: a mediasoup-client Device, one send and one receive transport,
 * the local camera (VP8 simulcast, 3 layers) and microphone (Opus, FEC + DTX), and the consumers
 * the server pushes as the layout plan allows. When the server says its worker died (`reset`), or
 * the socket reconnects, everything is set up again with the same local tracks: no page reload,
 * no duplicate tiles (remote tiles are keyed by consumer and removed before they are re-added).
 * What it receives is in remote-tiles.ts, what it sends in own-sources.ts, a transport's browser
 * side in transport.ts.
 */

export type { RemoteTile };

export type MediaClientState = 'idle' | 'connecting' | 'connected' | 'recovering' | 'closed';

type Listeners = TileEvents & {
  plan: (plan: LayoutPlan) => void;
  health: (report: HealthReport) => void;
  state: (state: MediaClientState, detail?: string) => void;
};

export type MediaClientOptions = {
  /** the local sources to send; none for a receive-only console */
  local?: LocalSources;
  view?: MediaViewRequest;
  /**
   * Receive the pictures but keep the sound paused at the SFU until `release()`, and send
   * nothing: a point in the pre-flight already watches the program (what it will see once it
   * joins) while it checks its own camera, and hears the conference only once it has joined (its
   * microphone check would hear the conference through the room's speakers otherwise).
   */
  holdAudio?: boolean;
};

export type MediaViewRequest = { page: number; pageSize: number; minimised?: string[]; loopback?: boolean };

const RETRY_MS = [500, 1000, 2000, 4000];

export class MediaClient {
  readonly #socket: SignallingSocket;
  readonly #opts: MediaClientOptions;
  readonly #listeners: { [K in keyof Listeners]: Set<Listeners[K]> } = {
    tile: new Set(), tileGone: new Set(), tileChanged: new Set(), plan: new Set(), health: new Set(), state: new Set(),
  };
  #device: Device | undefined;
  #send: types.Transport | undefined;
  #recv: types.Transport | undefined;
  readonly #own: OwnSources;
  readonly #received: RemoteTiles;
  #generation = 0;
  /** the setup under way (or done), so late additions can wait for it */
  #ready: Promise<void> = Promise.resolve();
  #state: MediaClientState = 'idle';
  #everStarted = false;
  #dropped = false;
  plan: LayoutPlan | undefined;
  health: HealthReport | undefined;
  /** how many times media was set up again after a reset or reconnect */
  recoveries = 0;

  constructor(socket: SignallingSocket, opts: MediaClientOptions = {}) {
    this.#socket = socket;
    this.#opts = opts;
    this.#own = new OwnSources(socket);
    this.#received = new RemoteTiles(socket, opts.holdAudio ?? false, (event, tile) => {
      for (const l of this.#listeners[event]) l(tile);
    });
    socket.on(MEDIA_PUSH_EVENT, (m: MediaPush) => void this.#onPush(m));
    // A socket that reconnects is a new session at the server: its media must be set up again.
    // (The first connect is not one: requests made before it are buffered by socket.io.)
    socket.on('disconnect', () => {
      this.#dropped = true;
    });
    socket.on('connect', () => {
      if (!this.#dropped) return;
      this.#dropped = false;
      if (this.#everStarted && this.#state !== 'closed') void this.#restart('reconnected');
    });
  }

  on<K extends keyof Listeners>(event: K, listener: Listeners[K]): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  #emit<K extends keyof Listeners>(event: K, ...args: Parameters<Listeners[K]>): void {
    for (const l of this.#listeners[event]) (l as (...a: Parameters<Listeners[K]>) => void)(...args);
  }

  /** The consumers pushed so far, by consumer id. */
  get tiles(): ReadonlyMap<string, RemoteTile> {
    return this.#received.tiles;
  }

  get state(): MediaClientState {
    return this.#state;
  }

  get sendTransport(): types.Transport | undefined {
    return this.#send;
  }

  get recvTransport(): types.Transport | undefined {
    return this.#recv;
  }

  #setState(state: MediaClientState, detail?: string): void {
    this.#state = state;
    this.#emit('state', state, detail);
  }

  async start(): Promise<void> {
    this.#everStarted = true;
    this.#ready = this.#setupWithRetry(this.#generation);
    await this.#ready;
  }

  async #setupWithRetry(generation: number): Promise<void> {
    for (let attempt = 0; generation === this.#generation && this.#state !== 'closed'; attempt++) {
      try {
        await this.#setup(generation);
        return;
      } catch (err) {
        if (generation !== this.#generation) return;
        const detail = err instanceof Error ? err.message : String(err);
        this.#teardown();
        if (err instanceof MediaRequestError && (err.code === 'SOURCE_NOT_ALLOWED' || err.code === 'BAD_REQUEST')) {
          this.#setState('closed', detail);
          throw err;
        }
        this.#setState('recovering', detail);
        await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
      }
    }
  }

  async #setup(generation: number): Promise<void> {
    this.#setState(this.recoveries > 0 ? 'recovering' : 'connecting');
    // What receiving needs of the SFU is asked at once, in one round trip, not one after the
    // other: the router's capabilities (for the device), the receive transport, the view. Only
    // `media:consume` needs the loaded device. Each request is awaited below; a failure of one
    // fails the setup there (the catches only keep the others from being reported unhandled).
    const asked = {
      capabilities: request(this.#socket, 'media:capabilities', {}),
      recv: request(this.#socket, 'media:createTransport', { direction: 'recv' }),
      view: this.#opts.view ? request(this.#socket, 'media:setVisibleTiles', { minimised: [], loopback: false, ...this.#opts.view }) : undefined,
      // A new connection is a new session at the SFU: the organiser's private check is asked again.
      check: this.#privateCheck !== null ? request(this.#socket, 'media:privateCheck', { pointId: this.#privateCheck }) : undefined,
    };
    // The browser's handler is detected while the SFU answers.
    const made = Device.factory();
    for (const p of [...Object.values(asked), made]) p?.catch(() => undefined);
    const device = await loadDevice((await asked.capabilities).rtpCapabilities, made);
    if (generation !== this.#generation) return;
    this.#device = device;

    // Sending and receiving are set up side by side: neither needs the other, and the point
    // sees the conference one transport set-up sooner. Both are waited for before a failure is
    // handled, so a retry never races a half-finished attempt.
    const results = await Promise.allSettled([this.#setupSending(generation), this.#setupReceiving(generation, device, asked)]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    if (generation === this.#generation) this.#setState('connected');
  }

  async #setupSending(generation: number): Promise<void> {
    const local = this.#opts.local ?? {};
    if (!Object.values(local).some(Boolean)) return;
    this.#send = await this.#createSendTransport(generation);
    if (this.#send) await this.#own.sendAll(this.#send, local);
  }

  async #setupReceiving(generation: number, device: Device, asked: { recv: Promise<{ transport: TransportReply }>; view?: Promise<object> | undefined; check?: Promise<object> | undefined }): Promise<void> {
    this.#recv = this.#transportFor('recv', (await asked.recv).transport, generation);
    await asked.view;
    await asked.check;
    await request(this.#socket, 'media:consume', { rtpCapabilities: capabilitiesForServer(device.rtpCapabilities) });
  }

  /** A console whose role only receives (chair, clerk, a standby device) is told so: it then only receives. */
  async #createSendTransport(generation: number): Promise<types.Transport | undefined> {
    try {
      return await this.#createTransport('send', generation);
    } catch (err) {
      if (err instanceof MediaRequestError && err.code === 'RECEIVE_ONLY') return undefined;
      throw err;
    }
  }

  async #createTransport(direction: 'send' | 'recv', generation: number): Promise<types.Transport> {
    const { transport: params } = await request(this.#socket, 'media:createTransport', { direction });
    return this.#transportFor(direction, params, generation);
  }

  /** The browser's side of a transport the SFU made, for this set-up only. */
  #transportFor(direction: 'send' | 'recv', params: TransportReply, generation: number): types.Transport {
    if (generation !== this.#generation || !this.#device) throw new Error('superseded');
    return browserTransport(this.#socket, this.#device, direction, params, (transport) => {
      if (generation === this.#generation) void this.#restartIce(transport);
    });
  }

  async #restartIce(transport: types.Transport): Promise<void> {
    try {
      const { iceParameters } = await request(this.#socket, 'media:restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters });
    } catch {
      void this.#restart('ice-failed');
    }
  }

  /** Start or stop sending a source later (the central point's slides, the presiding panel camera). */
  async setSource(source: MediaSource, track: MediaStreamTrack | undefined): Promise<void> {
    const local = (this.#opts.local ??= {});
    local[source] = track;
    await this.#own.stop(source);
    if (track && this.#send) await this.#own.send(this.#send, source, track);
  }

  /** The point joins: the sound held in the pre-flight starts flowing. */
  async release(): Promise<void> {
    this.#opts.holdAudio = false;
    await this.#received.release();
  }

  /**
   * Start sending the local sources given after setup (the point's camera and microphone once it
   * leaves the pre-flight): the send transport is made now if setup had nothing to send.
   */
  async addLocal(local: NonNullable<MediaClientOptions['local']>): Promise<void> {
    const generation = this.#generation;
    Object.assign((this.#opts.local ??= {}), local);
    await this.#ready.catch(() => undefined);
    // Not connected (a retry or a restart is under way): that setup sends them, from the options.
    if (!this.#device || this.#state !== 'connected' || generation !== this.#generation) return;
    if (!this.#send) this.#send = await this.#createSendTransport(generation);
    if (!this.#send || generation !== this.#generation) return;
    await this.#own.sendAll(this.#send, local);
  }

  #privateCheck: string | null = null;

  /** The organiser sees and hears this one point alone, outside the program; null ends it. */
  async privateCheck(pointId: string | null): Promise<void> {
    this.#privateCheck = pointId;
    await request(this.#socket, 'media:privateCheck', { pointId });
  }

  async setView(view: MediaViewRequest): Promise<void> {
    this.#opts.view = view;
    await request(this.#socket, 'media:setVisibleTiles', { minimised: [], loopback: false, ...view });
  }

  async #onPush(m: MediaPush): Promise<void> {
    switch (m.type) {
      case 'newConsumer': {
        const generation = this.#generation;
        const recv = this.#recv;
        if (recv) await this.#received.add(recv, m.consumer, () => generation === this.#generation);
        return;
      }
      case 'consumerClosed':
        return this.#received.remove(m.consumerId);
      case 'consumerPaused':
      case 'consumerResumed':
        return this.#received.setPaused(m.consumerId, m.type === 'consumerPaused');
      case 'plan':
        this.plan = { tiles: m.tiles, page: m.page, pageCount: m.pageCount };
        this.#emit('plan', this.plan);
        return;
      case 'health':
        this.health = m.report;
        this.#emit('health', this.health);
        return;
      case 'reset':
        return this.#restart(m.reason);
      case 'consumerLayers':
        return;
    }
  }

  #teardown(): void {
    this.#received.clear();
    this.#own.clear();
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
  }

  async #restart(reason: string): Promise<void> {
    if (this.#state === 'closed') return;
    const generation = ++this.#generation;
    this.recoveries++;
    this.#teardown();
    this.#setState('recovering', reason);
    this.#ready = this.#setupWithRetry(generation);
    await this.#ready;
  }

  close(): void {
    this.#generation++;
    this.#teardown();
    this.#setState('closed');
  }
}
